package panes

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

// now is when the panes are looked at in most tests: 3:12 before both the
// handover offer lapses and level 3's page is due.
var now = at("2026-11-28 09:21:48")

func at(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

// testRules have a custom role, two teams and a three-level policy.
func testRules() *model.Rules {
	r := model.DefaultRules()
	r.Roles = append(r.Roles, model.Role{Name: "customer-liaison", Title: "Customer Liaison", Aliases: []string{"liaison"}})
	r.Teams = map[string][]string{"db": {"bob", "carol"}, "ops": {"erin", "frank"}}
	r.Policies = []model.Policy{{Name: "default", Levels: []model.PolicyLevel{
		{Targets: []string{"alice"}, Timeout: 5 * time.Minute},
		{Targets: []string{"team:db"}, Timeout: 10 * time.Minute},
		{Targets: []string{"dave", "team:ops"}, Timeout: 15 * time.Minute},
	}}}
	return r
}

// script builds a state by deciding and applying commands at a clock it
// sets, as the store would.
type script struct {
	t     testing.TB
	state *model.State
	clock time.Time
}

func newScript(t testing.TB) *script {
	return &script{t: t, state: model.NewState(testRules())}
}

func (s *script) at(when string) *script {
	s.clock = at(when)
	return s
}

// do has user (a responder, or the server itself as "warroom") run cmds.
func (s *script) do(user string, cmds ...model.Command) *script {
	s.t.Helper()
	actor := model.Actor{Name: user, Level: model.LevelResponder}
	if user == model.SystemActor {
		actor = model.System()
	}
	for _, c := range cmds {
		e, err := model.Decide(s.state, actor, c, s.clock)
		if err != nil {
			s.t.Fatalf("%s: %#v refused: %v", user, c, err)
		}
		e.Seq, e.ID = s.state.Seq+1, model.NewEventID()
		if s.state, err = model.Apply(s.state, e); err != nil {
			s.t.Fatalf("apply %#v: %v", c, err)
		}
	}
	return s
}

func (s *script) incident(id string) *model.Incident {
	s.t.Helper()
	inc, ok := s.state.Incident(id)
	if !ok {
		s.t.Fatalf("no incident %s", id)
	}
	return inc
}

func day(s string) model.Day {
	d, err := model.ParseDay(s, time.Time{})
	if err != nil {
		panic(err)
	}
	return d
}

// warRoom is the incident the pane goldens show, INC-1 at now.
func warRoom(t testing.TB) *script { return addWarRoom(newScript(t)) }

// addWarRoom declares the next incident and runs it up to now: declared
// the day before, its IC offering the role to bob, level 3 paged and
// waiting, seven action items of every kind and state, one overdue.
func addWarRoom(s *script) *script {
	inc := model.IncidentID(len(s.state.Incidents()) + 1)
	s.at("2026-11-27 16:00:00").do("alice",
		model.Declare{Title: "Checkout API returning 502s", Severity: model.Sev2},
		model.AddAction{Incident: inc, Title: "Roll back deploy 4411", Owner: "bob", Due: day("2026-11-27")},
	)
	s.at("2026-11-27 16:03:00").do("alice", model.Acknowledge{Incident: inc})
	s.at("2026-11-28 09:00:00").do("alice", model.Escalate{Incident: inc})
	s.at("2026-11-28 09:02:00").do("bob", model.Acknowledge{Incident: inc})
	s.at("2026-11-28 09:05:00").do("alice", model.AssignRole{Incident: inc, Role: "tech", User: "bob"})
	s.at("2026-11-28 09:06:00").do("carol", model.TakeRole{Incident: inc, Role: "scribe"})
	s.at("2026-11-28 09:10:00").do("alice", model.Escalate{Incident: inc})
	s.at("2026-11-28 09:12:00").do("alice",
		model.AddAction{Incident: inc, Title: "Add a 502 alert on checkout", Owner: "carol", Due: day("2026-12-04"), Kind: model.ActionFollowUp},
		model.AddAction{Incident: inc, Title: "Page the payments provider", Owner: "alice"},
		model.SetActionState{Incident: inc, N: 3, State: model.ActionDone},
		model.AddAction{Incident: inc, Title: "Drain the retry queue", Owner: "dave"},
		model.SetActionState{Incident: inc, N: 4, State: model.ActionDoing},
		model.AddAction{Incident: inc, Title: "Write the post-incident review", Owner: "alice", Due: day("2026-12-01"), Kind: model.ActionFollowUp},
		model.AddAction{Incident: inc, Title: "Replace the hand-rolled connection pool with pgx's pool and load-test it at three times peak", Kind: model.ActionFollowUp},
		model.AddAction{Incident: inc, Title: "日本語のダッシュボードを直す", Owner: "erin"},
	)
	s.at("2026-11-28 09:20:00").do("alice", model.OfferHandover{Incident: inc, To: "bob"})
	return s
}

// pastIncident declares INC-1, resolved a week before now, whose
// follow-ups outlive it: one overdue, one without a due day, one done.
func pastIncident(t testing.TB) *script {
	const inc = "INC-1"
	s := newScript(t)
	s.at("2026-11-20 10:00:00").do("bob",
		model.Declare{Title: "Search latency above SLO", Severity: model.Sev3},
		model.AddAction{Incident: inc, Title: "Cap query fan-out per shard", Owner: "bob", Due: day("2026-11-25"), Kind: model.ActionFollowUp},
		model.AddAction{Incident: inc, Title: "Document the reindex runbook", Owner: "alice", Kind: model.ActionFollowUp},
		model.AddAction{Incident: inc, Title: "Tune the slow-query log", Owner: "carol", Due: day("2026-11-22"), Kind: model.ActionFollowUp},
		model.SetActionState{Incident: inc, N: 3, State: model.ActionDone},
		model.SetStatus{Incident: inc, Status: model.StatusResolved},
	)
	return s
}

// themed are the two themes goldens are drawn in.
var themed = []struct {
	name   string
	styles func() *style.Styles
}{
	{"dark", func() *style.Styles { return style.New(themes.Dark()) }},
	{"plain", func() *style.Styles { return style.New(themes.Plain()) }},
}

// goldenSizes are a narrow pane (a tab at 80 columns) and a wide one (the
// right-hand column at 160).
var goldenSizes = [][2]int{{40, 10}, {60, 14}}

// press is a key press as the terminal sends it.
func press(k string) tea.KeyPressMsg {
	switch k {
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	return tea.KeyPressMsg{Code: rune(k[0]), Text: k}
}

// lines strips a view of its styles and splits it into lines.
func lines(view string) []string { return strings.Split(ansi.Strip(view), "\n") }

// checkBounds fails unless view has exactly height lines of at most width
// cells each.
func checkBounds(t *testing.T, view string, width, height int) {
	t.Helper()
	if err := boundsError(view, width, height); err != nil {
		t.Fatal(err)
	}
}

func boundsError(view string, width, height int) error {
	if height == 0 {
		if view != "" {
			return fmt.Errorf("%dx%d: view %q, want nothing", width, height, view)
		}
		return nil
	}
	got := strings.Split(view, "\n")
	if len(got) != height {
		return fmt.Errorf("%dx%d: %d lines, want %d:\n%s", width, height, len(got), height, ansi.Strip(view))
	}
	for i, l := range got {
		if w := lipgloss.Width(l); w > width {
			return fmt.Errorf("%dx%d: line %d is %d cells: %q", width, height, i, w, ansi.Strip(l))
		}
	}
	return nil
}
