package timeline

import (
	"fmt"
	"slices"
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
	m := New(style.New(themes.Plain()), time.UTC, nil)
	m.SetSize(width, height)
	m.SetEntries(entries)
	return m
}

// screen is the window as a reader sees it, without the padding that makes
// every line the window's width.
func screen(m *Model) []string {
	lines := strings.Split(ansi.Strip(m.View()), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
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
	m := newTimeline(50, 10, entries)
	got := screen(m)
	if !strings.HasPrefix(got[0], "#1   09:30:00 bob") || !strings.HasSuffix(got[0], "first line") {
		t.Errorf("first line = %q", got[0])
	}
	indent := strings.Repeat(" ", len("#1   09:30:00 ")+actorWidth+1)
	for i, l := range got[1:] {
		if l == "" {
			break
		}
		if !strings.HasPrefix(l, indent+"word") {
			t.Errorf("line %d = %q, want it indented under the text", i+1, l)
		}
		if w := ansi.StringWidth(l); w > 50 {
			t.Errorf("line %d is %d cells wide, window is 50", i+1, w)
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
	if got := screen(m)[0]; !strings.HasPrefix(got, "#1   Mar 14 09:30:00 alice") {
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

// history returns n entries of every sort, a minute apart: the
// declaration, then a change every fifth entry, a stakeholder update every
// seventh, notes otherwise. Each text ends with the entry's index.
func history(n int) []model.Entry {
	out := make([]model.Entry, n)
	for i := range out {
		kind, text := model.KindNote, fmt.Sprintf("note %d", i)
		switch {
		case i == 0:
			kind, text = model.KindDeclared, "declared SEV2: db down 0"
		case i%5 == 0:
			kind, text = model.KindStatus, fmt.Sprintf("status investigating %d", i)
		case i%7 == 0:
			kind, text = model.KindUpdate, fmt.Sprintf("we are on it %d", i)
		}
		out[i] = model.Entry{
			Seq: uint64(i + 1), Time: start.Add(time.Duration(i) * time.Minute),
			Actor: "alice", Kind: kind, Text: text,
		}
	}
	return out
}

// pins returns a pin set of the entries numbered numbers.
func pins(numbers ...int) map[uint64]bool {
	out := map[uint64]bool{}
	for _, n := range numbers {
		out[uint64(n)] = true // history and notes number entry Seq n as n
	}
	return out
}

// shownNumbers returns the entry numbers on screen, top to bottom, read
// from the number column of each entry's first line.
func shownNumbers(m *Model) []int {
	var out []int
	for _, l := range screen(m) {
		var n int
		if _, err := fmt.Sscanf(strings.TrimSpace(l), "#%d", &n); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// lineOf returns the screen line that shows the entry numbered n.
func lineOf(t *testing.T, m *Model, n int) string {
	t.Helper()
	for _, l := range screen(m) {
		if f := strings.Fields(l); len(f) > 0 && f[0] == fmt.Sprintf("#%d", n) {
			return l
		}
	}
	t.Fatalf("entry %d is not on screen: %q", n, screen(m))
	return ""
}

func TestEntriesShowTheirNumbers(t *testing.T) {
	m := newTimeline(80, 12, notes(12))
	if got, want := shownNumbers(m), []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; !slices.Equal(got, want) {
		t.Errorf("numbers on screen %v, want %v", got, want)
	}
	// Right-aligned, so the times line up under each other.
	if got := screen(m); !strings.HasPrefix(got[0], " #1   09:30:00") || !strings.HasPrefix(got[11], "#12   09:41:00") {
		t.Errorf("window = %q", got)
	}
}

func TestPinnedEntriesAreMarked(t *testing.T) {
	m := newTimeline(80, 12, notes(12))
	m.SetPinned(pins(3, 11))
	for n := 1; n <= 12; n++ {
		marked := strings.HasPrefix(strings.TrimSpace(lineOf(t, m, n)), fmt.Sprintf("#%d %s ", n, pinMarker))
		if want := n == 3 || n == 11; marked != want {
			t.Errorf("entry %d: pin marker %v, want %v: %q", n, marked, want, lineOf(t, m, n))
		}
	}

	dark := New(style.New(themes.Dark()), time.UTC, nil)
	dark.SetSize(80, 3)
	dark.SetEntries(notes(3))
	dark.SetPinned(pins(2))
	if !strings.Contains(dark.View(), dark.styles.Warn.Render(pinMarker)) {
		t.Error("the pin marker is not drawn in the Warn style")
	}
}

func TestChangingPinsRedrawsOnlyThoseEntries(t *testing.T) {
	m := newTimeline(80, 10, notes(10))
	m.SetPinned(pins(4))
	m.View()
	before := map[uint64]*string{}
	for seq, ls := range m.cache {
		before[seq] = &ls[0]
	}

	m.SetPinned(pins(4))
	if !m.fresh {
		t.Error("the same pins again made the window draw anew")
	}
	m.SetPinned(pins(4, 7))
	if !strings.Contains(lineOf(t, m, 7), pinMarker) {
		t.Errorf("entry 7 pinned shows %q", lineOf(t, m, 7))
	}
	for seq, first := range before {
		if ls, ok := m.cache[seq]; !ok || &ls[0] != first {
			if seq != 7 {
				t.Errorf("pinning entry 7 rendered entry %d again", seq)
			}
		}
	}
	m.SetPinned(pins(7))
	if strings.Contains(lineOf(t, m, 4), pinMarker) || !strings.Contains(lineOf(t, m, 7), pinMarker) {
		t.Errorf("after unpinning 4: %q", screen(m))
	}
}

func TestStakeholderUpdatesAreLabelled(t *testing.T) {
	entries := []model.Entry{
		{Seq: 1, Time: start, Actor: "alice", Kind: model.KindDeclared, Text: "declared SEV2: db down"},
		{Seq: 2, Time: start, Actor: "carol", Kind: model.KindUpdate, Text: "we are investigating"},
		{Seq: 3, Time: start, Actor: "bob", Kind: model.KindNote, Text: "update the runbook"},
	}
	m := newTimeline(80, 3, entries)
	got := screen(m)
	if !strings.HasSuffix(got[1], "carol        "+updateLabel+" we are investigating") || strings.Contains(got[1], changeMarker) {
		t.Errorf("update reads %q, want it labelled and not marked as a change", got[1])
	}
	if !strings.HasSuffix(got[2], "bob          update the runbook") {
		t.Errorf("a note that starts with the word reads %q", got[2])
	}

	dark := New(style.New(themes.Dark()), time.UTC, nil)
	dark.SetSize(80, 3)
	dark.SetEntries(entries)
	lines := strings.Split(dark.View(), "\n")
	label := dark.styles.Badge.UnsetPadding().Render(updateLabel)
	if !strings.Contains(lines[1], label) || strings.Contains(lines[2], label) {
		t.Errorf("only the update should carry the badge: %q", lines)
	}
}

func TestLinesNeverExceedTheWidth(t *testing.T) {
	entries := history(120)
	entries[7].Actor = "名前がとても長いユーザー"
	entries[14].Text = strings.Repeat("障害が発生しました🔥 ", 20)
	entries[21].Text = strings.Repeat("x", 300)
	for _, width := range []int{1, 12, 30, 37, 80, 81, 160} {
		for f := All; f <= Changes; f++ {
			for _, dates := range []bool{false, true} {
				m := newTimeline(width, 24, entries)
				m.SetPinned(pins(7, 14, 21, 100))
				m.SetShowDates(dates)
				m.SetFilter(f)
				m.SetFocused(true)
				for step := range 40 {
					lines := strings.Split(m.View(), "\n")
					if len(lines) != 24 {
						t.Fatalf("width %d, %v: %d lines, want 24", width, f, len(lines))
					}
					for i, l := range lines {
						if w := ansi.StringWidth(l); w != width {
							t.Fatalf("width %d, filter %v, dates %v, step %d: line %d is %d cells: %q", width, f, dates, step, i, w, ansi.Strip(l))
						}
					}
					m.SelectUp()
				}
			}
		}
	}
}
