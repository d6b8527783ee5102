package timeline

import (
	"slices"
	"testing"
	"time"

	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

// Timelines that share rendered rows still each show what their own
// width, pins and time zone say; those that agree show the same lines.
func TestTimelinesSharingRowsShowTheirOwnView(t *testing.T) {
	shared := NewRows()
	st := style.New(themes.Dark())
	tokyo := time.FixedZone("JST", 9*3600)
	open := func(width int, loc *time.Location, pinned map[uint64]bool) *Model {
		m := New(st, loc, shared)
		m.SetSize(width, 5)
		m.SetEntries(notes(30))
		m.SetPinned(pinned)
		return m
	}
	want := func(width int, loc *time.Location, pinned map[uint64]bool) []string {
		m := New(st, loc, nil) // renders everything itself
		m.SetSize(width, 5)
		m.SetEntries(notes(30))
		m.SetPinned(pinned)
		return screen(m)
	}
	cases := []struct {
		name   string
		width  int
		loc    *time.Location
		pinned map[uint64]bool
	}{
		{"first", 80, time.UTC, nil},
		{"the same again", 80, time.UTC, nil},
		{"narrower", 50, time.UTC, nil},
		{"another time zone", 80, tokyo, nil},
		{"a pin", 80, time.UTC, map[uint64]bool{29: true}},
	}
	for _, tc := range cases {
		if got, want := screen(open(tc.width, tc.loc, tc.pinned)), want(tc.width, tc.loc, tc.pinned); !slices.Equal(got, want) {
			t.Errorf("%s: the timeline shows\n%q\nwant\n%q", tc.name, got, want)
		}
	}
}
