package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/warroom/warroom/model"
)

// seedRepeat scripts a checkout outage that comes back: INC-1 three days
// ago (acknowledged in 4 minutes, resolved in an hour and twelve, two
// follow-ups of which one is done), an unrelated INC-2 the day before,
// and INC-3 declared now, like INC-1.
func seedRepeat(t testing.TB, s model.Store, clock *testClock) {
	t.Helper()
	day := 24 * time.Hour
	steps := []struct {
		at    time.Duration // before epoch
		actor model.Actor
		cmd   model.Command
	}{
		{3 * day, alice, model.Declare{Title: "Checkout API returning 502s", Severity: model.Sev1, Service: "checkout"}},
		{3*day - 4*time.Minute, alice, model.SetStatus{Incident: "INC-1", Status: model.StatusInvestigating}},
		{3*day - 72*time.Minute, alice, model.SetStatus{Incident: "INC-1", Status: model.StatusResolved}},
		{3*day - 80*time.Minute, alice, model.AddAction{Incident: "INC-1", Title: "Canary every checkout deploy", Owner: "bob"}},
		{3*day - 81*time.Minute, alice, model.AddAction{Incident: "INC-1", Title: "Alert on 5xx ratio"}},
		{3*day - 82*time.Minute, alice, model.SetActionState{Incident: "INC-1", N: 2, State: model.ActionDone}},
		{day, bob, model.Declare{Title: "Search index stale", Severity: model.Sev3, Service: "search"}},
		{day - 10*time.Minute, bob, model.SetStatus{Incident: "INC-2", Status: model.StatusIdentified}},
		{0, alice, model.Declare{Title: "Checkout API returning 502s again", Severity: model.Sev1, Service: "checkout"}},
	}
	for _, st := range steps {
		clock.Set(epoch.Add(-st.at))
		dispatch(t, s, st.actor, st.cmd)
	}
	clock.Set(epoch)
}

// The list's stats line: mean times to acknowledge and resolve per
// severity over 30 days, and incidents per day as a sparkline.
func TestListShowsResponseStats(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedRepeat(t, s, clock)
	term := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 120, 24)
	screen := term.waitFor("INC-3")
	want := "MTTA/MTTR SEV1 4m/1h12m · SEV3 10m/–"
	if l := lineWith(screen, "MTTA/MTTR"); !strings.HasPrefix(l, want) || !strings.HasSuffix(l, "3 in 30d "+strings.Repeat("▁", 27)+"█▁██") {
		t.Errorf("stats line = %q, want %q … 3 in 30d and a sparkline ending ▁█▁██\n%s", l, want, screen)
	}
}

func TestSparklineScalesToTheBusiestDay(t *testing.T) {
	for _, c := range []struct {
		counts []int
		want   string
	}{
		{[]int{0, 0, 0}, "▁▁▁"},
		{[]int{0, 1, 2, 4}, "▁▃▅█"},
		{[]int{1, 60}, "▂█"}, // a quiet day still shows above an empty one
	} {
		if got := sparkline(c.counts); got != c.want {
			t.Errorf("sparkline(%v) = %q, want %q", c.counts, got, c.want)
		}
	}
}

// Entering a new incident's room shows the past incidents like it, why,
// and the follow-ups they left open: under the actions in the wide layout,
// as a tab in the narrow one. Refresh with -update, then read them.
func TestGoldenSimilarIncidents(t *testing.T) {
	views := []struct {
		name          string
		width, height int
		tabs          int
	}{
		{"160x48", 160, 48, 0},
		{"80x24-tab", 80, 24, 5},
	}
	for _, v := range views {
		t.Run(v.name, func(t *testing.T) {
			clock := newClock()
			s := openStore(t, clock)
			seedRepeat(t, s, clock)
			term := startTerminal(t, New(sessionOptions(t, s, alice, clock)), v.width, v.height)
			term.waitFor("INC-3")
			term.send(enterKey)
			term.waitFor("Similar")
			for range v.tabs {
				term.send(tabKey)
			}
			golden.RequireEqual(t, term.settled("INC-1 resolved Checkout API returning 502s", "same service checkout, similar title", "○ 1 Canary every checkout deploy (bob)"))
		})
	}
}

// The room searches for similar incidents again when an incident is
// declared or resolved, not for a note; the pane comes and goes with them.
func TestSimilarSearchedOnDeclareAndResolveOnly(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	dispatch(t, s, alice, model.Declare{Title: "Checkout API returning 502s", Service: "checkout"})
	m := newApp(t, s, alice, clock)
	syncState(m, s)
	m.enterRoom("INC-1")
	r := m.room
	if len(r.panes) != basePanes {
		t.Fatalf("a room with nothing like it has %d panes, want %d", len(r.panes), basePanes)
	}

	dispatch(t, s, alice, model.Declare{Title: "Checkout API 502s again", Service: "checkout"}) // open, but newer
	syncState(m, s)
	before := r.similar.listFor
	dispatch(t, s, bob, model.PostNote{Incident: "INC-1", Text: "still failing"})
	syncState(m, s)
	if r.similar.listFor != before || len(r.panes) != basePanes {
		t.Errorf("a note changed the search key from %+v to %+v, or showed the pane", before, r.similar.listFor)
	}

	// INC-2 resolved is a past incident like INC-1.
	dispatch(t, s, alice, model.SetStatus{Incident: "INC-2", Status: model.StatusResolved})
	syncState(m, s)
	if len(r.similar.list) != 1 || r.similar.list[0].Incident.ID != "INC-2" || len(r.panes) != basePanes+1 {
		t.Fatalf("after INC-2 resolved: similar %+v, %d panes", r.similar.list, len(r.panes))
	}

	// Focus on the pane, then INC-2 reopened: the pane goes, focus comes home.
	r.setFocus(basePanes + 1)
	dispatch(t, s, alice, model.SetStatus{Incident: "INC-2", Status: model.StatusInvestigating})
	syncState(m, s)
	if len(r.panes) != basePanes || r.focus != r.home() {
		t.Errorf("after INC-2 reopened: %d panes, focus %d; want %d and home", len(r.panes), r.focus, basePanes)
	}
}
