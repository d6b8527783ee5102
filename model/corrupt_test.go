package model

import (
	"encoding/json"
	"testing"
	"time"
)

// Only a damaged or foreign journal holds an event that does not fit the
// incident it names; the fold says so instead of guessing or panicking.
func TestApplyRefusesWarRoomEventsThatDoNotFit(t *testing.T) {
	laddered := newRoom(t, warRules(), opened(addAction("roll back"))...).s
	bare := newRoom(t, DefaultRules(), opened()...).s
	for _, tc := range []struct {
		name     string
		s        *State
		incident string
		data     Payload
	}{
		{"a ladder without levels", bare, "INC-2", Declared{Number: 2, Title: "x", Severity: Sev1, Ladder: &LadderSpec{Policy: "default"}}},
		{"an escalation without a ladder", bare, "INC-1", Escalated{Level: 2, Users: []string{"bob"}}},
		{"an escalation skipping a level", laddered, "INC-1", Escalated{Level: 3, Users: []string{"erin"}}},
		{"an escalation to level 0", laddered, "INC-1", Escalated{Level: 0}},
		{"an ack without a ladder", bare, "INC-1", PageAcked{Level: 1}},
		{"an ack of a level not current", laddered, "INC-1", PageAcked{Level: 2}},
		{"an action out of order", laddered, "INC-1", ActionAdded{N: 3, Title: "x", Type: ActionMitigation}},
		{"a change to a missing action", laddered, "INC-1", ActionChanged{N: 2, Field: "state", State: ActionDone}},
		{"a change to action 0", laddered, "INC-1", ActionChanged{N: 0, Field: "owner", Owner: "bob"}},
		{"a change to an unknown field", laddered, "INC-1", ActionChanged{N: 1, Field: "colour"}},
		{"a preference on an incident", laddered, "INC-1", ThemeSet{Theme: "dark"}},
		{"a role on an unknown incident", laddered, "INC-2", RoleChanged{Role: RoleScribe, User: "bob"}},
		{"alerts for an unknown incident", laddered, "INC-2", AlertsReceived{Source: "alertmanager", Alerts: []Alert{errorRate}}},
		{"a notification without alerts", laddered, "INC-1", AlertsReceived{Source: "alertmanager"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := renderState(t, tc.s)
			e := &Event{Seq: tc.s.Seq + 1, ID: NewEventID(), Incident: tc.incident, Time: t0.Add(time.Minute), Actor: "alice", Data: tc.data}
			if next, err := Apply(tc.s, e); ErrorCode(err) != CodeCorrupt || next != nil {
				t.Errorf("Apply = %v, %v; want a corrupt error and no state", next, err)
			}
			if after := renderState(t, tc.s); after != before {
				t.Errorf("the state changed:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

// renderState is every incident of s in depth, as JSON.
func renderState(t *testing.T, s *State) string {
	t.Helper()
	var incidents []*Incident
	for n := 1; ; n++ {
		inc, ok := s.Incident(IncidentID(n))
		if !ok {
			break
		}
		incidents = append(incidents, inc)
	}
	b, err := json.MarshalIndent(struct {
		Seq       uint64
		Incidents []*Incident
	}{s.Seq, incidents}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
