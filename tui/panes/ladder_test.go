package panes

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/elapsed"
	"github.com/warroom/warroom/tui/style"
)

func TestCountdownText(t *testing.T) {
	deadline := at("2026-11-28 09:25:00")
	tests := []struct {
		name string
		now  time.Time
		text string
		past bool
		next time.Time
	}{
		{"minutes left", now, "3:12", false, at("2026-11-28 09:21:49")},
		{"part of a second left rounds up", deadline.Add(-300 * time.Millisecond), "0:01", false, deadline},
		{"exactly at the deadline", deadline, "0:00", true, deadline.Add(time.Second)},
		{"past it", deadline.Add(42*time.Second + 500*time.Millisecond), "0:42", true, deadline.Add(43 * time.Second)},
		{"ten minutes left counts seconds", deadline.Add(-10 * time.Minute), "10:00", false, deadline.Add(-10*time.Minute + time.Second)},
		{"further off counts minutes, rounded up", deadline.Add(-(10*time.Minute + time.Second)), "11m", false, deadline.Add(-10 * time.Minute)},
		{"an hour and more left", deadline.Add(-(time.Hour + 5*time.Minute)), "1h 05m", false, deadline.Add(-(time.Hour + 4*time.Minute))},
		{"just under ten minutes past counts seconds", deadline.Add(10*time.Minute - time.Second), "9:59", true, deadline.Add(10 * time.Minute)},
		{"ten minutes past counts minutes", deadline.Add(10*time.Minute + 30*time.Second), "10m", true, deadline.Add(11 * time.Minute)},
		{"a day past", deadline.Add(26 * time.Hour), "1d 02h", true, deadline.Add(26*time.Hour + time.Minute)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := elapsed.Until(deadline, tc.now)
			if c.Text != tc.text || c.Past != tc.past || !c.Next.Equal(tc.next) {
				t.Errorf("countTo = %q past %v next %s; want %q past %v next %s",
					c.Text, c.Past, c.Next.Format(time.TimeOnly), tc.text, tc.past, tc.next.Format(time.TimeOnly))
			}
		})
	}
}

func newLadderPane(t *testing.T, s *script) *Ladder {
	t.Helper()
	p := NewLadder(style.New(themes.Plain()), true)
	p.SetIncident(s.incident("INC-1"), s.state.Rules())
	return p
}

// levelLine returns the view line of level n.
func levelLine(t *testing.T, p *Ladder, width int, at time.Time, n int) string {
	t.Helper()
	for _, l := range lines(p.View(width, 8, at, false)) {
		if strings.HasPrefix(l, "L"+string(rune('0'+n))+" ") {
			return l
		}
	}
	t.Fatalf("no line for level %d", n)
	return ""
}

func TestLadderStates(t *testing.T) {
	// INC-1 just declared: level 1 (alice) paged at 09:00 for 5 minutes.
	fresh := func() *script {
		return newScript(t).at("2026-11-28 09:00:00").do("alice", model.Declare{Title: "Checkout down"})
	}
	tests := []struct {
		name  string
		s     *script
		at    time.Time
		level int
		want  string
	}{
		{"live countdown", fresh(), at("2026-11-28 09:01:48"), 1, "L1 alice     paged at 09:00 · ack in 3:12"},
		{"levels above wait", fresh(), at("2026-11-28 09:01:48"), 2, "L2 team:db (bob, carol)               not yet"},
		{"past the deadline with a level above", fresh(), at("2026-11-28 09:05:03"), 1, "L1 alice     paged at 09:00 · escalating"},
		{"acknowledged", fresh().at("2026-11-28 09:02:00").do("alice", model.Acknowledge{Incident: "INC-1"}), at("2026-11-28 09:30:00"), 1, "L1 alice              acked by alice 09:02"},
		{"superseded without an ack", fresh().at("2026-11-28 09:05:00").do(model.SystemActor, model.Escalate{Incident: "INC-1", Auto: true, Level: 1}), at("2026-11-28 09:06:00"), 1, "L1 alice     paged at 09:00 · no ack"},
		{"top level overdue", warRoom(t), at("2026-11-28 09:25:42"), 3, "L3 dave, team:ops (erin, frank) paged at 09:10 · overdue 0:42"},
		{"earlier days show the date", warRoom(t), now, 1, "L1 alice              acked by alice Nov 27 16:03"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			width := max(45, ansi.StringWidth(tc.want))
			got := levelLine(t, newLadderPane(t, tc.s), width, tc.at, tc.level)
			if strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(tc.want), " ") {
				t.Errorf("level %d reads %q, want %q", tc.level, got, tc.want)
			}
		})
	}
}

func TestLadderOverdueIsAnError(t *testing.T) {
	st := style.New(themes.Dark())
	s := warRoom(t)
	p := NewLadder(st, true)
	p.SetIncident(s.incident("INC-1"), s.state.Rules())
	if view := p.View(60, 6, at("2026-11-28 09:25:42"), false); !strings.Contains(view, st.Error.Render("overdue 0:42")) {
		t.Errorf("overdue page not drawn in the error style:\n%q", view)
	}
}

func TestLadderCompressesToWidth(t *testing.T) {
	p := newLadderPane(t, warRoom(t))
	tests := []struct {
		width int
		want  string
	}{
		{64, "L3 dave, team:ops (erin, frank) paged at 09:10 · ack in 3:12"},
		{45, "L3 dave, team:ops (erin, frank) ack in 3:12"},
		{30, "L3 dave, team:ops ack in 3:12"},
		{20, "L3 dave… ack in 3:12"},
	}
	for _, tc := range tests {
		got := levelLine(t, p, tc.width, now, 3)
		if strings.Join(strings.Fields(got), " ") != tc.want {
			t.Errorf("at %d cells level 3 reads %q, want %q", tc.width, got, tc.want)
		}
	}
}

func TestLadderWithoutPolicy(t *testing.T) {
	s := newScript(t)
	s.state = model.NewState(model.DefaultRules()) // no policies
	s.at("2026-11-28 09:00:00").do("alice", model.Declare{Title: "Checkout down"})
	p := newLadderPane(t, s)
	if got := lines(p.View(40, 3, now, false)); got[0] != "no escalation policy" {
		t.Errorf("first line %q", got[0])
	}
	if _, ok := p.NextChange(now); ok {
		t.Error("a ladder-less pane ticks")
	}
}

func TestLadderNextChange(t *testing.T) {
	fresh := newScript(t).at("2026-11-28 09:00:00").do("alice", model.Declare{Title: "Checkout down"})
	p := newLadderPane(t, fresh)
	if next, ok := p.NextChange(at("2026-11-28 09:01:48")); !ok || !next.Equal(at("2026-11-28 09:01:49")) {
		t.Errorf("NextChange = %v %v during the countdown", next, ok)
	}
	if _, ok := p.NextChange(at("2026-11-28 09:06:00")); ok {
		t.Error("\"escalating\" ticks; it waits for the next page")
	}
	top := newLadderPane(t, warRoom(t))
	if next, ok := top.NextChange(at("2026-11-28 09:25:42")); !ok || !next.Equal(at("2026-11-28 09:25:43")) {
		t.Errorf("NextChange = %v %v while the top level is overdue", next, ok)
	}
}

func TestLadderKeysGiveCommands(t *testing.T) {
	p := newLadderPane(t, warRoom(t))
	for k, want := range map[string]model.Command{
		"e": model.Escalate{Incident: "INC-1"},
		"a": model.Acknowledge{Incident: "INC-1"},
	} {
		if got, consumed := p.HandleKey(press(k), "bob"); !consumed || !reflect.DeepEqual(got, want) {
			t.Errorf("key %q gave %#v (consumed %v), want %#v", k, got, consumed, want)
		}
	}
	if _, consumed := p.HandleKey(press("down"), "bob"); consumed {
		t.Error("the ladder has no selection, yet took down")
	}
}

// Resolving an incident stops its clocks: an unanswered page neither
// counts down nor shows as overdue, and the pane wakes nobody.
func TestAResolvedIncidentsLadderStandsDown(t *testing.T) {
	s := newScript(t).at("2026-11-28 09:00:00").do("alice", model.Declare{Title: "Checkout down"}).
		at("2026-11-28 09:02:00").do("alice", model.SetStatus{Incident: "INC-1", Status: model.StatusResolved})
	p := newLadderPane(t, s)
	now := at("2026-11-28 10:00:00")
	view := strings.Join(lines(p.View(64, 6, now, false)), "\n")
	if !strings.Contains(view, "stood down (resolved)") || strings.Contains(view, "ack in") || strings.Contains(view, "overdue") {
		t.Errorf("a resolved incident's ladder:\n%s", view)
	}
	if next, ok := p.NextChange(now); ok {
		t.Errorf("a resolved incident's ladder asks for a wake-up at %v", next)
	}
}
