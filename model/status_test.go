package model

import (
	"testing"
	"time"
)

func TestSetSeverity(t *testing.T) {
	severity := func(want Severity) func(*testing.T, *room) {
		return func(t *testing.T, r *room) {
			if got := r.inc().Severity; got != want {
				t.Errorf("severity = %s, want %s", got, want)
			}
		}
	}
	vacant := opened(step{by: alice, cmd: UnassignRole{Incident: "INC-1", Role: "ic"}})
	runCases(t, warRules(), []decideCase{
		{name: "the IC raises it", setup: opened(), by: alice, cmd: SetSeverity{Incident: "INC-1", Severity: Sev1},
			want: SeverityChanged{From: Sev2, To: Sev1}, text: "raised severity SEV2 → SEV1", check: severity(Sev1)},
		{name: "the IC lowers it", setup: opened(), by: alice, cmd: SetSeverity{Incident: "inc-1", Severity: Sev4},
			want: SeverityChanged{From: Sev2, To: Sev4}, text: "lowered severity SEV2 → SEV4", check: severity(Sev4)},
		{name: "an admin", setup: opened(), by: admin, cmd: SetSeverity{Incident: "INC-1", Severity: Sev3},
			text: "lowered severity SEV2 → SEV3"},
		{name: "the server itself", setup: opened(), by: System(), cmd: SetSeverity{Incident: "INC-1", Severity: Sev1},
			text: "raised severity SEV2 → SEV1"},
		{name: "any responder while IC is vacant", setup: vacant, by: bob, cmd: SetSeverity{Incident: "INC-1", Severity: Sev1},
			text: "raised severity SEV2 → SEV1"},

		{name: "a responder who is not IC", setup: opened(), by: bob, cmd: SetSeverity{Incident: "INC-1", Severity: Sev1},
			code: CodeForbidden, msg: []string{"only the incident commander (alice) or an admin may change the severity"}},
		{name: "an observer", setup: opened(), by: observer, cmd: SetSeverity{Incident: "INC-1", Severity: Sev1},
			code: CodeForbidden, msg: []string{"olive is an observer"}},
		{name: "the same severity", setup: opened(), by: alice, cmd: SetSeverity{Incident: "INC-1", Severity: Sev2},
			code: CodeConflict, msg: []string{"INC-1 is already SEV2"}},
		{name: "severity 5", setup: opened(), by: alice, cmd: SetSeverity{Incident: "INC-1", Severity: 5},
			code: CodeInvalid, msg: []string{"severity must be 1 to 4"}},
		{name: "no severity", setup: opened(), by: alice, cmd: SetSeverity{Incident: "INC-1"},
			code: CodeInvalid, msg: []string{"severity must be 1 to 4"}},
		{name: "an unknown incident", setup: opened(), by: alice, cmd: SetSeverity{Incident: "INC-9", Severity: Sev1},
			code: CodeNotFound, msg: []string{"no incident INC-9"}},
	})
}

func TestSetStatus(t *testing.T) {
	set := func(at time.Duration, by Actor, s Status) step {
		return step{at: at, by: by, cmd: SetStatus{Incident: "INC-1", Status: s}}
	}
	// times checks the incident's timestamps as offsets from t0; a
	// negative offset means unset.
	times := func(status Status, since, acked, mitigated, resolved time.Duration) func(*testing.T, *room) {
		return func(t *testing.T, r *room) {
			inc := r.inc()
			if inc.Status != status {
				t.Errorf("status = %s, want %s", inc.Status, status)
			}
			for _, f := range []struct {
				name string
				got  time.Time
				want time.Duration
			}{{"StatusSince", inc.StatusSince, since}, {"AcknowledgedAt", inc.AcknowledgedAt, acked}, {"MitigatedAt", inc.MitigatedAt, mitigated}, {"ResolvedAt", inc.ResolvedAt, resolved}} {
				want := time.Time{}
				if f.want >= 0 {
					want = at(f.want)
				}
				sameTime(t, f.name, f.got, want)
			}
			sameTime(t, "DeclaredAt", inc.DeclaredAt, t0)
		}
	}
	const none = -1
	resolved := opened(set(10*time.Minute, alice, StatusResolved))
	runCases(t, warRules(), []decideCase{
		{name: "moving off triage acknowledges", setup: opened(), at: time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusInvestigating},
			want: StatusChanged{From: StatusTriage, To: StatusInvestigating}, text: "status triage → investigating",
			check: times(StatusInvestigating, time.Minute, time.Minute, none, none)},
		{name: "a status in any case", setup: opened(), at: time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: " Identified "},
			want: StatusChanged{From: StatusTriage, To: StatusIdentified}, text: "status triage → identified"},
		{name: "an earlier ack is kept", setup: opened(step{at: time.Minute, by: bob, cmd: Acknowledge{Incident: "INC-1"}}),
			at: 2 * time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusIdentified},
			check: times(StatusIdentified, 2*time.Minute, time.Minute, none, none)},
		{name: "monitoring mitigates", setup: opened(set(time.Minute, alice, StatusIdentified)), at: 3 * time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusMonitoring},
			text: "status identified → monitoring", check: times(StatusMonitoring, 3*time.Minute, time.Minute, 3*time.Minute, none)},
		{name: "resolving after monitoring keeps when it was mitigated",
			setup: opened(set(time.Minute, alice, StatusMonitoring), set(2*time.Minute, alice, StatusInvestigating)),
			at:    5 * time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved},
			want: StatusChanged{From: StatusInvestigating, To: StatusResolved}, text: "resolved the incident",
			check: times(StatusResolved, 5*time.Minute, time.Minute, time.Minute, 5*time.Minute)},
		{name: "resolving straight from triage mitigates too", setup: opened(), at: 4 * time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved},
			text: "resolved the incident", check: times(StatusResolved, 4*time.Minute, 4*time.Minute, 4*time.Minute, 4*time.Minute)},
		{name: "reopening clears resolved", setup: resolved, at: 20 * time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusInvestigating},
			want: StatusChanged{From: StatusResolved, To: StatusInvestigating}, text: "reopened the incident: investigating",
			check: times(StatusInvestigating, 20*time.Minute, 10*time.Minute, 10*time.Minute, none)},
		{name: "resolving again after a reopen", setup: opened(set(10*time.Minute, alice, StatusResolved), set(20*time.Minute, alice, StatusMonitoring)),
			at: 30 * time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved},
			check: times(StatusResolved, 30*time.Minute, 10*time.Minute, 10*time.Minute, 30*time.Minute)},
		{name: "an admin resolves", setup: opened(), by: admin, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}, text: "resolved the incident"},
		{name: "any responder while IC is vacant", setup: opened(step{by: alice, cmd: UnassignRole{Incident: "INC-1", Role: "ic"}}),
			by: bob, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}, text: "resolved the incident"},

		{name: "a responder who is not IC", setup: opened(), by: bob, cmd: SetStatus{Incident: "INC-1", Status: StatusIdentified},
			code: CodeForbidden, msg: []string{"only the incident commander (alice) or an admin may change the status"}},
		{name: "a responder who is not IC resolves", setup: opened(), by: bob, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved},
			code: CodeForbidden, msg: []string{"only the incident commander (alice) or an admin may resolve the incident"}},
		{name: "an observer", setup: opened(), by: observer, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved},
			code: CodeForbidden, msg: []string{"olive is an observer"}},
		{name: "back to triage", setup: opened(set(time.Minute, alice, StatusInvestigating)), by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusTriage},
			code: CodeInvalid, msg: []string{"triage is where incidents start", "investigating, identified, monitoring or resolved"}},
		{name: "reopening to triage", setup: resolved, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusTriage},
			code: CodeInvalid, msg: []string{"triage is where incidents start"}},
		{name: "the same status", setup: opened(set(time.Minute, alice, StatusInvestigating)), by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusInvestigating},
			code: CodeConflict, msg: []string{"INC-1 is already investigating"}},
		{name: "resolving twice", setup: resolved, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved},
			code: CodeConflict, msg: []string{"INC-1 is already resolved"}},
		{name: "an unknown status", setup: opened(), by: alice, cmd: SetStatus{Incident: "INC-1", Status: "fixed\x1b[2J"},
			code: CodeInvalid, msg: []string{`no status "fixed"`, "triage, investigating, identified, monitoring, resolved"}},
		{name: "an unknown incident", setup: opened(), by: alice, cmd: SetStatus{Incident: "INC-2", Status: StatusResolved},
			code: CodeNotFound, msg: []string{"no incident INC-2"}},
	})
}

// Resolving ends a pending handover offer, and reopening gives an
// unanswered page its full timeout again rather than escalating at once.
func TestResolveAndReopenRestartTheClocks(t *testing.T) {
	rules := DefaultRules()
	rules.HandoverTimeout = time.Minute
	rules.Policies = []Policy{{Name: "default", Levels: []PolicyLevel{
		{Targets: []string{"bob"}, Timeout: 5 * time.Minute}, {Targets: []string{"carol"}, Timeout: 5 * time.Minute},
	}}}
	s := NewState(rules)
	at := t0
	run := func(c Command) {
		t.Helper()
		e, err := Decide(s, responder, c, at)
		if err != nil {
			t.Fatalf("decide %#v: %v", c, err)
		}
		e.Seq, e.ID = s.Seq+1, NewEventID()
		if s, err = Apply(s, e); err != nil {
			t.Fatal(err)
		}
	}
	run(Declare{Title: "x"})
	run(OfferHandover{Incident: "INC-1", To: "dave"})
	run(SetStatus{Incident: "INC-1", Status: StatusResolved})
	inc, _ := s.Incident("INC-1")
	if inc.Handover != nil {
		t.Errorf("a resolved incident keeps the offer to %s", inc.Handover.To)
	}
	at = t0.Add(time.Hour)
	run(SetStatus{Incident: "INC-1", Status: StatusInvestigating})
	inc, _ = s.Incident("INC-1")
	if due, ok := inc.Ladder.Deadline(); !ok || !due.Equal(at.Add(5*time.Minute)) {
		t.Errorf("after the reopen level 1 escalates at %v (%v), want %v", due, ok, at.Add(5*time.Minute))
	}
}
