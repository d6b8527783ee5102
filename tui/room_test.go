package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
)

func TestScrolledBackRoomCountsNewEntries(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	dispatch(t, s, alice, model.Declare{Title: "Busy incident", Severity: model.Sev2})
	for i := range 40 {
		dispatch(t, s, bob, model.PostNote{Incident: "INC-1", Text: fmt.Sprintf("update %02d", i)})
	}
	m := newApp(t, s, alice, clock)
	sendAll(m, press(t, m.keys.Join))
	view := func() string { return ansi.Strip(m.View().Content) }
	if !strings.Contains(view(), "update 39") {
		t.Fatalf("the room does not start at the newest entry:\n%s", view())
	}

	sendAll(m, tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if v := view(); strings.Contains(v, "update 39") || !strings.Contains(v, "scrolled back") {
		t.Fatalf("after the wheel:\n%s", v)
	}
	dispatch(t, s, bob, model.PostNote{Incident: "INC-1", Text: "update 40"})
	dispatch(t, s, bob, model.PostNote{Incident: "INC-1", Text: "update 41"})
	syncState(m, s)
	if v := view(); strings.Contains(v, "update 41") || !strings.Contains(v, "2 new ↓") {
		t.Fatalf("new entries while scrolled back:\n%s", v)
	}
	sendAll(m, press(t, m.keys.PageUp), press(t, m.keys.PageDown))
	if !strings.Contains(view(), "2 new ↓") {
		t.Errorf("paging kept the window above the new entries but lost the count:\n%s", view())
	}
	sendAll(m, press(t, m.keys.Follow))
	if v := view(); !strings.Contains(v, "update 41") || strings.Contains(v, "new ↓") {
		t.Errorf("end did not return to following:\n%s", v)
	}
	sendAll(m, tea.MouseWheelMsg{Button: tea.MouseWheelUp}, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if !m.room.timeline.Following() {
		t.Error("wheel down to the end did not follow again")
	}
}

func TestRoomViewUsesAltScreenAndWheel(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	if v := m.View(); !v.AltScreen || v.MouseMode != tea.MouseModeNone {
		t.Errorf("list: alt screen %v, mouse %v", v.AltScreen, v.MouseMode)
	}
	sendAll(m, press(t, m.keys.Join))
	v := m.View()
	if !v.AltScreen || v.MouseMode != tea.MouseModeCellMotion {
		t.Errorf("room: alt screen %v, mouse %v", v.AltScreen, v.MouseMode)
	}
	if v.Cursor == nil || v.Cursor.Y != 22 || v.Cursor.X != 2 {
		t.Errorf("room cursor %+v, want at the input, 2,22", v.Cursor)
	}
}

func TestDatesShowWhenAnIncidentSpansDays(t *testing.T) {
	day := time.Date(2025, 3, 14, 22, 0, 0, 0, time.UTC)
	sameDay := model.Incident{DeclaredAt: day, UpdatedAt: day.Add(time.Hour), Status: model.StatusTriage}
	resolved := sameDay
	resolved.Status = model.StatusResolved
	pastMidnight := sameDay
	pastMidnight.UpdatedAt = day.Add(3 * time.Hour)
	tests := []struct {
		name string
		inc  model.Incident
		now  time.Time
		want bool
	}{
		{"same day", sameDay, day.Add(90 * time.Minute), false},
		{"open past midnight", sameDay, day.Add(3 * time.Hour), true},
		{"entries past midnight", pastMidnight, day.Add(3 * time.Hour), true},
		{"resolved the same day, read days later", resolved, day.Add(72 * time.Hour), false},
		{"midnight in the reader's zone", resolved, day.In(time.FixedZone("UTC+1", 3600)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := spansDays(&tt.inc, tt.now); got != tt.want {
				t.Errorf("spansDays = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestListElapsedFollowsTheClock(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, bystander, clock)
	row := func(id string) string {
		for _, l := range strings.Split(ansi.Strip(m.View().Content), "\n") {
			if strings.Contains(l, id+" ") {
				return l
			}
		}
		return ""
	}
	if !strings.Contains(row("INC-4"), "<1m") {
		t.Fatalf("INC-4 row: %q", row("INC-4"))
	}
	clock.Set(epoch.Add(20 * time.Second))
	sendAll(m, tickMsg{id: m.ticks.id})
	if !strings.Contains(row("INC-4"), " 1m ") {
		t.Errorf("a minute in, INC-4 row: %q", row("INC-4"))
	}
	if want := epoch.Add(30 * time.Second); !m.ticks.due.Equal(want) {
		t.Errorf("next list tick due %v, want %v (INC-3 turning 13m)", m.ticks.due, want)
	}
}
