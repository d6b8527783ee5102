package model

import (
	"testing"
	"time"
)

// An observer's attempt at every command is refused with the reason, even
// where the command is addressed to them: a page from a policy naming
// them, or an offer made before the users file made them an observer.
func TestObserverChangesNothing(t *testing.T) {
	rules := warRules()
	rules.Policies[1].Levels[0].Targets = []string{"bob", "olive"}
	users := rules.Users.(directory)
	users["olive"] = LevelResponder
	r := newRoom(t, rules, opened(
		offerTo("olive", 0),
		addAction("roll back"),
	)...)
	users["olive"] = LevelObserver
	r.now = at(10 * time.Minute)
	for _, cmd := range []Command{
		Declare{Title: "x"},
		PostNote{Incident: "INC-1", Text: "x"},
		SetSeverity{Incident: "INC-1", Severity: Sev1},
		SetStatus{Incident: "INC-1", Status: StatusResolved},
		AssignRole{Incident: "INC-1", Role: "tech", User: "olive"},
		UnassignRole{Incident: "INC-1", Role: "ic"},
		TakeRole{Incident: "INC-1", Role: "scribe"},
		OfferHandover{Incident: "INC-1", To: "bob"},
		AnswerHandover{Incident: "INC-1", Accept: true},
		LapseHandover{Incident: "INC-1", Offer: 2},
		Escalate{Incident: "INC-1"},
		Escalate{Incident: "INC-1", Auto: true, Level: 1},
		Acknowledge{Incident: "INC-1"},
		AddAction{Incident: "INC-1", Title: "x"},
		SetActionState{Incident: "INC-1", N: 1, State: ActionDone},
		AssignAction{Incident: "INC-1", N: 1, Owner: "olive"},
		SetActionDue{Incident: "INC-1", N: 1, Due: date(2026, 12, 1)},
		PostUpdate{Incident: "INC-1", Text: "x"},
		Pin{Incident: "INC-1", Entry: 1, Pinned: true},
		RecordDelivery{Incident: "INC-1", Event: 1, Target: "slack", OK: true},
		SetTheme{Theme: "dark"},
		notify(errorRate),
	} {
		e, err := Decide(r.s, observer, cmd, r.now)
		if e != nil {
			t.Errorf("%T: accepted as %s", cmd, e.Kind())
			continue
		}
		if ErrorCode(err) != CodeForbidden || ErrorMessage(err) != "olive is an observer and cannot change anything" {
			t.Errorf("%T: refused with %s %q", cmd, ErrorCode(err), ErrorMessage(err))
		}
	}
}

// The server's own actor may do what an admin may, and only the server
// may do what its clocks and webhooks do; it never holds a role.
func TestServerActor(t *testing.T) {
	r := newRoom(t, warRules(), opened()...)
	for _, cmd := range []Command{
		PostNote{Incident: "INC-1", Text: "alert cleared"},
		AssignRole{Incident: "INC-1", Role: "scribe", User: "bob"},
		Escalate{Incident: "INC-1"},
		SetStatus{Incident: "INC-1", Status: StatusResolved},
	} {
		r.do(step{by: System(), cmd: cmd})
	}
	for role, holder := range r.inc().Roles {
		if holder == SystemActor {
			t.Errorf("the server holds %s", role)
		}
	}
}

// Nobody may make an observer answerable for anything: they can never
// acknowledge, accept or report back.
func TestObserverIsGivenNothing(t *testing.T) {
	r := newRoom(t, warRules(), opened(addAction("roll back"))...)
	for _, tc := range []struct {
		cmd  Command
		want string
	}{
		{AssignRole{Incident: "INC-1", Role: "scribe", User: "olive"}, "olive is an observer and cannot hold a role"},
		{OfferHandover{Incident: "INC-1", To: "olive"}, "olive is an observer and cannot be incident commander"},
		{AddAction{Incident: "INC-1", Title: "check the graphs", Owner: "@olive"}, "olive is an observer and cannot own an action"},
		{AssignAction{Incident: "INC-1", N: 1, Owner: "olive"}, "olive is an observer and cannot own an action"},
	} {
		_, err := r.try(step{by: alice, cmd: tc.cmd})
		checkRefusal(t, err, CodeForbidden, tc.want)
	}
	if inc := r.inc(); len(inc.Timeline) != 2 {
		t.Errorf("the timeline has %d entries after the refusals, want 2", len(inc.Timeline))
	}
}
