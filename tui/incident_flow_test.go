package tui

import (
	"regexp"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
)

// The incident commander runs a whole incident from the keyboard in the
// wide layout, while a responder in the same room watches it live, is
// refused what only the IC may do, is paged and acknowledges.
func TestICRunsAWholeIncidentFromTheKeyboard(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	ic := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 160, 48)
	ic.waitFor("No incidents")

	ic.send(char('d'))
	ic.waitFor("Declare an incident")
	ic.send(line("Payments API timing out")...)
	ic.waitFor("declared SEV3: Payments API timing out; paged level 1: carol", "IC alice")
	ic.waitMatch(`L1 carol\s+paged at 09:30 · ack in 5:00`, `L2 team:db.*not yet`, `Incident Commander\s+alice`)

	responder := startTerminal(t, New(sessionOptions(t, s, bob, clock)), 160, 48)
	responder.waitFor("INC-1")
	responder.send(enterKey)
	responder.waitFor("here: alice, bob")
	ic.waitFor("here: alice, bob")

	// Only the IC may change the severity: the responder's line is
	// refused inline, says why, stays to be fixed, and changes nothing.
	seq := s.Snapshot().Seq
	responder.send(line("/sev 1")...)
	responder.waitFor("only the incident commander (alice) or an admin may change the severity", "> /sev 1")
	if got := s.Snapshot().Seq; got != seq {
		t.Errorf("a refused /sev moved the store from %d to %d", seq, got)
	}

	steps := []struct {
		at   time.Duration // on the clock when the line is sent
		line string
		want []string // patterns on the IC's screen once the line landed
	}{
		{0, "/sev 1", []string{`raised severity SEV3 → SEV1`, `(?m)^ SEV1  INC-1  triage`, `update due in 30m`}},
		{0, "/status identified", []string{`status triage → identified`, `INC-1  identified since 09:30`}},
		{0, "/assign tech bob", []string{`» assigned Tech Lead to bob`, `│ Tech Lead\s+bob`}},
		{0, "/action add Roll back deploy 4411 @bob due:+1d", []string{
			`added mitigation action 1: Roll back deploy 4411 \(owner bob\) due 2025-03-15`,
			`│ #1 M open  Roll back deploy 4411\s+bob Mar 15`}},
		{10 * time.Minute, "/update Card payments are failing for some customers; a fix is rolling out.", []string{
			`09:40:00 alice\s+update Card payments are failing for some customers`, `update due in 30m`}},
		{10 * time.Minute, "/escalate", []string{`escalated: paged level 2: bob, dave`,
			`L1 carol\s+paged at 09:30 · no ack`, `L2 team:db.*paged at 09:40 · ack in 1h 00m`, `L2 ack in 1h 00m`}},
	}
	for _, st := range steps {
		clock.Set(epoch.Add(st.at))
		if st.at > 0 {
			ic.waitFor("declared " + elapsed.Minutes.Format(st.at) + " ago") // the room has seen the time pass
		}
		ic.send(line(st.line)...)
		ic.waitMatch(append(st.want, `> type a note`)...)
	}
	// Everything landed on the responder's screen too, live.
	responder.waitMatch(`raised severity SEV3 → SEV1`, `assigned Tech Lead to bob`, `Roll back deploy 4411`, `escalated: paged level 2`)

	// The escalation paged the responder: his banner says so until he
	// acknowledges, and the IC's ladder shows who did.
	responder.waitFor("PAGED", "INC-1 SEV1 Payments API timing out · level 2")
	responder.send(clearLineKey) // the refused /sev 1 is still there
	responder.send(line("/ack")...)
	responder.waitGone("PAGED")
	ic.waitMatch(`acknowledged the page \(level 2\)`, `L2 team:db.*acked by bob 09:40`, `L2 acked by bob`)

	ic.send(line("/resolve")...)
	ic.waitMatch(`» resolved the incident`, `INC-1  resolved since 09:40`, `acknowledged after 0:00 · mitigated after 10:00`, `resolved after 00:10:00`)

	inc, _ := s.Snapshot().Incident("INC-1")
	if inc.Status != model.StatusResolved || inc.Severity != model.Sev1 || inc.Roles[model.RoleTechLead] != "bob" ||
		len(inc.Actions) != 1 || inc.Ladder.Current().AckedBy != "bob" || inc.LastUpdateAt.IsZero() {
		t.Errorf("the store holds %+v", inc)
	}
	// Declared, the six steps, the ack and the resolve: nine entries.
	if n := len(regexp.MustCompile(`(?m)^ ?#\d+ `).FindAllString(ic.screen(), -1)); n != 9 {
		t.Errorf("the IC's timeline shows %d entries, want 9:\n%s", n, ic.screen())
	}
}
