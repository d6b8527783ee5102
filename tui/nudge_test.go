package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
)

// Whoever owes stakeholders an update is nudged on every screen once it
// falls due under the severity's cadence, and the nudge ends with the
// update.
func TestTheCommsLeadIsNudgedWhenAnUpdateFallsDue(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	dispatch(t, s, alice, model.Declare{Title: "cart is empty", Severity: model.Sev2}) // cadence 1h
	dispatch(t, s, alice, model.AssignRole{Incident: "INC-1", Role: "comms", User: "bob"})
	m := newApp(t, s, bob, clock)
	screen := func() string { return ansi.Strip(m.View().Content) }
	if strings.Contains(screen(), "UPDATE DUE") {
		t.Fatalf("nudged before the update is due:\n%s", screen())
	}
	if due, ok := m.nextDisplayChange(); !ok || due.After(epoch.Add(time.Hour)) {
		t.Fatalf("the screen next changes at %v (%v); want a wake-up when the update falls due", due, ok)
	}
	clock.Set(epoch.Add(time.Hour))
	sendAll(m, tickMsg{id: m.ticks.id})
	if !strings.Contains(screen(), "UPDATE DUE  INC-1") {
		t.Fatalf("the comms lead on the list is not nudged an hour in:\n%s", screen())
	}
	if other := newApp(t, s, alice, clock); strings.Contains(ansi.Strip(other.View().Content), "UPDATE DUE") {
		t.Error("the IC is nudged although the comms lead owes the update")
	}
	dispatch(t, s, bob, model.PostUpdate{Incident: "INC-1", Text: "Carts are being restored."})
	sendAll(m, updateMsg{State: s.Snapshot(), Events: []*model.Event{{Data: model.UpdatePosted{}}}})
	if strings.Contains(screen(), "UPDATE DUE") {
		t.Errorf("still nudged after the update:\n%s", screen())
	}
}
