package panes

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
)

// boundsNows are moments that change what the panes show: the live
// countdowns, the top level overdue, an hour-long countdown, a due day
// past.
var boundsNows = []time.Time{now, at("2026-11-28 09:25:42"), at("2026-11-28 07:00:00"), at("2027-01-02 10:00:00")}

// Every pane, in every theme, focused or not, with the selection anywhere,
// fits exactly the box it is given, down to one cell.
func TestPanesNeverExceedTheirBox(t *testing.T) {
	s := addWarRoom(pastIncident(t))
	// Long names and wide runes in every column.
	s.at("2026-11-28 09:21:00").do("alice",
		model.AddAction{Incident: "INC-2", Title: strings.Repeat("長い題名🔥", 20), Owner: "a-very-long-user-name-for-tests", Due: day("2027-03-01"), Kind: model.ActionFollowUp},
		model.AssignRole{Incident: "INC-2", Role: "comms", User: "a-very-long-user-name-for-tests"},
	)
	inc := s.incident("INC-2")
	for _, th := range themed {
		st := th.styles()
		panes := []Pane{NewRoles(st, true), NewLadder(st, true), NewActions(st, true)}
		for _, p := range panes {
			p.SetIncident(inc, s.state.Rules())
		}
		f := NewFollowups(st, true)
		f.SetState(s.state, "alice")
		for width := 0; width <= 80; width++ {
			for height := 0; height <= 12; height++ {
				// Each size meets one of the moments; together they meet
				// them all, focused and not.
				i := (width + height) % len(boundsNows)
				at, focused := boundsNows[i], width%2 == 0
				// The selection walks down the lists and back up.
				walk := "down"
				if width/8%2 == 1 {
					walk = "up"
				}
				for _, p := range panes {
					if err := boundsError(p.View(width, height, at, focused), width, height); err != nil {
						t.Fatalf("%s %s at now#%d: %v", th.name, p.Title(), i, err)
					}
					p.HandleKey(press(walk), "alice")
				}
				if err := boundsError(f.View(width, height, at), width, height); err != nil {
					t.Fatalf("%s follow-ups at now#%d: %v", th.name, i, err)
				}
				f.HandleKey(press(walk))
			}
		}
	}
}

// A pane whose incident is not in the state yet draws an empty box.
func TestPanesWithoutIncident(t *testing.T) {
	for _, th := range themed {
		st := th.styles()
		for _, p := range []Pane{NewRoles(st, true), NewLadder(st, true), NewActions(st, true)} {
			p.SetIncident(nil, nil)
			checkBounds(t, p.View(30, 4, now, true), 30, 4)
			for _, k := range []string{"t", "u", "e", "a", "x", "s", "o", "down"} {
				if cmd, _ := p.HandleKey(press(k), "alice"); cmd != nil {
					t.Errorf("%s: key %q without an incident gave %#v", p.Title(), k, cmd)
				}
			}
		}
	}
}

// Without colour (NO_COLOR) the panes send no colour at all, and what
// matters still stands out by attributes: the selection, the IC, what is
// settled.
func TestPlainThemeUsesAttributesOnly(t *testing.T) {
	st := themed[1].styles()
	s := addWarRoom(pastIncident(t))
	inc := s.incident("INC-2")
	var views []string
	for _, p := range []Pane{NewRoles(st, true), NewLadder(st, true), NewActions(st, true)} {
		p.SetIncident(inc, s.state.Rules())
		views = append(views, p.View(60, 14, now, true))
	}
	f := NewFollowups(st, true)
	f.SetState(s.state, "alice")
	views = append(views, f.View(80, 14, now))
	for _, v := range views {
		if strings.Contains(v, "38;") || strings.Contains(v, "48;") {
			t.Errorf("plain view carries colour: %q", v)
		}
	}
	roles := views[0]
	for _, want := range []string{st.Selected.Render("Incident Commander  alice" + strings.Repeat(" ", 35)), st.Settled.Render("vacant")} {
		if ansi.Strip(want) == want || !strings.Contains(roles, want) {
			t.Errorf("roles view lacks the attribute-marked %q:\n%q", ansi.Strip(want), roles)
		}
	}
	if bold := st.Lead.Render("Scribe"); ansi.Strip(bold) == bold {
		t.Error("the IC's style has no attribute without colour")
	}
}
