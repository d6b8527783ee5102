package tui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/warroom/warroom/model"
)

// The war room of a rich incident, as its IC sees it: each tab of the
// narrow layout at 80x24 and the wide layout at 160x48. A theme changes
// colours, never the text, so the default theme and the one the IC chose
// (high contrast, from her prefs) must both draw the same golden, colour
// stripped. Refresh with -update, then read them.
func TestGoldenWarRoom(t *testing.T) {
	views := []struct {
		name          string
		width, height int
		tabs          int    // presses of tab after entering the room
		want          string // on screen once the view is drawn
	}{
		{"80x24-timeline", 80, 24, 0, "Rollback started"},
		{"80x24-roles", 80, 24, 2, "Communications Lead carol"},
		{"80x24-ladder", 80, 24, 3, "policy default"},
		{"80x24-actions", 80, 24, 4, "Write the post-incident review"},
		{"160x48", 160, 48, 0, "Write the post-incident rev"},
	}
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			for _, theme := range []string{"", "high-contrast"} {
				clock := newClock()
				s := openWarStore(t, clock)
				seedNight(t, s, clock)
				want := "dark"
				if theme != "" {
					dispatch(t, s, alice, model.SetTheme{Theme: theme})
					want = theme
				}
				m := New(sessionOptions(t, s, alice, clock))
				if got := m.(*app).theme.Name; got != want {
					t.Fatalf("alice's session starts in %q, want %q", got, want)
				}
				term := startTerminal(t, m, v.width, v.height)
				term.waitFor("INC-1")
				term.send(enterKey)
				term.waitFor("here: alice, bob")
				for range v.tabs {
					term.send(tabKey)
				}
				golden.RequireEqual(t, term.settled(v.want))
			}
		})
	}
}
