package model

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// renderRoom shows what of INC-1 lives in maps and slices an Apply copies
// before changing (roles, pins, actions, pages, deliveries, the offer) and
// the preferences of the people in the room.
func renderRoom(t *testing.T, s *State) string {
	t.Helper()
	inc, ok := s.Incident("INC-1")
	if !ok {
		t.Fatalf("seq %d has no INC-1", s.Seq)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "roles %v\npinned %v\nentries %d\n", inc.Roles, inc.Pinned, len(inc.Timeline))
	if h := inc.Handover; h != nil {
		fmt.Fprintf(&b, "handover %+v\n", *h)
	}
	for _, a := range inc.Actions {
		fmt.Fprintf(&b, "action %+v\n", a)
	}
	for _, p := range inc.Ladder.Pages {
		fmt.Fprintf(&b, "page %+v\n", p)
	}
	for _, d := range inc.Deliveries {
		fmt.Fprintf(&b, "delivery %+v\n", d)
	}
	for _, user := range []string{"alice", "bob"} {
		fmt.Fprintf(&b, "%s prefs %+v\n", user, s.Prefs(user))
	}
	return b.String()
}

// Every step changes a map or slice that the States before it hold; each
// of those States must still show what it showed when it was current.
func TestEarlierStatesKeepTheirRoom(t *testing.T) {
	type checkpoint struct {
		s    *State
		want string
	}
	r := newRoom(t, warRules(), opened()...)
	checkpoints := []checkpoint{{r.s, renderRoom(t, r.s)}}
	inc := "INC-1"
	for i, st := range []step{
		{by: alice, cmd: AssignRole{Incident: inc, Role: "tech", User: "bob"}},
		{by: alice, cmd: AssignRole{Incident: inc, Role: "tech", User: "carol"}},
		{by: alice, cmd: AssignRole{Incident: inc, Role: "scribe", User: "dave"}},
		{by: alice, cmd: UnassignRole{Incident: inc, Role: "tech"}},
		{by: bob, cmd: Pin{Incident: inc, Entry: 1, Pinned: true}},
		{by: bob, cmd: Pin{Incident: inc, Entry: 2, Pinned: true}},
		{by: bob, cmd: Pin{Incident: inc, Entry: 1}},
		{by: bob, cmd: AddAction{Incident: inc, Title: "roll back"}},
		{by: bob, cmd: AddAction{Incident: inc, Title: "scale up", Owner: "carol"}},
		{at: time.Minute, by: bob, cmd: SetActionState{Incident: inc, N: 1, State: ActionDone}},
		{by: bob, cmd: AssignAction{Incident: inc, N: 2, Owner: "dave"}},
		{by: bob, cmd: SetActionDue{Incident: inc, N: 2, Due: date(2026, 12, 1)}},
		{at: 2 * time.Minute, by: bob, cmd: Acknowledge{Incident: inc}},
		{at: 3 * time.Minute, by: alice, cmd: Escalate{Incident: inc}},
		{at: 4 * time.Minute, by: carol, cmd: Acknowledge{Incident: inc}},
		{by: System(), cmd: RecordDelivery{Incident: inc, Event: 1, Target: "slack", OK: true, Attempts: 1}},
		{by: System(), cmd: RecordDelivery{Incident: inc, Event: 1, Target: "pager", Attempts: 5, Detail: "HTTP 500"}},
		{by: alice, cmd: OfferHandover{Incident: inc, To: "bob"}},
		{by: alice, cmd: OfferHandover{Incident: inc, To: "carol"}},
		{by: carol, cmd: AnswerHandover{Incident: inc, Accept: true}},
		{by: alice, cmd: SetTheme{Theme: "dark"}},
		{by: bob, cmd: SetTheme{Theme: "light"}},
		{by: alice, cmd: SetTheme{Theme: "high-contrast"}},
	} {
		r.do(st)
		c := checkpoint{r.s, renderRoom(t, r.s)}
		if c.want == checkpoints[len(checkpoints)-1].want {
			t.Fatalf("step %d (%T) changed nothing the test renders", i+1, st.cmd)
		}
		checkpoints = append(checkpoints, c)
	}
	for _, c := range checkpoints {
		if got := renderRoom(t, c.s); got != c.want {
			t.Errorf("state at seq %d changed after later events; it shows\n%s\nwant\n%s", c.s.Seq, got, c.want)
		}
	}
}

// Apply copies every slice of an incident but the timeline before it
// grows, so two States applied to one (the store deciding again after a
// failed commit) never see each other's action items, pages or deliveries,
// even where the slice they share has room to grow in place.
func TestBranchesKeepTheirOwnItems(t *testing.T) {
	rules := warRules()
	five := make([]PolicyLevel, 5)
	for i := range five {
		five[i] = PolicyLevel{Targets: []string{fmt.Sprint("user", i+1)}, Timeout: time.Minute}
	}
	rules.Policies = []Policy{{Name: "default", Levels: five}}
	rules.Users = nil
	inc := "INC-1"
	base := newRoom(t, rules, opened(
		addAction("one"), addAction("two"), addAction("three"),
		escalate(0, bob), escalate(0, bob),
		step{by: System(), cmd: RecordDelivery{Incident: inc, Event: 1, Target: "one"}},
		step{by: System(), cmd: RecordDelivery{Incident: inc, Event: 1, Target: "two"}},
		step{by: System(), cmd: RecordDelivery{Incident: inc, Event: 1, Target: "three"}},
	)...).s
	for _, tc := range []struct {
		name string
		a, b Payload
		show func(*Incident) string
	}{
		{"actions", ActionAdded{N: 4, Title: "a", Type: ActionMitigation}, ActionAdded{N: 4, Title: "b", Type: ActionMitigation},
			func(inc *Incident) string { return inc.Actions[len(inc.Actions)-1].Title }},
		{"pages", Escalated{Level: 4, Users: []string{"a"}}, Escalated{Level: 4, Users: []string{"b"}},
			func(inc *Incident) string { return inc.Ladder.Current().Users[0] }},
		{"deliveries", Delivered{Event: 1, Entry: 1, Target: "a"}, Delivered{Event: 1, Entry: 1, Target: "b"},
			func(inc *Incident) string { return inc.Deliveries[len(inc.Deliveries)-1].Target }},
	} {
		a, b := mustApply(t, base, 1, tc.a), mustApply(t, base, 1, tc.b)
		for want, s := range map[string]*State{"a": a, "b": b} {
			if got, _ := s.Incident(inc); tc.show(got) != want {
				t.Errorf("%s: branch %s shows %q", tc.name, want, tc.show(got))
			}
		}
	}
}
