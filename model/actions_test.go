package model

import (
	"fmt"
	"reflect"
	"testing"
	"time"
)

// date is a calendar day, for due days in the tables (t0 is 2026-11-28).
func date(year int, month time.Month, day int) Day {
	return DayOf(time.Date(year, month, day, 12, 0, 0, 0, time.UTC))
}

// actions checks the incident's action items, one line each.
func actions(want ...string) func(*testing.T, *room) {
	return func(t *testing.T, r *room) {
		var got []string
		for _, a := range r.inc().Actions {
			done := ""
			if !a.DoneAt.IsZero() {
				done = " at +" + a.DoneAt.Sub(t0).String()
			}
			got = append(got, fmt.Sprintf("%d %s %q owner=%q due=%q %s%s by %s at +%s",
				a.N, a.Kind, a.Title, a.Owner, a.Due, a.State, done, a.CreatedBy, a.CreatedAt.Sub(t0)))
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("actions:\n%q\nwant\n%q", got, want)
		}
	}
}

func addAction(title string) step {
	return step{by: alice, cmd: AddAction{Incident: "INC-1", Title: title}}
}

func TestAddAction(t *testing.T) {
	resolved := opened(step{by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}})
	runCases(t, warRules(), []decideCase{
		{name: "a mitigation while open", setup: opened(), at: time.Minute, by: bob, cmd: AddAction{Incident: "INC-1", Title: " roll back \x1b[31mdeploy "},
			want: ActionAdded{N: 1, Title: "roll back deploy", Type: ActionMitigation}, text: "added mitigation action 1: roll back deploy",
			check: actions(`1 mitigation "roll back deploy" owner="" due="" open by bob at +1m0s`)},
		{name: "numbered in order", setup: opened(addAction("a"), addAction("b")), by: alice, cmd: AddAction{Incident: "INC-1", Title: "c"},
			want: ActionAdded{N: 3, Title: "c", Type: ActionMitigation}, text: "added mitigation action 3: c"},
		{name: "with owner and due day", setup: opened(), by: alice, cmd: AddAction{Incident: "INC-1", Title: "page db vendor", Owner: "@bob", Due: date(2026, 12, 1)},
			want: ActionAdded{N: 1, Title: "page db vendor", Owner: "bob", Due: date(2026, 12, 1), Type: ActionMitigation},
			text: "added mitigation action 1: page db vendor (owner bob) due 2026-12-01"},
		{name: "due today", setup: opened(), by: alice, cmd: AddAction{Incident: "INC-1", Title: "x", Due: date(2026, 11, 28)},
			text: "added mitigation action 1: x due 2026-11-28"},
		{name: "a follow-up by its short name", setup: opened(), by: alice, cmd: AddAction{Incident: "INC-1", Title: "postmortem", Kind: "FollowUp"},
			want: ActionAdded{N: 1, Title: "postmortem", Type: ActionFollowUp}, text: "added follow-up action 1: postmortem"},
		{name: "a follow-up by default once resolved", setup: resolved, by: alice, cmd: AddAction{Incident: "INC-1", Title: "add an alert"},
			want: ActionAdded{N: 1, Title: "add an alert", Type: ActionFollowUp}, text: "added follow-up action 1: add an alert"},
		{name: "a mitigation on a resolved incident when asked", setup: resolved, by: alice, cmd: AddAction{Incident: "INC-1", Title: "x", Kind: ActionMitigation},
			want: ActionAdded{N: 1, Title: "x", Type: ActionMitigation}},

		{name: "an empty title", setup: opened(), by: alice, cmd: AddAction{Incident: "INC-1", Title: "  "},
			code: CodeInvalid, msg: []string{"the action is empty"}},
		{name: "an unknown kind", setup: opened(), by: alice, cmd: AddAction{Incident: "INC-1", Title: "x", Kind: "later"},
			code: CodeInvalid, msg: []string{`no action kind "later" (mitigation or follow-up)`}},
		{name: "an unknown owner", setup: opened(), by: alice, cmd: AddAction{Incident: "INC-1", Title: "x", Owner: "zed"},
			code: CodeNotFound, msg: []string{`no user "zed" on this server`}},
		{name: "a due day in the past", setup: opened(), by: alice, cmd: AddAction{Incident: "INC-1", Title: "x", Due: date(2026, 11, 27)},
			code: CodeInvalid, msg: []string{"the due day 2026-11-27 is in the past"}},
		{name: "an observer", setup: opened(), by: observer, cmd: AddAction{Incident: "INC-1", Title: "x"},
			code: CodeForbidden, msg: []string{"observer"}},
		{name: "an unknown incident", setup: opened(), by: alice, cmd: AddAction{Incident: "INC-2", Title: "x"},
			code: CodeNotFound, msg: []string{"no incident INC-2"}},
	})
}

func TestChangeAction(t *testing.T) {
	state := func(n int, s ActionState) Command { return SetActionState{Incident: "INC-1", N: n, State: s} }
	one := opened(addAction("roll back"))
	owned := opened(step{by: alice, cmd: AddAction{Incident: "INC-1", Title: "roll back", Owner: "bob", Due: date(2026, 12, 1)}})
	done := opened(addAction("roll back"), step{at: time.Minute, by: alice, cmd: state(1, ActionDone)})
	runCases(t, warRules(), []decideCase{
		{name: "done", setup: one, at: 2 * time.Minute, by: bob, cmd: state(1, ActionDone),
			want: ActionChanged{N: 1, Field: "state", State: ActionDone}, text: "marked action 1 done",
			check: actions(`1 mitigation "roll back" owner="" due="" done at +2m0s by alice at +0s`)},
		{name: "doing", setup: one, by: bob, cmd: state(1, ActionDoing), text: "marked action 1 doing"},
		{name: "open again", setup: done, at: 3 * time.Minute, by: bob, cmd: state(1, ActionOpen), text: "marked action 1 open",
			check: actions(`1 mitigation "roll back" owner="" due="" open by alice at +0s`)},
		{name: "assigned", setup: one, by: bob, cmd: AssignAction{Incident: "INC-1", N: 1, Owner: "@carol"},
			want: ActionChanged{N: 1, Field: "owner", Owner: "carol"}, text: "gave action 1 to carol",
			check: actions(`1 mitigation "roll back" owner="carol" due="" open by alice at +0s`)},
		{name: "reassigned", setup: owned, by: alice, cmd: AssignAction{Incident: "INC-1", N: 1, Owner: "carol"}, text: "gave action 1 to carol"},
		{name: "due", setup: one, by: bob, cmd: SetActionDue{Incident: "INC-1", N: 1, Due: date(2026, 12, 1)},
			want: ActionChanged{N: 1, Field: "due", Due: date(2026, 12, 1)}, text: "set action 1 due 2026-12-01",
			check: actions(`1 mitigation "roll back" owner="" due="2026-12-01" open by alice at +0s`)},
		{name: "due cleared", setup: owned, by: bob, cmd: SetActionDue{Incident: "INC-1", N: 1},
			want: ActionChanged{N: 1, Field: "due"}, text: "cleared action 1's due day",
			check: actions(`1 mitigation "roll back" owner="bob" due="" open by alice at +0s`)},
		{name: "on a resolved incident", setup: opened(addAction("x"), step{by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}}),
			by: bob, cmd: state(1, ActionDone), text: "marked action 1 done"},

		{name: "no such action", setup: one, by: alice, cmd: state(2, ActionDone),
			code: CodeNotFound, msg: []string{"INC-1 has no action 2 (it has 1)"}},
		{name: "action 0", setup: one, by: alice, cmd: AssignAction{Incident: "INC-1", N: 0, Owner: "bob"},
			code: CodeNotFound, msg: []string{"INC-1 has no action 0"}},
		{name: "no actions yet", setup: opened(), by: alice, cmd: SetActionDue{Incident: "INC-1", N: 1},
			code: CodeNotFound, msg: []string{"INC-1 has no action 1 (it has 0)"}},
		{name: "done twice", setup: done, by: alice, cmd: state(1, ActionDone),
			code: CodeConflict, msg: []string{"action 1 is already done"}},
		{name: "an unknown state", setup: one, by: alice, cmd: state(1, "blocked"),
			code: CodeInvalid, msg: []string{`no action state "blocked" (open, doing or done)`}},
		{name: "to its owner", setup: owned, by: alice, cmd: AssignAction{Incident: "INC-1", N: 1, Owner: "bob"},
			code: CodeConflict, msg: []string{"action 1 is already bob's"}},
		{name: "to an unknown user", setup: one, by: alice, cmd: AssignAction{Incident: "INC-1", N: 1, Owner: "zed"},
			code: CodeNotFound, msg: []string{`no user "zed"`}},
		{name: "the same due day", setup: owned, by: alice, cmd: SetActionDue{Incident: "INC-1", N: 1, Due: date(2026, 12, 1)},
			code: CodeConflict, msg: []string{"action 1 is already due 2026-12-01"}},
		{name: "clearing no due day", setup: one, by: alice, cmd: SetActionDue{Incident: "INC-1", N: 1},
			code: CodeConflict, msg: []string{"action 1 has no due day to clear"}},
		{name: "due in the past", setup: one, by: alice, cmd: SetActionDue{Incident: "INC-1", N: 1, Due: date(2026, 11, 1)},
			code: CodeInvalid, msg: []string{"the due day 2026-11-01 is in the past"}},
		{name: "an observer", setup: one, by: observer, cmd: state(1, ActionDone),
			code: CodeForbidden, msg: []string{"observer"}},
	})
}

func TestActionOverdue(t *testing.T) {
	now := t0 // 2026-11-28 03:00 UTC
	for _, tc := range []struct {
		name string
		a    Action
		want bool
	}{
		{"due yesterday", Action{State: ActionOpen, Due: date(2026, 11, 27)}, true},
		{"due yesterday, being done", Action{State: ActionDoing, Due: date(2026, 11, 27)}, true},
		{"due today", Action{State: ActionOpen, Due: date(2026, 11, 28)}, false},
		{"due tomorrow", Action{State: ActionOpen, Due: date(2026, 11, 29)}, false},
		{"done late", Action{State: ActionDone, Due: date(2026, 11, 1)}, false},
		{"no due day", Action{State: ActionOpen}, false},
	} {
		if got := tc.a.Overdue(now); got != tc.want {
			t.Errorf("%s: overdue = %t, want %t", tc.name, got, tc.want)
		}
	}
	// Days are UTC: late evening west of Greenwich is already tomorrow.
	ny := time.FixedZone("UTC-5", -5*3600)
	if !(Action{State: ActionOpen, Due: date(2026, 11, 28)}).Overdue(time.Date(2026, 11, 29, 20, 0, 0, 0, ny)) {
		t.Errorf("an item due 2026-11-28 is not overdue at 2026-11-30 01:00 UTC")
	}
}

func TestParseActionKind(t *testing.T) {
	for in, want := range map[string]ActionKind{
		"mitigation": ActionMitigation, "Mitigate": ActionMitigation,
		"follow-up": ActionFollowUp, " followup ": ActionFollowUp, "FOLLOW": ActionFollowUp,
	} {
		if got, err := ParseActionKind(in); err != nil || got != want {
			t.Errorf("ParseActionKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseActionKind("cleanup")
	checkRefusal(t, err, CodeInvalid, `no action kind "cleanup" (mitigation or follow-up)`)
}
