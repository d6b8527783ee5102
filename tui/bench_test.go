package tui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/bolt"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
)

// openLongIncident opens a store whose INC-1 has notes entries, written
// straight to the journal in large batches (dispatching them one by one
// would mean one fsync each) before the store opens it.
func openLongIncident(b *testing.B, notes int) *hub.Hub {
	b.Helper()
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "journal.db")
	j, err := bolt.Open(path)
	if err != nil {
		b.Fatalf("open journal: %v", err)
	}
	events := []*model.Event{{
		Seq: 1, ID: model.NewEventID(), Incident: "INC-1", Time: epoch, Actor: "alice",
		Data: model.Declared{Number: 1, Title: "Long-running incident", Severity: model.Sev2},
	}}
	for i := range notes {
		text := fmt.Sprintf("note %d: checked the dashboards again, nothing new", i)
		if i%10 == 0 {
			text += "\nsecond line\nthird line"
		}
		events = append(events, &model.Event{
			Seq: uint64(i + 2), ID: model.NewEventID(), Incident: "INC-1",
			Time: epoch.Add(time.Duration(i) * time.Second), Actor: "bob", Data: model.NotePosted{Text: text},
		})
	}
	for start := 0; start < len(events); start += 5000 {
		batch := events[start:min(start+5000, len(events))]
		if err := j.Append(ctx, uint64(start), batch); err != nil {
			b.Fatalf("append: %v", err)
		}
	}
	if err := j.Close(); err != nil {
		b.Fatalf("close journal: %v", err)
	}
	return storetest.OpenAt(b, path, hub.Options{Now: func() time.Time { return epoch }})
}

// BenchmarkRoomView measures a frame of a war room after a new note
// arrives, and after a resize redraws every visible entry, for a short and
// a very long timeline. The cost must not grow with the timeline.
func BenchmarkRoomView(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		s := openLongIncident(b, n)
		newRoom := func(b *testing.B) *app {
			m := New(Options{Store: s, Actor: alice, Now: func() time.Time { return epoch }}).(*app)
			m.Update(tea.EnvMsg{"TERM=xterm-256color"})
			m.Update(tea.WindowSizeMsg{Width: 160, Height: 48})
			m.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
			if m.room == nil || len(m.room.inc.Timeline) != n+1 {
				b.Fatal("not in the long room")
			}
			return m
		}
		b.Run(fmt.Sprintf("new-note/entries=%d", n), func(b *testing.B) {
			m := newRoom(b)
			state := s.Snapshot()
			b.ReportAllocs()
			for b.Loop() {
				b.StopTimer()
				ev := &model.Event{
					Seq: state.Seq + 1, Incident: "INC-1", Time: epoch, Actor: "carol",
					Data: model.NotePosted{Text: "one more"},
				}
				var err error
				if state, err = model.Apply(state, ev); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				m.Update(updateMsg{State: state})
				_ = m.View()
			}
		})
		b.Run(fmt.Sprintf("resize/entries=%d", n), func(b *testing.B) {
			m := newRoom(b)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				m.Update(tea.WindowSizeMsg{Width: 160 + i%2, Height: 48})
				_ = m.View()
			}
		})
	}
}
