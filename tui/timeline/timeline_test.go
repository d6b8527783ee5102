package timeline

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

var start = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

// notes returns n one-line notes "note 0" .. "note n-1", a minute apart.
func notes(n int) []model.Entry {
	out := make([]model.Entry, n)
	for i := range out {
		out[i] = model.Entry{
			Seq: uint64(i + 1), Time: start.Add(time.Duration(i) * time.Minute),
			Actor: "alice", Kind: model.KindNote, Text: fmt.Sprintf("note %d", i),
		}
	}
	return out
}

func newTimeline(width, height int, entries []model.Entry) *Model {
	m := New(style.New(themes.Plain()), time.UTC)
	m.SetSize(width, height)
	m.SetEntries(entries)
	return m
}

// screen returns the window's lines without styling.
func screen(m *Model) []string {
	return strings.Split(ansi.Strip(m.View()), "\n")
}

func TestFollowsNewestEntries(t *testing.T) {
	m := newTimeline(80, 3, notes(5))
	got := screen(m)
	if len(got) != 3 || !strings.HasSuffix(got[2], "note 4") || !strings.HasSuffix(got[0], "note 2") {
		t.Fatalf("window = %q, want notes 2..4", got)
	}
	m.SetEntries(notes(6))
	if got := screen(m); !strings.HasSuffix(got[2], "note 5") {
		t.Errorf("after a new entry the bottom line is %q, want note 5", got[2])
	}
}

func TestShortTimelineStartsAtTheTop(t *testing.T) {
	m := newTimeline(80, 4, notes(2))
	got := screen(m)
	if !strings.HasSuffix(got[0], "note 0") || !strings.HasSuffix(got[1], "note 1") || got[2] != "" || got[3] != "" {
		t.Errorf("window = %q, want two notes then blank lines", got)
	}
	m.PageUp()
	if !m.Following() {
		t.Error("scrolling back a timeline that fits stopped following")
	}
}

func TestScrollBackStaysAndCountsNewEntries(t *testing.T) {
	m := newTimeline(80, 3, notes(10))
	m.PageUp() // two lines back
	if m.Following() {
		t.Fatal("PageUp kept following")
	}
	if got := screen(m); !strings.HasSuffix(got[2], "note 7") {
		t.Fatalf("after PageUp the bottom is %q, want note 7", got[2])
	}
	if m.Unseen() != 0 {
		t.Errorf("Unseen = %d before anything new arrived", m.Unseen())
	}
	m.SetEntries(notes(13))
	if got := screen(m); !strings.HasSuffix(got[2], "note 7") {
		t.Errorf("new entries moved a scrolled-back window: bottom is %q", got[2])
	}
	if m.Unseen() != 3 {
		t.Errorf("Unseen = %d, want 3", m.Unseen())
	}
	m.PageDown()
	m.PageDown()
	if m.Unseen() != 1 {
		t.Errorf("after paging down to note 11, Unseen = %d, want 1", m.Unseen())
	}
	m.PageDown()
	if !m.Following() || m.Unseen() != 0 {
		t.Errorf("paging to the end: following %v, unseen %d", m.Following(), m.Unseen())
	}
}

func TestScrollStopsAtTheFirstEntry(t *testing.T) {
	m := newTimeline(80, 3, notes(10))
	for range 10 {
		m.PageUp()
	}
	got := screen(m)
	if !strings.HasSuffix(got[0], "note 0") || !strings.HasSuffix(got[2], "note 2") {
		t.Errorf("at the top the window is %q, want notes 0..2", got)
	}
	m.Follow()
	if got := screen(m); !strings.HasSuffix(got[2], "note 9") {
		t.Errorf("Follow shows %q at the bottom, want note 9", got[2])
	}
}

func TestMultiLineNotesWrapUnderTheText(t *testing.T) {
	entries := []model.Entry{{
		Seq: 1, Time: start, Actor: "bob", Kind: model.KindNote,
		Text: "first line\n" + strings.Repeat("word ", 20),
	}}
	m := newTimeline(40, 10, entries)
	got := screen(m)
	if !strings.HasPrefix(got[0], "09:30:00 bob") || !strings.HasSuffix(got[0], "first line") {
		t.Errorf("first line = %q", got[0])
	}
	indent := strings.Repeat(" ", len("09:30:00 ")+actorWidth+1)
	for i, l := range got[1:] {
		if l == "" {
			break
		}
		if !strings.HasPrefix(l, indent+"word") {
			t.Errorf("line %d = %q, want it indented under the text", i+1, l)
		}
		if w := ansi.StringWidth(l); w > 40 {
			t.Errorf("line %d is %d cells wide, window is 40", i+1, w)
		}
	}
}

func TestWideRunesNeverOverflow(t *testing.T) {
	entries := []model.Entry{{
		Seq: 1, Time: start, Actor: "名前がとても長いユーザー", Kind: model.KindNote,
		Text: strings.Repeat("障害が発生しました🔥", 12),
	}}
	for _, width := range []int{30, 37, 80} {
		m := newTimeline(width, 20, entries)
		for i, l := range screen(m) {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("width %d: line %d is %d cells: %q", width, i, w, l)
			}
		}
	}
}

func TestChangesReadDifferentlyFromNotes(t *testing.T) {
	entries := []model.Entry{
		{Seq: 1, Time: start, Actor: "alice", Kind: model.KindDeclared, Text: "declared SEV2: db down"},
		{Seq: 2, Time: start, Actor: "alice", Kind: model.KindNote, Text: "looking"},
	}
	got := screen(newTimeline(80, 2, entries))
	if !strings.Contains(got[0], changeMarker+"declared") || strings.Contains(got[1], changeMarker) {
		t.Errorf("window = %q: want the change marked and the note not", got)
	}
}

func TestDatesWhenAsked(t *testing.T) {
	m := newTimeline(80, 1, notes(1))
	m.SetShowDates(true)
	if got := screen(m)[0]; !strings.HasPrefix(got, "Mar 14 09:30:00 alice") {
		t.Errorf("with dates the line is %q", got)
	}
}

func TestCacheStaysBounded(t *testing.T) {
	m := newTimeline(80, 50, notes(20000))
	for range 1000 {
		m.PageUp()
		m.View()
	}
	if len(m.cache) > maxCachedEntries {
		t.Errorf("cache holds %d entries, limit %d", len(m.cache), maxCachedEntries)
	}
}

func TestDegenerateSizes(t *testing.T) {
	for _, size := range [][2]int{{0, 0}, {1, 1}, {5, 2}, {0, 10}, {10, 0}} {
		m := newTimeline(size[0], size[1], notes(3))
		m.PageUp()
		m.ScrollDown(5)
		if got := strings.Count(m.View(), "\n") + 1; size[1] > 0 && got != size[1] {
			t.Errorf("%dx%d: %d lines", size[0], size[1], got)
		}
	}
	m := newTimeline(80, 5, nil)
	m.PageUp()
	if got := m.View(); strings.TrimSpace(got) != "" {
		t.Errorf("empty timeline shows %q", got)
	}
}

func BenchmarkView(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		entries := notes(n)
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			m := newTimeline(120, 40, entries)
			for i := 0; b.Loop(); i++ {
				m.SetSize(120+i%2, 40) // a new width re-renders every visible entry
				m.View()
			}
		})
	}
}
