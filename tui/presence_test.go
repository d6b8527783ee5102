package tui

import (
	"slices"
	"testing"
)

// The server ends a session by closing its subscription. A presence report
// still in flight then must not bring the person back for good.
func TestAPresenceReportInFlightWhenTheSessionEndsIsIgnored(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	m.presence.report("INC-1")()
	if got := s.Snapshot().PeopleIn("INC-1"); !slices.Contains(got, "alice") {
		t.Fatalf("people in INC-1 = %v, want alice among them", got)
	}

	late := m.presence.report("INC-3")
	m.opts.Updates.Close()
	late()
	for _, p := range s.Snapshot().Presence() {
		if p.User == "alice" {
			t.Errorf("alice is still present (%+v) after her session ended", p)
		}
	}
}
