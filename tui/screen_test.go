package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/warroom/warroom/model"
)

var goldenSizes = [][2]int{{80, 24}, {160, 48}}

func TestGoldenIncidentList(t *testing.T) {
	for _, size := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			clock := newClock()
			s := openStore(t, clock)
			seedIncidents(t, s, clock)
			opts := sessionOptions(t, s, alice, clock)
			opts.OpenMode = true
			term := startTerminal(t, New(opts), size[0], size[1])
			golden.RequireEqual(t, term.settled("2 on the list", "INC-4", "carol"))
		})
	}
}

func TestGoldenRoom(t *testing.T) {
	for _, actor := range []model.Actor{alice, olga} {
		for _, size := range goldenSizes {
			t.Run(fmt.Sprintf("%s/%dx%d", actor.Level, size[0], size[1]), func(t *testing.T) {
				clock := newClock()
				s := openStore(t, clock)
				seedIncidents(t, s, clock)
				term := startTerminal(t, New(sessionOptions(t, s, actor, clock)), size[0], size[1])
				term.waitFor("INC-3")
				term.send(tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyEnter})
				here := "here: " + strings.Join(sortedNames(actor.Name, "bob"), ", ")
				golden.RequireEqual(t, term.settled(here, "ticket"))
			})
		}
	}
}

func TestGoldenListHelp(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	term := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 80, 24)
	term.waitFor("No incidents")
	term.send(tea.KeyPressMsg{Code: '?', Text: "?"})
	golden.RequireEqual(t, term.settled("closes help"))
}

func sortedNames(a, b string) []string {
	if a > b {
		return []string{b, a}
	}
	return []string{a, b}
}

func TestLiveNoteFromAnotherActor(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	term := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 80, 24)
	term.waitFor("INC-1")
	term.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	term.waitFor("here: alice, carol")

	dispatch(t, s, bob, model.PostNote{Incident: "INC-1", Text: "rolling back build 4411"})
	term.waitFor("bob", "rolling back build 4411")

	// A declaration elsewhere reaches the list too.
	term.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	dispatch(t, s, bob, model.Declare{Title: "Queue depth alarm", Severity: model.Sev2})
	term.waitFor("INC-5", "Queue depth alarm")
}

func TestDeclareLandsInTheNewRoom(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	term := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 80, 24)
	term.waitFor("No incidents")

	term.send(tea.KeyPressMsg{Code: 'd', Text: "d"})
	term.waitFor("Declare an incident")
	term.send(typed("Primary database unreachable")...)
	term.send(tea.KeyPressMsg{Code: tea.KeyUp}, tea.KeyPressMsg{Code: tea.KeyEnter})
	term.waitFor("SEV2", "INC-1", "here: alice", "declared SEV2: Primary database unreachable")

	inc, ok := s.Snapshot().Incident("INC-1")
	if !ok || inc.Severity != model.Sev2 || inc.Title != "Primary database unreachable" || inc.DeclaredBy != "alice" {
		t.Fatalf("store holds %+v", inc)
	}
	waitForStore(t, s, "alice present in INC-1", func(st *model.State) bool {
		return strings.Join(st.PeopleIn("INC-1"), ",") == "alice"
	})

	term.send(typed("paging the DBA")...)
	term.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	term.waitFor("paging the DBA")
	waitForStore(t, s, "the note in INC-1", func(st *model.State) bool {
		inc, _ := st.Incident("INC-1")
		return len(inc.Timeline) == 2 && inc.Timeline[1].Text == "paging the DBA"
	})

	term.send(tea.KeyPressMsg{Code: tea.KeyEscape})
	waitForStore(t, s, "alice back on the list", func(st *model.State) bool {
		return strings.Join(st.PeopleIn(""), ",") == "alice"
	})
}

func TestObserverKeysChangeNothing(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	term := startTerminal(t, New(sessionOptions(t, s, olga, clock)), 80, 24)
	term.waitFor("INC-1")
	term.send(tea.KeyPressMsg{Code: 'd', Text: "d"}, tea.KeyPressMsg{Code: tea.KeyEnter})
	term.waitFor("observer", "here: carol, olga")

	seq := s.Snapshot().Seq
	term.send(typed("I should not be able to post this")...)
	term.send(tea.KeyPressMsg{Code: tea.KeyEnter}, tea.PasteMsg{Content: "nor this"})
	// Keys are handled in order, so once a later note from someone else is
	// on screen, the observer's keys have all been handled.
	dispatch(t, s, bob, model.PostNote{Incident: "INC-1", Text: "marker note"})
	screen := term.waitFor("marker note")
	if strings.Contains(screen, "I should not") || strings.Contains(screen, "nor this") || strings.Contains(screen, "Declare") {
		t.Errorf("observer input reached the screen:\n%s", screen)
	}
	if got := s.Snapshot().Seq; got != seq+1 {
		t.Errorf("store moved from %d to %d; only the marker note should be new", seq, got)
	}
}

func TestRefusalShownInlineUntilNextKey(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	term := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 80, 24)
	term.waitFor("INC-1")
	term.send(tea.KeyPressMsg{Code: tea.KeyEnter})
	term.waitFor("here: alice, carol")

	term.send(tea.PasteMsg{Content: strings.Repeat("長", 1500)}, tea.KeyPressMsg{Code: tea.KeyEnter})
	term.waitFor("the note is 4500 bytes; the limit is 4096 (4 KiB)")
	term.send(tea.KeyPressMsg{Code: tea.KeyPgUp})
	term.waitUntil(func(s string) bool { return !strings.Contains(s, "4 KiB") && strings.Contains(s, "enter send") },
		"the refusal to go after the next key")
}
