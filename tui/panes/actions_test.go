package panes

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

func newActionsPane(t testing.TB, s *script) *Actions {
	t.Helper()
	p := NewActions(style.New(themes.Plain()), true)
	p.SetIncident(s.incident("INC-1"), s.state.Rules())
	return p
}

// numbers lists the action numbers on a view's lines, in order.
func numbers(view string) []string {
	var out []string
	for _, l := range lines(view) {
		if f := strings.Fields(l); len(f) > 0 && strings.HasPrefix(f[0], "#") {
			out = append(out, f[0])
		}
	}
	return out
}

func TestActionsOpenFirstThenDone(t *testing.T) {
	p := newActionsPane(t, warRoom(t))
	got := numbers(p.View(60, 10, now, false))
	if want := []string{"#1", "#2", "#4", "#5", "#6", "#7", "#3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestActionsKeysGiveCommands(t *testing.T) {
	s := warRoom(t)
	tests := []struct {
		name string
		keys []string
		want model.Command
	}{
		{"x marks the first done", []string{"x"}, model.SetActionState{Incident: "INC-1", N: 1, State: model.ActionDone}},
		{"space does the same", []string{"down", "space"}, model.SetActionState{Incident: "INC-1", N: 2, State: model.ActionDone}},
		{"x reopens a done item", []string{"down", "down", "down", "down", "down", "down", "x"}, model.SetActionState{Incident: "INC-1", N: 3, State: model.ActionOpen}},
		{"s marks doing", []string{"down", "down", "down", "s"}, model.SetActionState{Incident: "INC-1", N: 5, State: model.ActionDoing}},
		{"o takes ownership", []string{"down", "down", "down", "down", "o"}, model.AssignAction{Incident: "INC-1", N: 6, Owner: "alice"}},
		{"up stops at the top", []string{"up", "up", "x"}, model.SetActionState{Incident: "INC-1", N: 1, State: model.ActionDone}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newActionsPane(t, s)
			var got model.Command
			for _, k := range tc.keys {
				cmd, consumed := p.HandleKey(press(k), "alice")
				if !consumed {
					t.Fatalf("key %q was not the pane's", k)
				}
				got = cmd
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestActionsWithoutItems(t *testing.T) {
	s := newScript(t).at("2026-11-28 09:00:00").do("alice", model.Declare{Title: "Checkout down"})
	p := newActionsPane(t, s)
	if cmd, consumed := p.HandleKey(press("x"), "alice"); cmd != nil || !consumed {
		t.Errorf("x on an empty list gave %#v (consumed %v)", cmd, consumed)
	}
	if got := lines(p.View(40, 2, now, true)); got[0] != "no action items · /action add" {
		t.Errorf("empty pane reads %q", got[0])
	}
}

func TestActionsOverdue(t *testing.T) {
	st := style.New(themes.Dark())
	s := warRoom(t)
	p := NewActions(st, true)
	p.SetIncident(s.incident("INC-1"), s.state.Rules())

	view := p.View(60, 10, now, false)
	if !strings.Contains(view, st.Error.Render("overdue Nov 27")) {
		t.Errorf("item 1, due yesterday, is not marked overdue in the error style:\n%s", strings.Join(lines(view), "\n"))
	}
	if n := strings.Count(strings.Join(lines(view), "\n"), "overdue"); n != 1 {
		t.Errorf("%d items marked overdue, want only item 1", n)
	}
	// On its due day an item is not yet overdue; done, it never is.
	if view := strings.Join(lines(p.View(60, 10, at("2026-11-27 23:59:59"), false)), "\n"); strings.Contains(view, "overdue") {
		t.Errorf("overdue on its due day:\n%s", view)
	}
	s.at("2026-11-28 09:22:00").do("bob", model.SetActionState{Incident: "INC-1", N: 1, State: model.ActionDone})
	p.SetIncident(s.incident("INC-1"), s.state.Rules())
	if view := strings.Join(lines(p.View(60, 10, now, false)), "\n"); strings.Contains(view, "overdue") {
		t.Errorf("a done item is marked overdue:\n%s", view)
	}
	if next, ok := p.NextChange(now); !ok || !next.Equal(at("2026-11-29 00:00:00")) {
		t.Errorf("NextChange = %v %v, want the next UTC midnight", next, ok)
	}
}

func TestActionsMoreLine(t *testing.T) {
	p := newActionsPane(t, warRoom(t))
	steps := []struct {
		keys []string
		want []string
		more string
	}{
		{nil, []string{"#1", "#2"}, "+5 more"},
		{[]string{"down", "down"}, []string{"#2", "#4"}, "+1 above, +4 below"},
		{[]string{"down", "down", "down", "down"}, []string{"#7", "#3"}, "+5 more above"},
		{[]string{"up"}, []string{"#7", "#3"}, "+5 more above"}, // within the window: no scroll
	}
	for i, step := range steps {
		for _, k := range step.keys {
			p.HandleKey(press(k), "alice")
		}
		view := p.View(40, 3, now, true)
		if got := numbers(view); !reflect.DeepEqual(got, step.want) {
			t.Errorf("step %d: rows %v, want %v", i, got, step.want)
		}
		if got := lines(view)[2]; got != step.more {
			t.Errorf("step %d: last line %q, want %q", i, got, step.more)
		}
	}
}

func TestActionsSelection(t *testing.T) {
	s := warRoom(t)
	p := newActionsPane(t, s)
	p.HandleKey(press("down"), "alice") // #2

	// Another item changing keeps the selection on its item.
	s.at("2026-11-28 09:22:00").do("bob", model.SetActionState{Incident: "INC-1", N: 3, State: model.ActionOpen})
	p.SetIncident(s.incident("INC-1"), s.state.Rules())
	if a, _ := p.selected(); a.N != 2 {
		t.Fatalf("selection moved to #%d when #3 reopened, want #2", a.N)
	}
	// Marking the selected item done leaves the selection in place, on
	// the next item, instead of following it to the bottom.
	s.do("alice", model.SetActionState{Incident: "INC-1", N: 2, State: model.ActionDone})
	p.SetIncident(s.incident("INC-1"), s.state.Rules())
	if a, _ := p.selected(); a.N != 3 {
		t.Errorf("after #2 was done the selection is #%d, want #3, the next open item", a.N)
	}
}

func TestActionsRedrawOnlyForTheirChanges(t *testing.T) {
	s := warRoom(t)
	p := newActionsPane(t, s)
	gen := p.gen
	s.at("2026-11-28 09:22:00").do("bob", model.PostNote{Incident: "INC-1", Text: "rolling back"})
	p.SetIncident(s.incident("INC-1"), s.state.Rules())
	if p.gen != gen {
		t.Error("a note invalidated the actions pane")
	}
	s.do("bob", model.AssignAction{Incident: "INC-1", N: 6, Owner: "bob"})
	p.SetIncident(s.incident("INC-1"), s.state.Rules())
	if p.gen == gen {
		t.Error("a new owner did not invalidate the actions pane")
	}
}

// manyActions is an incident with n action items.
func manyActions(tb testing.TB, n int) *script {
	s := newScript(tb).at("2026-11-28 09:00:00").do("alice", model.Declare{Title: "Checkout down"})
	for i := range n {
		s.do("alice", model.AddAction{Incident: "INC-1", Title: fmt.Sprintf("action item number %d with a longish title", i+1), Owner: "bob", Due: day("2026-12-01")})
	}
	return s
}

func BenchmarkActionsView(b *testing.B) {
	s := manyActions(b, 1000)
	p := NewActions(style.New(themes.Dark()), true)
	p.SetIncident(s.incident("INC-1"), s.state.Rules())
	b.Run("redraw", func(b *testing.B) {
		// Moving the selection each time defeats the cache: every call
		// draws the rows that fit.
		for i := 0; b.Loop(); i++ {
			p.sel = i % 1000
			p.View(60, 20, now, true)
		}
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			p.View(60, 20, now, true)
		}
	})
}

func TestActionsViewDrawsOnlyWhatFits(t *testing.T) {
	// A thousand items cost about what twenty do: the pane draws the rows
	// in view, not the list.
	few, many := manyActions(t, 20), manyActions(t, 1000)
	cost := func(s *script) float64 {
		p := newActionsPane(t, s)
		return testing.AllocsPerRun(20, func() {
			p.gen++ // defeat the cache
			p.View(60, 10, now, true)
		})
	}
	if a, b := cost(few), cost(many); b > a*1.2+5 {
		t.Errorf("a view of 1000 items allocates %.0f times, of 20 items %.0f", b, a)
	}
}
