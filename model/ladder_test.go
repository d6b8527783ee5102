package model

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// Under warRules the default ladder pages bob (5m), then carol and dave
// (10m), then erin (15m); alice declares at t0, so bob is paged at t0.

// escalate is a person's escalation; auto is the server clock's, for the
// level whose deadline it saw pass.
func escalate(at time.Duration, by Actor) step {
	return step{at: at, by: by, cmd: Escalate{Incident: "INC-1"}}
}

func auto(at time.Duration, level int) step {
	return step{at: at, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: level}}
}

func ack(at time.Duration, by Actor) step {
	return step{at: at, by: by, cmd: Acknowledge{Incident: "INC-1"}}
}

// pages checks the ladder's pages, rendered one per line.
func pages(want ...string) func(*testing.T, *room) {
	return func(t *testing.T, r *room) {
		var got []string
		for _, p := range r.inc().Ladder.Pages {
			acked := ""
			if p.AckedBy != "" {
				acked = fmt.Sprintf(" acked by %s at +%s", p.AckedBy, p.AckedAt.Sub(t0))
			}
			got = append(got, fmt.Sprintf("L%d %v at +%s by %q auto=%t%s", p.Level, p.Users, p.At.Sub(t0), p.By, p.Auto, acked))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("pages:\n%q\nwant\n%q", got, want)
		}
	}
}

func TestDeclareStartsTheLadder(t *testing.T) {
	declare := func(service string) Command { return Declare{Title: "checkout down", Severity: Sev1, Service: service} }
	emptyPolicy := warRules()
	emptyPolicy.Policies = []Policy{{Name: "default"}}
	spec := &LadderSpec{Policy: "default", Levels: []LadderLevel{
		{Targets: []string{"bob"}, Users: []string{"bob"}, Timeout: 5 * time.Minute},
		{Targets: []string{"team:db", "carol"}, Users: []string{"carol", "dave"}, Timeout: 10 * time.Minute},
		{Targets: []string{"erin"}, Users: []string{"erin"}, Timeout: 15 * time.Minute},
	}}
	for _, tc := range []struct {
		name   string
		rules  *Rules
		cmd    Command
		ladder *LadderSpec
		text   string
	}{
		{"the default policy", warRules(), declare(""), spec, "declared SEV1: checkout down; paged level 1: bob"},
		{"a service without its own policy", warRules(), declare("search"), spec, "declared SEV1: checkout down (service search); paged level 1: bob"},
		{"a service's own policy", warRules(), declare("Payments"),
			&LadderSpec{Policy: "payments", Levels: []LadderLevel{{Targets: []string{"dave"}, Users: []string{"dave"}, Timeout: time.Minute}}},
			"declared SEV1: checkout down (service Payments); paged level 1: dave"},
		{"no policies", DefaultRules(), declare("payments"), nil, "declared SEV1: checkout down (service payments)"},
		{"a policy without levels", emptyPolicy, declare(""), nil, "declared SEV1: checkout down"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRoom(t, tc.rules)
			e := r.do(step{by: alice, cmd: tc.cmd})
			if got := e.Data.(Declared).Ladder; !reflect.DeepEqual(got, tc.ladder) {
				t.Errorf("ladder = %+v, want %+v", got, tc.ladder)
			}
			inc := r.inc()
			if got := inc.Timeline[0].Text; got != tc.text {
				t.Errorf("entry = %q, want %q", got, tc.text)
			}
			if tc.ladder == nil {
				if inc.Ladder != nil {
					t.Errorf("ladder %+v, want none", inc.Ladder)
				}
				return
			}
			want := Page{Seq: 1, Level: 1, At: t0, Users: tc.ladder.Levels[0].Users}
			if got := inc.Ladder.Pages; len(got) != 1 || !reflect.DeepEqual(got[0], want) {
				t.Errorf("pages = %+v, want [%+v]", got, want)
			}
		})
	}
}

func TestEscalate(t *testing.T) {
	runCases(t, warRules(), []decideCase{
		{name: "any responder", setup: opened(), at: time.Minute, by: bob, cmd: Escalate{Incident: "INC-1"},
			want: Escalated{Level: 2, Users: []string{"carol", "dave"}}, text: "escalated: paged level 2: carol, dave",
			check: pages(`L1 [bob] at +0s by "" auto=false`, `L2 [carol dave] at +1m0s by "bob" auto=false`)},
		{name: "after an ack", setup: opened(ack(time.Minute, bob)), at: 2 * time.Minute, by: alice, cmd: Escalate{Incident: "INC-1"},
			text:  "escalated: paged level 2: carol, dave",
			check: pages(`L1 [bob] at +0s by "" auto=false acked by bob at +1m0s`, `L2 [carol dave] at +2m0s by "alice" auto=false`)},
		{name: "to the top", setup: opened(escalate(time.Minute, bob)), at: 2 * time.Minute, by: carol, cmd: Escalate{Incident: "INC-1"},
			want: Escalated{Level: 3, Users: []string{"erin"}}, text: "escalated: paged level 3: erin"},

		{name: "past the top", setup: opened(escalate(time.Minute, bob), escalate(2*time.Minute, bob)), by: alice, cmd: Escalate{Incident: "INC-1"},
			code: CodeConflict, msg: []string{"level 3 is the last level of policy default; page people directly"}},
		{name: "a resolved incident", setup: opened(step{by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}}), by: alice, cmd: Escalate{Incident: "INC-1"},
			code: CodeConflict, msg: []string{"INC-1 is resolved; reopen it (/status investigating) to escalate"}},
		{name: "an observer", setup: opened(), by: observer, cmd: Escalate{Incident: "INC-1"},
			code: CodeForbidden, msg: []string{"observer"}},
		{name: "an unknown incident", setup: opened(), by: alice, cmd: Escalate{Incident: "INC-3"},
			code: CodeNotFound, msg: []string{"no incident INC-3"}},
	})
	runCases(t, DefaultRules(), []decideCase{
		{name: "without a policy", setup: opened(), by: alice, cmd: Escalate{Incident: "INC-1"},
			code: CodeConflict, msg: []string{"INC-1 has no escalation policy (policies are set in the config file)"}},
	})
}

// The server's clock escalates a level whose deadline passed, naming that
// level, so that a clock that fires twice, late or after an ack is refused
// instead of paging twice.
func TestEscalationClock(t *testing.T) {
	escalated := func(t *testing.T, r *room) {
		if _, ok := r.inc().Ladder.Deadline(); !ok {
			t.Errorf("level 2 has no deadline")
		}
	}
	runCases(t, warRules(), []decideCase{
		{name: "at the deadline", setup: opened(), at: 5 * time.Minute, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 1},
			want: Escalated{Level: 2, Auto: true, Users: []string{"carol", "dave"}}, text: "level 1 was not acknowledged in time; paged level 2: carol, dave",
			check: func(t *testing.T, r *room) {
				pages(`L1 [bob] at +0s by "" auto=false`, `L2 [carol dave] at +5m0s by "" auto=true`)(t, r)
				escalated(t, r)
			}},
		{name: "late", setup: opened(), at: time.Hour, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 1},
			check: pages(`L1 [bob] at +0s by "" auto=false`, `L2 [carol dave] at +1h0m0s by "" auto=true`)},
		{name: "the next level at its own deadline", setup: opened(auto(5*time.Minute, 1)), at: 15 * time.Minute, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 2},
			want: Escalated{Level: 3, Auto: true, Users: []string{"erin"}}, text: "level 2 was not acknowledged in time; paged level 3: erin"},
		{name: "timed from a manual escalation", setup: opened(escalate(2*time.Minute, bob)), at: 12 * time.Minute, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 2},
			text: "level 2 was not acknowledged in time; paged level 3: erin"},

		{name: "before the deadline", setup: opened(), at: 5*time.Minute - time.Nanosecond, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 1},
			code: CodeNotYet, msg: []string{"level 1 is not due to escalate until 2026-11-28T03:05:00Z"}},
		{name: "before a manually paged level's deadline", setup: opened(escalate(2*time.Minute, bob)), at: 11 * time.Minute, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 2},
			code: CodeNotYet, msg: []string{"level 2 is not due to escalate until 2026-11-28T03:12:00Z"}},
		{name: "the same level twice", setup: opened(auto(5*time.Minute, 1)), by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 1},
			code: CodeConflict, msg: []string{"level 1 was already acknowledged or escalated"}},
		{name: "a level someone escalated by hand", setup: opened(escalate(time.Minute, bob)), at: 5 * time.Minute, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 1},
			code: CodeConflict, msg: []string{"level 1 was already acknowledged or escalated"}},
		{name: "after an ack", setup: opened(ack(4*time.Minute, bob)), at: 5 * time.Minute, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 1},
			code: CodeConflict, msg: []string{"level 1 was already acknowledged or escalated"}},
		{name: "the top level", setup: opened(auto(5*time.Minute, 1), auto(15*time.Minute, 2)), at: 2 * time.Hour, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 3},
			code: CodeConflict, msg: []string{"level 3 is the last level of policy default"}},
		{name: "a resolved incident", setup: opened(step{by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}}), at: 5 * time.Minute, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 1},
			code: CodeConflict, msg: []string{"INC-1 is resolved"}},
		{name: "sent by a person", setup: opened(), at: 5 * time.Minute, by: alice, cmd: Escalate{Incident: "INC-1", Auto: true, Level: 1},
			code: CodeForbidden, msg: []string{"only the server itself records an automatic escalation"}},
		{name: "sent by an admin", setup: opened(), at: 5 * time.Minute, by: admin, cmd: Escalate{Incident: "INC-1", Auto: true, Level: 1},
			code: CodeForbidden, msg: []string{"only the server itself"}},
	})
}

func TestAcknowledge(t *testing.T) {
	runCases(t, warRules(), []decideCase{
		{name: "the paged user", setup: opened(), at: time.Minute, by: bob, cmd: Acknowledge{Incident: "INC-1"},
			want: PageAcked{Level: 1}, text: "acknowledged the page (level 1)",
			check: func(t *testing.T, r *room) {
				pages(`L1 [bob] at +0s by "" auto=false acked by bob at +1m0s`)(t, r)
				sameTime(t, "AcknowledgedAt", r.inc().AcknowledgedAt, at(time.Minute))
				if _, ok := r.inc().Ladder.Deadline(); ok {
					t.Errorf("an acknowledged page still has a deadline")
				}
			}},
		{name: "a late ack after the clock escalated acks the new level", setup: opened(auto(5*time.Minute, 1)), at: 6 * time.Minute, by: bob, cmd: Acknowledge{Incident: "INC-1"},
			want: PageAcked{Level: 2}, text: "acknowledged the page (level 2)",
			check: pages(`L1 [bob] at +0s by "" auto=false`, `L2 [carol dave] at +5m0s by "" auto=true acked by bob at +6m0s`)},
		{name: "a user of the new level", setup: opened(escalate(time.Minute, alice)), at: 2 * time.Minute, by: dave, cmd: Acknowledge{Incident: "INC-1"},
			want: PageAcked{Level: 2}, text: "acknowledged the page (level 2)"},
		{name: "an earlier status change keeps AcknowledgedAt",
			setup: opened(step{at: time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusInvestigating}}),
			at:    2 * time.Minute, by: bob, cmd: Acknowledge{Incident: "INC-1"},
			check: func(t *testing.T, r *room) { sameTime(t, "AcknowledgedAt", r.inc().AcknowledgedAt, at(time.Minute)) }},

		{name: "someone not paged", setup: opened(), by: alice, cmd: Acknowledge{Incident: "INC-1"},
			code: CodeForbidden, msg: []string{"you were not paged for INC-1 (level 1 paged bob)"}},
		{name: "an admin not paged", setup: opened(), by: admin, cmd: Acknowledge{Incident: "INC-1"},
			code: CodeForbidden, msg: []string{"you were not paged"}},
		{name: "a level not yet paged", setup: opened(), by: erin, cmd: Acknowledge{Incident: "INC-1"},
			code: CodeForbidden, msg: []string{"you were not paged"}},
		{name: "twice", setup: opened(ack(time.Minute, bob)), by: bob, cmd: Acknowledge{Incident: "INC-1"},
			code: CodeConflict, msg: []string{"bob already acknowledged level 1 at 03:01:00 UTC"}},
		{name: "an observer", setup: opened(), by: observer, cmd: Acknowledge{Incident: "INC-1"},
			code: CodeForbidden, msg: []string{"observer"}},
	})
	runCases(t, DefaultRules(), []decideCase{
		{name: "without a ladder", setup: opened(), by: bob, cmd: Acknowledge{Incident: "INC-1"},
			code: CodeConflict, msg: []string{"INC-1 has no escalation ladder; nobody was paged"}},
	})
}

// What the room and the clock read off the ladder as it climbs.
func TestLadderDeadlines(t *testing.T) {
	r := newRoom(t, warRules(), opened()...)
	type view struct {
		deadline, ackDeadline   string
		bobWaits, carolWaits    bool
		bobPaged, carolWasPaged bool
	}
	look := func() view {
		l := r.inc().Ladder
		show := func(at time.Time, ok bool) string {
			if !ok {
				return "none"
			}
			return "+" + at.Sub(t0).String()
		}
		return view{show(l.Deadline()), show(l.AckDeadline()), l.Waiting("bob"), l.Waiting("carol"), l.Paged("bob"), l.Paged("carol")}
	}
	for _, tc := range []struct {
		name string
		step *step
		want view
	}{
		{"level 1 paged", nil, view{"+5m0s", "+5m0s", true, false, true, false}},
		{"level 2 paged by the clock", &step{at: 5 * time.Minute, by: System(), cmd: Escalate{Incident: "INC-1", Auto: true, Level: 1}}, view{"+15m0s", "+15m0s", true, true, true, true}},
		{"level 3 paged by hand", &step{at: 7 * time.Minute, by: bob, cmd: Escalate{Incident: "INC-1"}}, view{"none", "+22m0s", true, true, true, true}},
		{"acknowledged", &step{at: 8 * time.Minute, by: carol, cmd: Acknowledge{Incident: "INC-1"}}, view{"none", "none", false, false, true, true}},
	} {
		if tc.step != nil {
			r.do(*tc.step)
		}
		if got := look(); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
	var none *Ladder
	if none.Current() != nil || none.Paged("bob") || none.Waiting("bob") {
		t.Errorf("an incident without a ladder has a page")
	}
}

// The ladder is copied into the declaration: editing the rules (a config
// reload, or a bug sharing their slices) never moves a running incident's
// targets or deadlines.
func TestRunningIncidentKeepsItsLadder(t *testing.T) {
	rules := warRules()
	r := newRoom(t, rules, opened()...)
	def := &rules.Policies[1]
	def.Levels[0].Timeout = time.Hour
	def.Levels[1].Targets[0] = "erin"
	def.Levels[1].Timeout = time.Hour
	rules.Teams["db"][0] = "zed"
	rules.Policies = nil

	r.do(auto(5*time.Minute, 1))
	pages(`L1 [bob] at +0s by "" auto=false`, `L2 [carol dave] at +5m0s by "" auto=true`)(t, r)
	if got := r.inc().Ladder.Spec.Levels[1].Targets; !reflect.DeepEqual(got, []string{"team:db", "carol"}) {
		t.Errorf("level 2 targets = %v, want as declared", got)
	}
	if at, _ := r.inc().Ladder.Deadline(); !at.Equal(t0.Add(15 * time.Minute)) {
		t.Errorf("level 2 deadline %v, want 10 minutes after its page", at)
	}
}

// A level whose team has nobody still counts as paged, and says so.
func TestEmptyTeamLevel(t *testing.T) {
	rules := warRules()
	rules.Teams = map[string][]string{}
	r := newRoom(t, rules, opened(escalate(time.Minute, bob))...)
	if got, want := r.inc().Timeline[1].Text, "escalated: paged level 2: carol"; got != want {
		t.Errorf("entry = %q, want %q", got, want)
	}
	rules.Policies[1].Levels[0].Targets = []string{"team:nobody"}
	r = newRoom(t, rules, opened()...)
	if got, want := r.inc().Timeline[0].Text, "declared SEV2: checkout down; paged level 1: nobody (the level's team is empty)"; got != want {
		t.Errorf("entry = %q, want %q", got, want)
	}
}

// Deadlines come from events: a server restarted before a deadline pages
// at it, and one restarted after paging does not page again.
func TestEscalationClockAcrossARestart(t *testing.T) {
	r := newRoom(t, warRules(), opened()...)
	r.restart()
	if at, ok := r.inc().Ladder.Deadline(); !ok || !at.Equal(t0.Add(5*time.Minute)) {
		t.Fatalf("after a restart level 1 is due at %v (%t), want t0+5m", at, ok)
	}
	_, err := r.try(auto(4*time.Minute, 1))
	checkRefusal(t, err, CodeNotYet, "not due to escalate until")
	r.do(auto(5*time.Minute, 1))

	r.restart()
	_, err = r.try(auto(6*time.Minute, 1))
	checkRefusal(t, err, CodeConflict, "level 1 was already acknowledged or escalated")
	pages(`L1 [bob] at +0s by "" auto=false`, `L2 [carol dave] at +5m0s by "" auto=true`)(t, r)
	if at, ok := r.inc().Ladder.Deadline(); !ok || !at.Equal(t0.Add(15*time.Minute)) {
		t.Errorf("after the second restart level 2 is due at %v (%t), want t0+15m", at, ok)
	}
}
