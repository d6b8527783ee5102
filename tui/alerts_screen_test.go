package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
)

// A page reaches its target wherever they are: on the incident list it
// shows a banner and rings the terminal's bell, until they acknowledge it
// from another session.
func TestPageShowsABannerAndRingsOnTheList(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	onList := startTerminal(t, New(sessionOptions(t, s, carol, clock)), 80, 24)
	onList.waitFor("No incidents")
	if n := bells(onList.raw.String()); n != 0 {
		t.Fatalf("%d bells before any page", n)
	}

	dispatch(t, s, alice, model.Declare{Title: "Primary database unreachable", Severity: model.Sev1})
	onList.waitFor("PAGED  INC-1 SEV1 Primary database unreachable · level 1 · /ack in its room", "INC-1")
	onList.waitUntil(func(string) bool { return bells(onList.raw.String()) == 1 }, "the bell to ring once")
	// Unanswered, it rings again.
	clock.Set(epoch.Add(bellRepeat))
	onList.waitUntil(func(string) bool { return bells(onList.raw.String()) == 2 }, "the bell to ring again")

	// Her other session, in the room, acknowledges.
	inRoom := startTerminal(t, New(sessionOptions(t, s, carol, clock)), 80, 24)
	inRoom.waitFor("PAGED", "INC-1")
	inRoom.send(enterKey)
	inRoom.waitFor("here: carol")
	inRoom.send(line("/ack")...)
	inRoom.waitFor("acknowledged the page (level 1)")

	onList.waitGone("PAGED")
	inRoom.waitGone("PAGED")
	// Answered, it rings no more, however long after: the screen has
	// drawn a later change by the time it is counted.
	clock.Set(epoch.Add(3 * bellRepeat))
	dispatch(t, s, alice, model.SetStatus{Incident: "INC-1", Status: model.StatusInvestigating})
	onList.waitFor("investigating")
	if n := bells(onList.raw.String()); n != 2 {
		t.Errorf("the bell rang %d times; twice before the ack and never after", n)
	}
}

// Offered the incident commander role, a person sees the offer on the
// list and takes command by accepting it in the room.
func TestHandoverOfferIsAcceptedInTheRoom(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	dispatch(t, s, alice, model.Declare{Title: "Queue depth alarm", Severity: model.Sev2})
	ic := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 120, 40)
	ic.waitFor("INC-1")
	ic.send(enterKey)
	ic.waitFor("IC alice")
	offered := startTerminal(t, New(sessionOptions(t, s, bob, clock)), 80, 24)
	offered.waitFor("INC-1")

	ic.send(line("/handover bob")...)
	ic.waitMatch(`» offered incident commander to bob`, `→ bob\? \(lapses in 5:00\)`)
	// At 80 columns the offer takes its short form, deadline and all.
	offered.waitFor("IC OFFER  alice offers you IC of INC-1 · lapses in 5:00 · /accept or /decline\n")
	if n := bells(offered.raw.String()); n != 0 {
		t.Errorf("an offer rang the bell %d times; only pages ring", n)
	}

	offered.send(enterKey)
	offered.waitFor("here: alice, bob")
	offered.send(line("/accept")...)
	offered.waitFor("IC bob")
	offered.waitGone("IC OFFER")
	ic.waitMatch(`IC bob · here: alice, bob`, `Incident Commander\s+bob`)
	if inc, _ := s.Snapshot().Incident("INC-1"); inc.Commander() != "bob" || inc.Handover != nil {
		t.Errorf("after /accept the IC is %q, offer %+v", inc.Commander(), inc.Handover)
	}
}

// However long the paged incident's title, the banner still says how to
// answer: the title gives way first.
func TestPageBannerCutsTheTitleBeforeTheAck(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	title := strings.Repeat("Checkout and payments degraded in every region ", 4)
	dispatch(t, s, alice, model.Declare{Title: title, Severity: model.Sev1})
	dispatch(t, s, alice, model.Declare{Title: "Second page", Severity: model.Sev2})
	m := newApp(t, s, carol, clock)
	for _, width := range []int{80, 120} {
		sendAll(m, tea.WindowSizeMsg{Width: width, Height: 24})
		banner := strings.Split(ansi.Strip(m.View().Content), "\n")[0]
		if !strings.HasPrefix(banner, " PAGED  INC-1 SEV1 Checkout") || !strings.HasSuffix(banner, "… · level 1 · /ack in its room (+1 more)") {
			t.Errorf("at %d columns the banner reads %q", width, banner)
		}
		if w := ansi.StringWidth(banner); w > width {
			t.Errorf("at %d columns the banner is %d wide", width, w)
		}
	}
}
