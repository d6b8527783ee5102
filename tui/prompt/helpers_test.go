package prompt

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model/cmdline"
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

var (
	tab      = tea.KeyPressMsg{Code: tea.KeyTab}
	shiftTab = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	up       = tea.KeyPressMsg{Code: tea.KeyUp}
	down     = tea.KeyPressMsg{Code: tea.KeyDown}
	enter    = tea.KeyPressMsg{Code: tea.KeyEnter}
	left     = tea.KeyPressMsg{Code: tea.KeyLeft}
	esc      = tea.KeyPressMsg{Code: tea.KeyEscape}
)

// completionValues is what a room would offer: its roles, its people and
// the statuses.
func completionValues(kind cmdline.ArgKind) []string {
	switch kind {
	case cmdline.ArgRole:
		return []string{"comms", "comms-lead", "ic", "incident-commander", "scribe", "tech", "tech-lead"}
	case cmdline.ArgUser:
		return []string{"alice", "albert", "bob"}
	case cmdline.ArgStatus:
		return []string{"investigating", "identified", "monitoring", "resolved"}
	}
	return nil
}

// focused is a prompt ready for keys, as the room has it.
func focused(t *testing.T, limit int) *Model {
	t.Helper()
	p := New(style.New(themes.Dark()), completionValues, limit)
	p.Focus()
	if !p.Focused() {
		t.Fatal("prompt not focused after Focus")
	}
	return p
}

// typeText presses one key per character.
func typeText(p *Model, s string) {
	for _, r := range s {
		if r == ' ' {
			p.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
			continue
		}
		p.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// send types line and presses enter, then empties the prompt as the room
// does once the store accepted it.
func send(t *testing.T, p *Model, line string) {
	t.Helper()
	typeText(p, line)
	if out := p.Update(enter); out != Submitted {
		t.Fatalf("enter on %q: %v, want Submitted", line, out)
	}
	p.Reset()
}

func wantValue(t *testing.T, p *Model, want string) {
	t.Helper()
	if got := p.Value(); got != want {
		t.Fatalf("value %q, want %q", got, want)
	}
}
