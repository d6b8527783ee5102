package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// The timer strip counts down to the next stakeholder update, and once it
// is overdue nudges whoever owes it: the comms lead, or the IC while that
// role is vacant. Others see that it is overdue, without the nudge.
func TestTimerStripCountsDownToAnOverdueUpdate(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	dispatch(t, s, alice, model.Declare{Title: "Login failures", Severity: model.Sev1}) // cadence 30m
	enter := func(actor model.Actor) *terminal {
		term := startTerminal(t, New(sessionOptions(t, s, actor, clock)), 120, 40)
		term.waitFor("INC-1")
		term.send(enterKey)
		term.waitFor("IC alice")
		return term
	}
	ic, responder := enter(alice), enter(bob)
	ic.waitFor("declared <1m ago · update due in 30m · L1 ack in 5:00 · no notes yet")

	clock.Set(epoch.Add(10*time.Minute + 15*time.Second))
	ic.waitFor("declared 10m ago · update due in 20m · L1 ack overdue 5:15")

	clock.Set(epoch.Add(31 * time.Minute))
	nudge := "stakeholders are waiting: /update …"
	ic.waitFor("update overdue 1:00", nudge)
	if screen := responder.waitFor("update overdue 1:00"); strings.Contains(screen, nudge) {
		t.Errorf("a responder who owes no update is nudged:\n%s", screen)
	}

	// Once bob is the comms lead, the nudge is his.
	ic.send(line("/assign comms bob")...)
	responder.waitFor("update overdue 1:00", nudge)
	ic.waitGone(nudge)

	responder.send(line("/update Some customers cannot log in; we are rolling back.")...)
	responder.waitFor("update due in 30m")
	responder.waitGone(nudge, "overdue 1:00")
	ic.waitFor("update due in 30m")
}
