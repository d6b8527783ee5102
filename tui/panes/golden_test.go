package panes

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/warroom/warroom/tui/style"
)

// eachGolden runs view at every golden size in every theme, and compares
// it, colour stripped, with testdata/<test>/<size>.golden (refresh with go
// test -update): a theme changes colours and attributes, never the text.
func eachGolden(t *testing.T, view func(st *style.Styles, width, height int) string) {
	for _, size := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			var first string
			for i, th := range themed {
				out := view(th.styles(), size[0], size[1])
				checkBounds(t, out, size[0], size[1])
				if i == 0 {
					first = ansi.Strip(out)
				} else if ansi.Strip(out) != first {
					t.Errorf("the %s theme changes the text:\n%s\nwant (as %s):\n%s", th.name, ansi.Strip(out), themed[0].name, first)
				}
			}
			golden.RequireEqual(t, first)
		})
	}
}

func TestGoldenRoles(t *testing.T) {
	s := warRoom(t)
	eachGolden(t, func(st *style.Styles, width, height int) string {
		p := NewRoles(st, true)
		p.SetIncident(s.incident("INC-1"), s.state.Rules())
		p.HandleKey(press("down"), "alice")
		return p.View(width, height, now, true)
	})
}

func TestGoldenLadder(t *testing.T) {
	s := warRoom(t)
	eachGolden(t, func(st *style.Styles, width, height int) string {
		p := NewLadder(st, true)
		p.SetIncident(s.incident("INC-1"), s.state.Rules())
		return p.View(width, height, now, true)
	})
}

func TestGoldenActions(t *testing.T) {
	s := warRoom(t)
	eachGolden(t, func(st *style.Styles, width, height int) string {
		p := NewActions(st, true)
		p.SetIncident(s.incident("INC-1"), s.state.Rules())
		p.HandleKey(press("down"), "alice")
		return p.View(width, height, now, true)
	})
}

func TestGoldenFollowups(t *testing.T) {
	s := addWarRoom(pastIncident(t))
	eachGolden(t, func(st *style.Styles, width, height int) string {
		f := NewFollowups(st, true)
		f.SetState(s.state, "alice")
		return f.View(width, height, now)
	})
}
