package tui

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
)

// f on the list shows the open follow-ups of every incident, soonest due
// first; m narrows them to the user's own; enter opens the room of the
// selected one.
func TestFollowupsAcrossIncidents(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	seedNight(t, s, clock)
	dispatch(t, s, bob, model.Declare{Title: "Search latency above SLO", Severity: model.Sev3})
	for _, a := range []model.AddAction{
		{Incident: "INC-2", Title: "Add an alert on p99 latency", Owner: "bob", Due: model.DayOf(nightNow).AddDays(2), Kind: model.ActionFollowUp},
		{Incident: "INC-2", Title: "Document the index rebuild", Kind: model.ActionFollowUp},
		{Incident: "INC-2", Title: "Restart the search pods"}, // a mitigation: not a follow-up
	} {
		dispatch(t, s, bob, a)
	}

	term := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 100, 30)
	term.waitFor("INC-2")
	term.send(char('f'))
	screen := term.waitMatch(
		`Open follow-ups: 3`,
		`(?m)^Mar 16\s+INC-2 #1 Add an alert on p99 latency\s+bob$`,
		`(?m)^Mar 21\s+INC-1 #3 Write the post-incident review\s+alice$`,
		`(?m)^—\s+INC-2 #2 Document the index rebuild\s+unowned$`,
	)
	if strings.Contains(screen, "Restart the search pods") || strings.Contains(screen, "Roll back build 4411") {
		t.Errorf("mitigations are listed among follow-ups:\n%s", screen)
	}
	if strings.Index(screen, "Add an alert") > strings.Index(screen, "Write the post-incident") {
		t.Errorf("follow-ups are not soonest due first:\n%s", screen)
	}

	term.send(char('m'))
	screen = term.waitFor("My open follow-ups (alice): 1", "Write the post-incident review")
	if strings.Contains(screen, "INC-2") {
		t.Errorf("mine shows someone else's follow-up:\n%s", screen)
	}
	term.send(char('m'))
	term.waitFor("Open follow-ups: 3")

	term.send(downKey, downKey) // the last: INC-2's undated one
	term.send(enterKey)
	term.waitMatch(`INC-2  triage since 00:25  Search latency above SLO`, `added follow-up action 2: Document the index rebuild`)
	waitForStore(t, s, "alice in INC-2", func(st *model.State) bool {
		return strings.Contains(strings.Join(st.PeopleIn("INC-2"), ","), "alice")
	})
}

// /followups mine in a room opens the same screen over it; esc returns to
// the room.
func TestFollowupsFromTheRoom(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	seedNight(t, s, clock)
	term := startTerminal(t, New(sessionOptions(t, s, bob, clock)), 80, 24)
	term.waitFor("INC-1")
	term.send(enterKey)
	term.waitFor("here: bob")
	term.send(line("/followups mine")...)
	term.waitFor("My open follow-ups (bob): 0", "You own no open follow-ups")
	term.send(char('m'))
	term.waitFor("Open follow-ups: 1", "Write the post-incident review")
	term.send(escKey)
	term.waitFor("here: bob", "> type a note")
}
