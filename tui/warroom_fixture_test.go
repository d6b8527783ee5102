package tui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
)

// More people for the war room: carol and dave are responders paged by
// the ladder, erin is its last level.
var (
	carol = model.Actor{Name: "carol", Level: model.LevelResponder}
	dave  = model.Actor{Name: "dave", Level: model.LevelResponder}
)

// warRules are the rules of a server whose config names a team and a
// three-level default policy: carol first, then the db team (bob and
// dave), then erin.
func warRules() *model.Rules {
	r := model.DefaultRules()
	r.Teams = map[string][]string{"db": {"bob", "dave"}}
	r.Policies = []model.Policy{{Name: "default", Levels: []model.PolicyLevel{
		{Targets: []string{"carol"}, Timeout: 5 * time.Minute},
		{Targets: []string{"team:db"}, Timeout: time.Hour},
		{Targets: []string{"erin"}, Timeout: 15 * time.Minute},
	}}}
	return r
}

// openWarStore opens the real store under warRules on clock.
func openWarStore(t testing.TB, clock *testClock) *hub.Hub {
	t.Helper()
	return storetest.Open(t, hub.Options{Now: clock.Now, Rules: warRules()})
}

// Times of the scripted overnight incident: declared before midnight,
// drawn at 00:25 the next day, so entries carry dates and an action due
// on the first day is overdue.
var (
	nightStart = time.Date(2025, 3, 13, 23, 40, 0, 0, time.UTC)
	nightNow   = time.Date(2025, 3, 14, 0, 25, 0, 0, time.UTC)
)

// The scripted incident's texts that tests look for.
const (
	nightTitle  = "Checkout API returning 502s"
	nightUpdate = "We are investigating errors at checkout; next update by 00:30."
	nightPinned = "5xx from checkout pods since the 23:35 deploy of build 4411"
)

// seedNight scripts a rich incident, INC-1, as the people in it would run
// it: roles assigned, level 1 left unanswered so the server's clock paged
// level 2 (unanswered too), a stakeholder update, a pinned note, and three
// action items (one overdue, one done, one follow-up). The clock ends at
// nightNow.
func seedNight(t testing.TB, s model.Store, clock *testClock) {
	t.Helper()
	at := func(d time.Duration) { clock.Set(nightStart.Add(d)) }
	steps := []struct {
		at    time.Duration
		actor model.Actor
		cmd   model.Command
	}{
		{0, alice, model.Declare{Title: nightTitle, Severity: model.Sev2}},
		{2 * time.Minute, alice, model.SetStatus{Incident: "INC-1", Status: model.StatusInvestigating}},
		{3 * time.Minute, alice, model.AssignRole{Incident: "INC-1", Role: "tech", User: "bob"}},
		{3 * time.Minute, alice, model.AssignRole{Incident: "INC-1", Role: "comms", User: "carol"}},
		{3 * time.Minute, alice, model.AssignRole{Incident: "INC-1", Role: "scribe", User: "dave"}},
		{5 * time.Minute, model.System(), model.Escalate{Incident: "INC-1", Auto: true, Level: 1}},
		{10 * time.Minute, bob, model.PostNote{Incident: "INC-1", Text: nightPinned}},
		{15 * time.Minute, carol, model.PostUpdate{Incident: "INC-1", Text: nightUpdate}},
		{18 * time.Minute, alice, model.AddAction{Incident: "INC-1", Title: "Roll back build 4411", Owner: "bob", Due: model.DayOf(nightStart)}},
		{25 * time.Minute, alice, model.AddAction{Incident: "INC-1", Title: "Page the payments on-call", Owner: "dave"}},
		{28 * time.Minute, bob, model.AddAction{Incident: "INC-1", Title: "Write the post-incident review", Owner: "alice",
			Due: model.DayOf(nightStart).AddDays(8), Kind: model.ActionFollowUp}},
		{30 * time.Minute, dave, model.SetActionState{Incident: "INC-1", N: 2, State: model.ActionDone}},
		{32 * time.Minute, alice, model.SetStatus{Incident: "INC-1", Status: model.StatusIdentified}},
		{35 * time.Minute, bob, model.PostNote{Incident: "INC-1", Text: "Rollback started; error rate falling"}},
		{36 * time.Minute, alice, model.Pin{Incident: "INC-1", Entry: 7, Pinned: true}},
	}
	for _, st := range steps {
		at(st.at)
		dispatch(t, s, st.actor, st.cmd)
	}
	clock.Set(nightNow)
	present(t, s, "bob", "INC-1")
}

// key presses the tests type often.
var (
	tabKey      = tea.KeyPressMsg{Code: tea.KeyTab}
	escKey      = tea.KeyPressMsg{Code: tea.KeyEscape}
	enterKey    = tea.KeyPressMsg{Code: tea.KeyEnter}
	upKey       = tea.KeyPressMsg{Code: tea.KeyUp}
	downKey     = tea.KeyPressMsg{Code: tea.KeyDown}
	shiftTabKey = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
)

// char is the key press of one printable character.
func char(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

// line is the key presses that type s and send it.
func line(s string) []tea.Msg { return append(typed(s), enterKey) }

// waitMatch polls the screen until every one of the regular expressions
// matches it.
func (term *terminal) waitMatch(patterns ...string) string {
	term.t.Helper()
	res := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		res[i] = regexp.MustCompile(p)
	}
	return term.waitUntil(func(s string) bool {
		for _, re := range res {
			if !re.MatchString(s) {
				return false
			}
		}
		return true
	}, "screen to match %q", patterns)
}

// waitGone polls the screen until it holds none of gone.
func (term *terminal) waitGone(gone ...string) string {
	term.t.Helper()
	return term.waitUntil(func(s string) bool {
		for _, g := range gone {
			if strings.Contains(s, g) {
				return false
			}
		}
		return true
	}, "screen to lose %q", gone)
}

// oscSequence is an operating system command (a terminal query or
// setting), which may end in BEL without ringing anything.
var oscSequence = regexp.MustCompile(`\x1b\][^\a\x1b]*(\a|\x1b\\)`)

// bells counts the terminal bells in raw output: BELs that do not end an
// OSC sequence.
func bells(raw string) int {
	return strings.Count(oscSequence.ReplaceAllString(raw, ""), "\a")
}

// lineWith returns the first line of screen that matches pattern, or "".
func lineWith(screen, pattern string) string {
	re := regexp.MustCompile(pattern)
	for _, l := range strings.Split(screen, "\n") {
		if re.MatchString(l) {
			return l
		}
	}
	return ""
}

// clearLineKey deletes everything before the cursor in an input.
var clearLineKey = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}

// endKey makes a scrolled-back timeline follow new entries again.
var endKey = tea.KeyPressMsg{Code: tea.KeyEnd}
