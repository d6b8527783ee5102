package model

import (
	"reflect"
	"testing"
	"time"
)

func TestPostUpdate(t *testing.T) {
	update := PostUpdate{Incident: "INC-1", Text: "Checkout is failing for some customers.\nNext update in 30 minutes."}
	withComms := opened(step{by: alice, cmd: AssignRole{Incident: "INC-1", Role: "comms", User: "carol"}})
	posted := func(t *testing.T, r *room) {
		inc := r.inc()
		entry := inc.Timeline[len(inc.Timeline)-1]
		if entry.Kind != KindUpdate || !entry.IsNote() {
			t.Errorf("entry kind %s, note %t; want a stakeholder update shown as a note", entry.Kind, entry.IsNote())
		}
		sameTime(t, "LastUpdateAt", inc.LastUpdateAt, r.now)
		if !inc.LastNoteAt.IsZero() {
			t.Errorf("an update counted as a note at %v", inc.LastNoteAt)
		}
	}
	runCases(t, warRules(), []decideCase{
		{name: "the IC", setup: opened(), at: 10 * time.Minute, by: alice, cmd: update,
			want: UpdatePosted{Text: update.Text, Status: StatusTriage, Severity: Sev2}, text: update.Text, check: posted},
		{name: "with the status and severity of the moment",
			setup: opened(step{by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusIdentified}}, step{by: alice, cmd: SetSeverity{Incident: "INC-1", Severity: Sev1}}),
			by:    alice, cmd: PostUpdate{Incident: "INC-1", Text: "found it"},
			want: UpdatePosted{Text: "found it", Status: StatusIdentified, Severity: Sev1}, text: "found it"},
		{name: "the communications lead", setup: withComms, at: time.Minute, by: carol, cmd: update, text: update.Text, check: posted},
		{name: "an admin", setup: withComms, by: admin, cmd: update, text: update.Text},
		{name: "any responder while IC is vacant", setup: opened(step{by: alice, cmd: UnassignRole{Incident: "INC-1", Role: "ic"}}),
			by: bob, cmd: update, text: update.Text},
		{name: "sanitised", setup: opened(), by: alice, cmd: PostUpdate{Incident: "INC-1", Text: " all\r\nclear\x1b]0;x\x07 "},
			want: UpdatePosted{Text: "all\nclear", Status: StatusTriage, Severity: Sev2}, text: "all\nclear"},
		{name: "after the incident is resolved", setup: opened(step{by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}}),
			by: alice, cmd: PostUpdate{Incident: "INC-1", Text: "resolved"}, want: UpdatePosted{Text: "resolved", Status: StatusResolved, Severity: Sev2}},

		{name: "a responder without a communications lead", setup: opened(), by: bob, cmd: update,
			code: CodeForbidden, msg: []string{"only the incident commander (alice) or an admin may post stakeholder updates"}},
		{name: "a responder with a communications lead", setup: withComms, by: bob, cmd: update,
			code: CodeForbidden, msg: []string{"only the incident commander (alice), the communications lead (carol) or an admin may post stakeholder updates"}},
		{name: "an observer", setup: opened(), by: observer, cmd: update,
			code: CodeForbidden, msg: []string{"observer"}},
		{name: "empty", setup: opened(), by: alice, cmd: PostUpdate{Incident: "INC-1", Text: " \n "},
			code: CodeInvalid, msg: []string{"the update is empty"}},
		{name: "an unknown incident", setup: opened(), by: alice, cmd: PostUpdate{Incident: "INC-5", Text: "x"},
			code: CodeNotFound, msg: []string{"no incident INC-5"}},
	})
}

// The incident keeps every update as it was written, for the status page
// and for a resend, whatever the incident's status became since.
func TestUpdatesAreKeptAsWritten(t *testing.T) {
	r := newRoom(t, warRules(), opened(
		step{at: time.Minute, by: alice, cmd: PostUpdate{Incident: "INC-1", Text: "looking into it"}},
	)...)
	first := r.s
	r.do(step{at: 2 * time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusMonitoring}})
	r.do(step{by: alice, cmd: SetSeverity{Incident: "INC-1", Severity: Sev1}})
	r.do(step{at: 3 * time.Minute, by: alice, cmd: AssignRole{Incident: "INC-1", Role: "comms", User: "carol"}})
	r.do(step{by: carol, cmd: PostUpdate{Incident: "INC-1", Text: "fix deployed"}})

	want := []StakeholderUpdate{
		{Seq: 2, Time: at(time.Minute), By: "alice", Text: "looking into it", Status: StatusTriage, Severity: Sev2},
		{Seq: 6, Time: at(3 * time.Minute), By: "carol", Text: "fix deployed", Status: StatusMonitoring, Severity: Sev1},
	}
	if got := r.inc().Updates; !reflect.DeepEqual(got, want) {
		t.Errorf("updates = %+v\nwant %+v", got, want)
	}
	if inc, _ := first.Incident("INC-1"); !reflect.DeepEqual(inc.Updates, want[:1]) {
		t.Errorf("the state before the second update shows %+v", inc.Updates)
	}
	r.restart()
	if got := r.inc().Updates; !reflect.DeepEqual(got, want) {
		t.Errorf("after a restart updates = %+v\nwant %+v", got, want)
	}
}

func TestNextUpdateDue(t *testing.T) {
	sev1Only := warRules()
	sev1Only.Cadence = map[Severity]time.Duration{Sev1: 10 * time.Minute}
	declare := func(sev Severity) step { return step{by: alice, cmd: Declare{Title: "x", Severity: sev}} }
	update := func(at time.Duration) step {
		return step{at: at, by: alice, cmd: PostUpdate{Incident: "INC-1", Text: "u"}}
	}
	status := func(at time.Duration, s Status) step {
		return step{at: at, by: alice, cmd: SetStatus{Incident: "INC-1", Status: s}}
	}
	const none = -1
	for _, tc := range []struct {
		name  string
		rules *Rules
		steps []step
		due   time.Duration // after t0; none for no cadence
	}{
		{"SEV1 by default", warRules(), []step{declare(Sev1)}, 30 * time.Minute},
		{"SEV2 by default", warRules(), []step{declare(Sev2)}, time.Hour},
		{"SEV3 by default", warRules(), []step{declare(Sev3)}, 4 * time.Hour},
		{"SEV4 by default", warRules(), []step{declare(Sev4)}, none},
		{"after an update", warRules(), []step{declare(Sev1), update(20 * time.Minute)}, 50 * time.Minute},
		{"after a change of severity", warRules(), []step{declare(Sev3), update(time.Hour), {at: 2 * time.Hour, by: alice, cmd: SetSeverity{Incident: "INC-1", Severity: Sev1}}}, 90 * time.Minute},
		{"resolved", warRules(), []step{declare(Sev1), status(time.Minute, StatusResolved)}, none},
		{"reopened", warRules(), []step{declare(Sev1), update(5 * time.Minute), status(10*time.Minute, StatusResolved), status(time.Hour, StatusMonitoring)}, 35 * time.Minute},
		{"a configured cadence", sev1Only, []step{declare(Sev1)}, 10 * time.Minute},
		{"a severity the config leaves out", sev1Only, []step{declare(Sev2)}, none},
		{"SEV4 under a config without it", sev1Only, []step{declare(Sev4)}, none},
	} {
		r := newRoom(t, tc.rules, tc.steps...)
		due, ok := r.inc().NextUpdateDue(tc.rules)
		switch {
		case tc.due == none && ok:
			t.Errorf("%s: next update due at %v, want no cadence", tc.name, due)
		case tc.due != none && (!ok || !due.Equal(at(tc.due))):
			t.Errorf("%s: next update due at %v (%t), want %v", tc.name, due, ok, at(tc.due))
		}
	}
	if got := DefaultRules().CadenceFor(Sev4); got != 0 {
		t.Errorf("SEV4 cadence %v by default, want none", got)
	}
}
