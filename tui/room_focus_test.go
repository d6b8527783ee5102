package tui

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
)

func TestCommandLineCompletesAndRecalls(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	seedNight(t, s, clock)
	term := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 120, 40)
	term.waitFor("INC-1")
	term.send(enterKey)
	term.waitFor("here: alice, bob")

	term.send(typed("/as")...)
	term.send(tabKey)
	term.waitFor("> /assign\n", "/assign ROLE USER — give a role to someone")
	// A role completes by its short name.
	term.send(typed("sc")...)
	term.send(tabKey)
	term.waitFor("> /assign scribe\n")
	term.send(typed("b")...)
	term.send(tabKey) // bob is in the room
	term.waitFor("> /assign scribe bob\n")
	term.send(enterKey)
	term.waitMatch(`» assigned Scribe to bob \(was dave\)`, `Scribe\s+bob`, `> type a note`)

	term.send(line("the db team is on it")...)
	term.waitMatch(`alice\s+the db team is on it`, `> type a note`)

	term.send(upKey)
	term.waitFor("> the db team is on it")
	term.send(upKey)
	term.waitFor("> /assign scribe bob")
	term.send(downKey, downKey)
	term.waitFor("> type a note")
}

// Tab walks the room's areas in order; single keys act on the one
// focused; esc comes back to the command line, and from there leaves.
func TestFocusedPanesTakeSingleKeys(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	seedNight(t, s, clock)
	term := startTerminal(t, New(sessionOptions(t, s, bob, clock)), 160, 48)
	term.waitFor("PAGED", "INC-1")
	term.send(enterKey)
	term.waitFor("here: bob", "enter send")

	// The short help under the input names what the focused area does.
	for _, want := range []string{"p pin/unpin entry", "t take role", "a acknowledge page", "x/space done/reopen", "enter send", "p pin/unpin entry"} {
		term.send(tabKey)
		term.waitFor(want)
	}
	term.send(shiftTabKey, shiftTabKey, shiftTabKey) // back to the ladder
	term.waitFor("a acknowledge page")

	// bob was paged at level 2: a acknowledges, the banner goes.
	term.send(char('a'))
	term.waitMatch(`L2 team:db.*acked by bob 00:25`, `bob\s+» acknowledged the page \(level 2\)`, `L2 acked by bob`)
	term.waitGone("PAGED")

	// x marks the selected action item (the first still open) done.
	term.send(tabKey)
	term.waitFor("x/space done/reopen")
	term.send(char('x'))
	term.waitMatch(`bob\s+» marked action 1 done`, `│ #1 M done  Roll back build 4411`)

	// p pins the selected timeline entry: the marker appears on it.
	term.send(tabKey, tabKey) // past the command line to the timeline
	term.waitFor("p pin/unpin entry")
	term.send(upKey, upKey) // from the newest (#17) to #15
	term.send(char('p'))
	term.waitFor("#15 ◆ Mar 14 00:16:00")
	term.send(endKey) // the selection moved up, so the view stopped following
	term.waitMatch(`#18\s+Mar 14 00:25:00 bob\s+» pinned entry 15`)

	// f cycles the filter; pinned shows only the pinned entries.
	term.send(char('f'))
	screen := term.waitFor("showing pinned · /filter all")
	for _, hidden := range []string{"#14 ", "#16 ", "#18 "} {
		if strings.Contains(screen, hidden) {
			t.Errorf("the pinned filter shows %s:\n%s", hidden, screen)
		}
	}
	if !strings.Contains(screen, "#7 ◆") || !strings.Contains(screen, "#15 ◆") {
		t.Errorf("the pinned filter hides a pinned entry:\n%s", screen)
	}
	term.send(char('f'), char('f'), char('f'))
	term.waitGone("showing")

	term.send(escKey)
	term.waitFor("enter send")
	term.send(escKey)
	term.waitFor("enter join")
	waitForStore(t, s, "bob back on the list", func(st *model.State) bool {
		return strings.Join(st.PeopleIn(""), ",") == "bob"
	})
}

// Below 120 columns the panes become tabs that follow the focus.
func TestNarrowRoomShowsPanesAsTabs(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	seedNight(t, s, clock)
	term := startTerminal(t, New(sessionOptions(t, s, alice, clock)), 80, 24)
	term.waitFor("INC-1")
	term.send(enterKey)
	term.waitFor(" Timeline  Roles  Ladder  Actions  tab ", "Rollback started")

	term.send(tabKey, tabKey, tabKey)
	screen := term.waitFor("policy default", "a acknowledge page")
	// The ladder has the whole width: full target names, the state at
	// the right edge, and no timeline beside it.
	if l := lineWith(screen, `^L2 team:db \(bob, dave\)\s+paged at Mar 13 23:45 · ack in 20m$`); len([]rune(l)) != 80 {
		t.Errorf("the ladder's level 2 does not span the width: %q\n%s", l, screen)
	}
	if strings.Contains(screen, "Rollback started") || strings.Contains(screen, "│") {
		t.Errorf("the timeline shows beside the ladder tab:\n%s", screen)
	}
	term.send(tabKey)
	term.waitMatch(`(?m)^#1 mit  open  Roll back build 4411\s+bob overdue Mar 13$`)
}
