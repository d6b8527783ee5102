package timeline

import (
	"github.com/charmbracelet/x/ansi"
	"slices"
	"strings"
	"testing"
)

// highlighted returns the indices of the screen lines drawn in the
// Selected style.
func highlighted(m *Model) []int {
	open, _, _ := strings.Cut(m.styles.Selected.Render("x"), "x")
	var out []int
	for i, l := range strings.Split(m.View(), "\n") {
		if strings.HasPrefix(l, open) {
			out = append(out, i)
		}
	}
	return out
}

func focusedTimeline(width, height, entries int) *Model {
	m := newTimeline(width, height, notes(entries))
	m.SetFocused(true)
	return m
}

func TestSelectionStartsAtTheNewestEntry(t *testing.T) {
	m := newTimeline(80, 3, notes(10))
	if _, _, ok := m.Selected(); ok || len(highlighted(m)) != 0 {
		t.Fatal("an unfocused timeline has a selection")
	}
	m.SetFocused(true)
	e, n, ok := m.Selected()
	if !ok || n != 10 || e.Text != "note 9" {
		t.Errorf("Selected = %q, %d, %v; want note 9, number 10", e.Text, n, ok)
	}
	if got := highlighted(m); !slices.Equal(got, []int{2}) {
		t.Errorf("highlighted lines %v, want the bottom one", got)
	}
	if got := strings.Split(ansi.Strip(m.View()), "\n")[2]; !strings.HasPrefix(got, "#10   09:39:00 alice") || len(got) != 80 {
		t.Errorf("the selected line reads %q, want it whole and as wide as the window", got)
	}
	m.SetFocused(false)
	if len(highlighted(m)) != 0 {
		t.Error("the highlight stayed after the timeline lost focus")
	}
}

func TestSelectionMovesAndScrolls(t *testing.T) {
	m := focusedTimeline(80, 3, 10)
	m.SelectUp()
	if m.selectedNumber() != 9 || m.Following() {
		t.Errorf("after one step up: entry %d selected, following %v", m.selectedNumber(), m.Following())
	}
	if got := highlighted(m); !slices.Equal(got, []int{1}) {
		t.Errorf("highlighted lines %v, want the middle one", got)
	}
	m.SelectUp()
	m.SelectUp() // entry 7, above the window of 8..10
	if got := shownNumbers(m); !slices.Equal(got, []int{7, 8, 9}) || !slices.Equal(highlighted(m), []int{0}) {
		t.Errorf("selecting entry 7 shows %v with lines %v highlighted", got, highlighted(m))
	}
	for range 20 {
		m.SelectUp()
	}
	if m.selectedNumber() != 1 || !slices.Equal(shownNumbers(m), []int{1, 2, 3}) {
		t.Errorf("at the top entry %d is selected in %v", m.selectedNumber(), shownNumbers(m))
	}
	m.SelectDown()
	if m.selectedNumber() != 2 || !slices.Equal(shownNumbers(m), []int{1, 2, 3}) {
		t.Errorf("one down: entry %d selected in %v", m.selectedNumber(), shownNumbers(m))
	}
}

func TestFollowingResumesAtTheNewestEntry(t *testing.T) {
	m := focusedTimeline(80, 3, 10)
	m.SelectUp()
	m.SelectUp()
	m.SetEntries(notes(12))
	if got := shownNumbers(m); !slices.Equal(got, []int{8, 9, 10}) || m.Unseen() != 2 {
		t.Errorf("new entries with an older one selected: window %v, unseen %d", got, m.Unseen())
	}
	for range 3 {
		m.SelectDown()
	}
	if m.selectedNumber() != 11 || m.Following() {
		t.Errorf("one short of the newest: entry %d selected, following %v", m.selectedNumber(), m.Following())
	}
	m.SelectDown()
	if m.selectedNumber() != 12 || !m.Following() || m.Unseen() != 0 {
		t.Errorf("at the newest: entry %d selected, following %v, unseen %d", m.selectedNumber(), m.Following(), m.Unseen())
	}
	m.SetEntries(notes(13))
	if m.selectedNumber() != 13 || !slices.Equal(highlighted(m), []int{2}) {
		t.Errorf("following, the selection is on entry %d, lines %v", m.selectedNumber(), highlighted(m))
	}

	m.SelectUp()
	m.Follow()
	if m.selectedNumber() != 13 || !m.Following() {
		t.Errorf("Follow selected entry %d, following %v", m.selectedNumber(), m.Following())
	}
}

func TestScrollingKeepsTheSelectionOnScreen(t *testing.T) {
	m := focusedTimeline(80, 5, 20)
	m.PageUp() // entries 12..16
	if got := m.selectedNumber(); got != 16 || !slices.Equal(highlighted(m), []int{4}) {
		t.Errorf("a page back selects entry %d, lines %v; want the bottom one, 16", got, highlighted(m))
	}
	m.SelectUp()
	m.SelectUp()
	m.SelectUp()
	m.SelectUp() // entry 12, at the top
	m.ScrollDown(2)
	if got := m.selectedNumber(); got != 14 {
		t.Errorf("scrolled past the selection, entry %d is selected, want the top one, 14", got)
	}
	m.PageDown()
	if !m.Following() || m.selectedNumber() != 20 {
		t.Errorf("paging to the end: following %v, entry %d selected", m.Following(), m.selectedNumber())
	}
}

func TestFocusingWhileScrolledBackSelectsTheNewestOnScreen(t *testing.T) {
	m := newTimeline(80, 5, notes(20))
	m.PageUp()
	m.SetFocused(true)
	if got := m.selectedNumber(); got != 16 || m.Following() {
		t.Errorf("focused after a page back: entry %d selected, following %v", got, m.Following())
	}
}

func TestSelectingATallEntryShowsItsFirstLine(t *testing.T) {
	entries := notes(6)
	entries[2].Text = strings.Repeat("word ", 40) // about 15 lines at this width
	m := newTimeline(40, 3, entries)
	m.SetFocused(true)
	m.SelectUp()
	m.SelectUp()
	m.SelectUp()
	if got := highlighted(m); m.selectedNumber() != 3 || !slices.Equal(got, []int{0}) {
		t.Errorf("entry %d selected, lines %v highlighted; want 3 with its first line at the top", m.selectedNumber(), got)
	}
	m.SelectUp()
	m.SelectDown()
	if got := highlighted(m); !slices.Equal(got, []int{0}) {
		t.Errorf("coming back down to the tall entry, lines %v are highlighted", got)
	}
}

// Held, the selection stays on its entry when new ones arrive: pinning the
// newest entry adds one, and p again must unpin the same entry.
func TestHoldKeepsTheSelectionOnItsEntry(t *testing.T) {
	m := focusedTimeline(80, 5, 3)
	m.Hold()
	m.SetEntries(notes(4))
	if _, n, _ := m.Selected(); n != 3 {
		t.Errorf("after a new entry the selection is on #%d, want #3", n)
	}
	if got := screen(m); got[3] == "" || !strings.Contains(got[3], "note 3") {
		t.Errorf("the new entry should show in the blank lines below, screen %q", got)
	}
}

// Scrolled back in a timeline that fits the window, new entries appear in
// the blank lines instead of waiting behind "new ↓".
func TestNewEntriesFillBlankLinesWhileScrolledBack(t *testing.T) {
	m := focusedTimeline(80, 6, 3)
	m.SelectUp()
	m.SetEntries(notes(5))
	if got := screen(m); !strings.Contains(got[4], "note 4") || m.Unseen() != 0 {
		t.Errorf("screen %q with %d unseen; want note 4 on line 5 and none unseen", got, m.Unseen())
	}
	m.SetEntries(notes(9))
	if m.Unseen() != 3 {
		t.Errorf("past the window's height %d entries are unseen, want 3", m.Unseen())
	}
}
