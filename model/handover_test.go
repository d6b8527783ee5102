package model

import (
	"reflect"
	"testing"
	"time"
)

// handover checks the pending offer (nil for none).
func handover(want *Handover) func(*testing.T, *room) {
	return func(t *testing.T, r *room) {
		if got := r.inc().Handover; !reflect.DeepEqual(got, want) {
			t.Errorf("handover = %+v, want %+v", got, want)
		}
	}
}

// offerTo is alice's offer to user at t0+at, which lapses five minutes
// later (DefaultHandoverTimeout).
func offerTo(user string, at time.Duration) step {
	return step{at: at, by: alice, cmd: OfferHandover{Incident: "INC-1", To: user}}
}

func TestOfferHandover(t *testing.T) {
	offer := func(to string) Command { return OfferHandover{Incident: "INC-1", To: to} }
	runCases(t, warRules(), []decideCase{
		{name: "the IC offers", setup: opened(), at: time.Minute, by: alice, cmd: offer("bob"),
			want: HandoverOffered{To: "bob", Expires: at(6 * time.Minute)}, text: "offered incident commander to bob (until 03:06:00 UTC)",
			check: func(t *testing.T, r *room) {
				handover(&Handover{Seq: 2, From: "alice", To: "bob", Expires: at(6 * time.Minute)})(t, r)
				roles(map[string]string{RoleCommander: "alice"})(t, r)
			}},
		{name: "an admin offers for the IC", setup: opened(), by: admin, cmd: offer("@bob"),
			want: HandoverOffered{To: "bob", Expires: at(5 * time.Minute)}, text: "offered incident commander to bob (until 03:05:00 UTC)",
			check: handover(&Handover{Seq: 2, From: "alice", To: "bob", Expires: at(5 * time.Minute)})},
		{name: "a new offer withdraws the pending one", setup: opened(offerTo("bob", 0)), at: time.Minute, by: alice, cmd: offer("carol"),
			want:  HandoverOffered{To: "carol", Expires: at(6 * time.Minute), Replaces: "bob"},
			text:  "offered incident commander to carol (until 03:06:00 UTC; withdrawing the offer to bob)",
			check: handover(&Handover{Seq: 3, From: "alice", To: "carol", Expires: at(6 * time.Minute)})},
		{name: "the same user again once the offer ran out", setup: opened(offerTo("bob", 0)), at: 5 * time.Minute, by: alice, cmd: offer("bob"),
			want: HandoverOffered{To: "bob", Expires: at(10 * time.Minute)}, text: "offered incident commander to bob (until 03:10:00 UTC)",
			check: handover(&Handover{Seq: 3, From: "alice", To: "bob", Expires: at(10 * time.Minute)})},

		{name: "a responder who is not IC", setup: opened(), by: bob, cmd: offer("bob"),
			code: CodeForbidden, msg: []string{"only the incident commander (alice) or an admin may hand over"}},
		{name: "an observer", setup: opened(), by: observer, cmd: offer("bob"),
			code: CodeForbidden, msg: []string{"observer"}},
		{name: "to the IC", setup: opened(), by: alice, cmd: offer("alice"),
			code: CodeConflict, msg: []string{"alice is already incident commander"}},
		{name: "while IC is vacant", setup: opened(step{by: alice, cmd: UnassignRole{Incident: "INC-1", Role: "ic"}}), by: bob, cmd: offer("bob"),
			code: CodeConflict, msg: []string{"incident commander is vacant: bob can /take ic"}},
		{name: "to someone with a pending offer", setup: opened(offerTo("bob", 0)), at: 4 * time.Minute, by: alice, cmd: offer("bob"),
			code: CodeConflict, msg: []string{"bob already has an offer, open until 03:05:00 UTC"}},
		{name: "to an unknown user", setup: opened(), by: alice, cmd: offer("zed"),
			code: CodeNotFound, msg: []string{`no user "zed" on this server`}},
		{name: "to an observer", setup: opened(), by: alice, cmd: offer("olive"),
			code: CodeForbidden, msg: []string{"olive is an observer and cannot be incident commander"}},
		{name: "on a resolved incident", setup: opened(step{by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}}), by: alice, cmd: offer("bob"),
			code: CodeConflict, msg: []string{"INC-1 is resolved; reopen it (/status investigating) to hand over"}},
	})
}

func TestAnswerHandover(t *testing.T) {
	answer := func(accept bool) Command { return AnswerHandover{Incident: "INC-1", Accept: accept} }
	runCases(t, warRules(), []decideCase{
		{name: "the offered user accepts", setup: opened(offerTo("bob", 0)), at: time.Minute, by: bob, cmd: answer(true),
			want: HandoverEnded{Outcome: HandoverAccepted, From: "alice", To: "bob"}, text: "accepted incident commander from alice",
			check: func(t *testing.T, r *room) {
				handover(nil)(t, r)
				roles(map[string]string{RoleCommander: "bob"})(t, r)
				_, err := r.try(step{by: alice, cmd: SetSeverity{Incident: "INC-1", Severity: Sev1}})
				checkRefusal(t, err, CodeForbidden, "only the incident commander (bob)")
			}},
		{name: "accepting keeps the new IC's other roles",
			setup: opened(step{by: alice, cmd: AssignRole{Incident: "INC-1", Role: "scribe", User: "bob"}}, offerTo("bob", 0)),
			by:    bob, cmd: answer(true), check: roles(map[string]string{RoleCommander: "bob", RoleScribe: "bob"})},
		{name: "accepting an admin's offer names the IC it came from", setup: opened(step{by: admin, cmd: OfferHandover{Incident: "INC-1", To: "bob"}}),
			by: bob, cmd: answer(true), text: "accepted incident commander from alice"},
		{name: "the offered user declines", setup: opened(offerTo("bob", 0)), at: time.Minute, by: bob, cmd: answer(false),
			want: HandoverEnded{Outcome: HandoverDeclined, From: "alice", To: "bob"}, text: "declined incident commander from alice",
			check: func(t *testing.T, r *room) {
				handover(nil)(t, r)
				roles(map[string]string{RoleCommander: "alice"})(t, r)
			}},
		{name: "just before it lapses", setup: opened(offerTo("bob", 0)), at: 5*time.Minute - time.Nanosecond, by: bob, cmd: answer(true),
			text: "accepted incident commander from alice"},

		{name: "someone else", setup: opened(offerTo("bob", 0)), by: carol, cmd: answer(true),
			code: CodeNotFound, msg: []string{"no handover is offered to you on INC-1"}},
		{name: "the IC who offered", setup: opened(offerTo("bob", 0)), by: alice, cmd: answer(false),
			code: CodeNotFound, msg: []string{"no handover is offered to you"}},
		{name: "an admin for the offered user", setup: opened(offerTo("bob", 0)), by: admin, cmd: answer(true),
			code: CodeNotFound, msg: []string{"no handover is offered to you"}},
		{name: "without an offer", setup: opened(), by: bob, cmd: answer(true),
			code: CodeNotFound, msg: []string{"no handover is offered to you on INC-1"}},
		{name: "a replaced offer", setup: opened(offerTo("bob", 0), offerTo("carol", time.Minute)), by: bob, cmd: answer(true),
			code: CodeNotFound, msg: []string{"no handover is offered to you"}},
		{name: "an answered offer", setup: opened(offerTo("bob", 0), step{by: bob, cmd: answer(false)}), by: bob, cmd: answer(true),
			code: CodeNotFound, msg: []string{"no handover is offered to you"}},
		{name: "once it lapsed", setup: opened(offerTo("bob", 0)), at: 5 * time.Minute, by: bob, cmd: answer(true),
			code: CodeConflict, msg: []string{"the offer lapsed at 03:05:00 UTC; ask alice to offer again"}},
		{name: "the IC left the role", setup: opened(offerTo("bob", 0), step{by: alice, cmd: UnassignRole{Incident: "INC-1", Role: "ic"}}), by: bob, cmd: answer(true),
			code: CodeNotFound, msg: []string{"no handover is offered to you"}},
	})
}

func TestLapseHandover(t *testing.T) {
	lapse := func(offer uint64) Command { return LapseHandover{Incident: "INC-1", Offer: offer} }
	lapsed := func(t *testing.T, r *room) {
		handover(nil)(t, r)
		roles(map[string]string{RoleCommander: "alice"})(t, r)
	}
	runCases(t, warRules(), []decideCase{
		{name: "at its expiry", setup: opened(offerTo("bob", time.Minute)), at: 6 * time.Minute, by: System(), cmd: lapse(2),
			want: HandoverEnded{Outcome: HandoverLapsed, From: "alice", To: "bob"}, text: "the offer of incident commander to bob lapsed unanswered",
			check: lapsed},
		{name: "after its expiry", setup: opened(offerTo("bob", 0)), at: time.Hour, by: System(), cmd: lapse(2), check: lapsed},

		{name: "before its expiry", setup: opened(offerTo("bob", time.Minute)), at: 6*time.Minute - time.Second, by: System(), cmd: lapse(2),
			code: CodeNotYet, msg: []string{"the offer stands until 2026-11-28T03:06:00Z"}},
		{name: "by a person", setup: opened(offerTo("bob", 0)), at: time.Hour, by: alice, cmd: lapse(2),
			code: CodeForbidden, msg: []string{"only the server itself records a lapsed handover"}},
		{name: "by an admin", setup: opened(offerTo("bob", 0)), at: time.Hour, by: admin, cmd: lapse(2),
			code: CodeForbidden, msg: []string{"only the server itself"}},
		{name: "a replaced offer", setup: opened(offerTo("bob", 0), offerTo("carol", time.Minute)), at: time.Hour, by: System(), cmd: lapse(2),
			code: CodeConflict, msg: []string{"the offer was already answered or replaced"}},
		{name: "an accepted offer", setup: opened(offerTo("bob", 0), step{by: bob, cmd: AnswerHandover{Incident: "INC-1", Accept: true}}), at: time.Hour, by: System(), cmd: lapse(2),
			code: CodeConflict, msg: []string{"already answered or replaced"}},
		{name: "twice", setup: opened(offerTo("bob", 0), step{at: time.Hour, by: System(), cmd: lapse(2)}), by: System(), cmd: lapse(2),
			code: CodeConflict, msg: []string{"already answered or replaced"}},
	})
}

// An offer stands for the rules' handover timeout, fixed when it is made.
func TestHandoverTimeoutComesFromTheRules(t *testing.T) {
	rules := warRules()
	rules.HandoverTimeout = 90 * time.Second
	r := newRoom(t, rules, opened(offerTo("bob", 0))...)
	if got, want := r.inc().Handover.Expires, at(90*time.Second); !got.Equal(want) {
		t.Errorf("expires %v, want %v", got, want)
	}
}

// Giving the IC role any other way ends a pending offer. By command that
// is only the IC leaving the role (a held IC cannot be assigned or taken),
// but the fold ends it for any change of holder.
func TestChangingCommanderEndsTheOffer(t *testing.T) {
	r := newRoom(t, warRules(), opened(offerTo("bob", 0))...)
	for _, change := range []RoleChanged{
		{Role: RoleCommander, Prev: "alice"},
		{Role: RoleCommander, User: "carol", Prev: "alice"},
	} {
		s := mustApply(t, r.s, 1, change)
		if inc, _ := s.Incident("INC-1"); inc.Handover != nil {
			t.Errorf("after %+v the offer to %s still stands", change, inc.Handover.To)
		}
	}
	s := mustApply(t, r.s, 1, RoleChanged{Role: RoleScribe, User: "carol"})
	if inc, _ := s.Incident("INC-1"); inc.Handover == nil {
		t.Errorf("assigning the scribe ended the offer of incident commander")
	}
}
