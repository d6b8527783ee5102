package timeline

import (
	"slices"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
)

// numbersWhere returns the numbers of the entries keep selects, oldest
// first: what a filtered timeline should show, found the slow way.
func numbersWhere(entries []model.Entry, keep func(model.Entry) bool) []int {
	var out []int
	for i, e := range entries {
		if keep(e) {
			out = append(out, i+1)
		}
	}
	return out
}

// newest returns the last k of numbers.
func newest(numbers []int, k int) []int { return numbers[max(len(numbers)-k, 0):] }

func TestFiltersOnALongHistory(t *testing.T) {
	const n, height = 100_000, 10
	all := history(n + 30)
	var pinned map[uint64]bool
	cases := []struct {
		filter Filter
		keep   func(model.Entry) bool
	}{
		{Pinned, func(e model.Entry) bool { return pinned[e.Seq] }},
		{Notes, model.Entry.IsNote},
		{Changes, func(e model.Entry) bool { return !e.IsNote() }},
		{All, func(model.Entry) bool { return true }},
	}
	for _, c := range cases {
		t.Run(c.filter.String(), func(t *testing.T) {
			pinned = pins(1, 500, 50_000, 99_990, 99_995)
			m := newTimeline(80, height, all[:n])
			m.SetPinned(pinned)
			m.SetFilter(c.filter)
			want := numbersWhere(all[:n], c.keep)
			if got := shownNumbers(m); !slices.Equal(got, newest(want, height)) {
				t.Fatalf("window shows %v, want the newest of %d matching entries", got, len(want))
			}

			m.PageUp()
			if got, end := shownNumbers(m), len(want)-height+1; len(want) > height && !slices.Equal(got, want[end-height:end]) {
				t.Errorf("a page back shows %v, want %v", got, want[end-height:end])
			}
			m.Follow()

			// New entries, checked as they arrive; one of them pinned.
			pinned = pins(1, 500, 50_000, 99_990, 99_995, n+12)
			m.SetEntries(all[:n+30])
			m.SetPinned(pinned)
			want = numbersWhere(all[:n+30], c.keep)
			if got := shownNumbers(m); !slices.Equal(got, newest(want, height)) {
				t.Errorf("after 30 new entries the window shows %v, want %v", got, newest(want, height))
			}
		})
	}
}

func TestNewEntriesBelowAFilteredWindowCountOnlyIfShown(t *testing.T) {
	all := history(130)
	m := newTimeline(80, 5, all[:100])
	m.SetFilter(Notes)
	m.PageUp()
	m.SetEntries(all[:130])
	want := len(numbersWhere(all[100:], model.Entry.IsNote))
	if got := m.Unseen(); got != want {
		t.Errorf("Unseen = %d, want the %d new notes", got, want)
	}
	m.SetFilter(All)
	if got := m.Unseen(); got != 30 {
		t.Errorf("under no filter Unseen = %d, want all 30 new entries", got)
	}
}

func TestAnEmptyFilterSaysSo(t *testing.T) {
	m := newTimeline(80, 3, notes(20))
	m.SetFilter(Pinned)
	got := screen(m)
	if got[0] != "no pinned entries — p pins the selected entry" || got[1] != "" {
		t.Errorf("window = %q", got)
	}
	m.SetPinned(pins(4))
	if got := shownNumbers(m); !slices.Equal(got, []int{4}) {
		t.Errorf("after pinning entry 4 the window shows %v", got)
	}
	m.SetPinned(nil)
	if got := screen(m)[0]; !strings.HasPrefix(got, "no pinned entries") {
		t.Errorf("after unpinning the window starts %q", got)
	}
	m.SetFilter(Changes)
	if got := screen(m)[0]; got != "no changes yet" {
		t.Errorf("with no changes the window starts %q", got)
	}
	if got := screen(newTimeline(12, 2, nil))[0]; got != "" {
		t.Errorf("an empty timeline under no filter shows %q", got)
	}
}

func TestAFilterKeepsTheReaderInPlace(t *testing.T) {
	m := newTimeline(80, 5, history(200))
	m.SetFocused(true)
	for m.selectedNumber() != 102 { // a note, mid-history
		m.SelectUp()
	}
	m.SetFilter(Notes)
	if got := m.selectedNumber(); got != 102 {
		t.Errorf("under the notes filter entry %d is selected, want 102", got)
	}
	m.SetFilter(Changes) // entry 102 is hidden: the change before it
	if got := m.selectedNumber(); got != 101 {
		t.Errorf("under the changes filter entry %d is selected, want 101", got)
	}
	if !slices.Contains(shownNumbers(m), 101) || m.Following() {
		t.Errorf("window %v, following %v: want entry 101 on screen, scrolled back", shownNumbers(m), m.Following())
	}
	m.SetFilter(All)
	if got := m.selectedNumber(); got != 101 {
		t.Errorf("back to all, entry %d is selected, want 101", got)
	}
}

func TestUnpinningUnderThePinnedFilterKeepsTheWindow(t *testing.T) {
	m := newTimeline(80, 3, notes(50))
	m.SetPinned(pins(5, 10, 15, 20, 25, 30, 35))
	m.SetFilter(Pinned)
	m.ScrollUp(2) // entries 15..25 on screen
	m.SetPinned(pins(5, 15, 20, 25, 30, 35))
	if got := shownNumbers(m); !slices.Equal(got, []int{15, 20, 25}) {
		t.Errorf("unpinning an entry above the window moved it: %v", got)
	}
	m.SetPinned(pins(5, 15, 30, 35))
	if got := shownNumbers(m); !slices.Equal(got, []int{5, 15, 30}) || m.Following() {
		t.Errorf("unpinning the entries on screen: window %v, following %v", got, m.Following())
	}
}

func TestParseFilter(t *testing.T) {
	for _, name := range FilterNames() {
		f, err := ParseFilter(" " + strings.ToUpper(name) + " ")
		if err != nil || f.String() != name {
			t.Errorf("ParseFilter(%q) = %v, %v", name, f, err)
		}
	}
	if _, err := ParseFilter("pins\x1b[31m"); model.ErrorCode(err) != model.CodeInvalid ||
		!strings.Contains(model.ErrorMessage(err), "all, pinned, notes, changes") || strings.Contains(err.Error(), "\x1b") {
		t.Errorf("an unknown filter gives %v", err)
	}
}

// selectedNumber is the selected entry's number, 0 when none is.
func (m *Model) selectedNumber() int {
	_, n, _ := m.Selected()
	return n
}
