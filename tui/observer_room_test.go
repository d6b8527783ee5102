package tui

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
)

// An observer watches the same room without a command line: tab moves
// among the timeline and the panes, and every key that would change the
// incident says that observers cannot, and changes nothing.
func TestObserverMovesAmongPanesButChangesNothing(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	seedNight(t, s, clock)
	term := startTerminal(t, New(sessionOptions(t, s, olga, clock)), 160, 48)
	term.waitFor("INC-1")
	term.send(enterKey)
	screen := term.waitFor("observer", "here: bob, olga")
	if strings.Contains(screen, "> ") {
		t.Errorf("an observer has a command line:\n%s", screen)
	}
	seq := s.Snapshot().Seq

	refusal := "observers watch; they cannot change anything"
	for _, area := range []struct {
		help string   // matches the short help while the area has focus
		keys []rune   // keys that would change the incident
		not  []string // write keys the short help must not offer
	}{
		{`(?m)^↑/k up • ↓/j down • f filter`, []rune{'p'}, []string{"pin/unpin"}},
		{`(?m)^↑/k up • ↓/j down • tab next pane`, []rune{'t', 'u'}, []string{"take role", "unassign"}},
		{`(?m)^tab next pane`, []rune{'e', 'a'}, []string{"escalate", "acknowledge"}},
		{`(?m)^↑/k up • ↓/j down • tab next pane`, []rune{'x', 's', 'o'}, []string{"done/reopen", "take ownership"}},
	} {
		screen := term.waitMatch(area.help)
		for _, w := range area.not {
			if strings.Contains(lineWith(screen, "tab next pane"), w) {
				t.Errorf("an observer's help offers %q:\n%s", w, screen)
			}
		}
		for _, k := range area.keys {
			term.send(char(k))
			term.waitFor(refusal)
			term.send(downKey) // any key clears the refusal
			term.waitGone(refusal)
		}
		term.send(tabKey)
	}
	term.waitFor("f filter") // round to the timeline again: no command line on the way

	// The follow-ups screen too: x would mark one done.
	term.send(escKey) // from the timeline, an observer's home, to the list
	term.waitFor("enter join")
	term.send(char('f'))
	term.waitFor("Open follow-ups: 1")
	term.send(char('x'))
	term.waitFor(refusal)

	// The store learns nothing from an observer's keys: a marker note
	// from someone else arrives after every key was handled.
	dispatch(t, s, bob, model.PostNote{Incident: "INC-1", Text: "marker note"})
	term.send(escKey, enterKey)
	term.waitFor("marker note")
	if got := s.Snapshot().Seq; got != seq+1 {
		t.Errorf("the store moved from %d to %d; only the marker note is new", seq, got)
	}
}
