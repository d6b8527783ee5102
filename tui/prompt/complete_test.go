package prompt

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestTabCompletesTheLastWord(t *testing.T) {
	for _, tc := range []struct {
		name, typed, want string
	}{
		{"command name", "/ass", "/assign "},
		{"command name in capitals", "/ASS", "/assign "},
		{"second word of a command name", "/action re", "/action reopen "},
		{"role after /assign", "/assign sc", "/assign scribe "},
		{"user after the role", "/assign ic b", "/assign ic bob "},
		{"user to hand over to", "/handover bo", "/handover bob "},
		{"status", "/status mon", "/status monitoring "},
		{"@user in free text", "/note ask @bo", "/note ask @bob "},
		{"common prefix of several roles", "/assign te", "/assign tech"},
		{"common prefix of several users", "/handover a", "/handover al"},
		{"several command names sharing only what was typed", "/a", "/a"},
		{"nothing matches", "/assign zz", "/assign zz"},
		{"unknown command", "/frobnicate x", "/frobnicate x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := focused(t, 1000)
			typeText(p, tc.typed)
			if out := p.Update(tab); out != Handled {
				t.Fatalf("tab on a /command: %v, want Handled", out)
			}
			wantValue(t, p, tc.want)
		})
	}
}

func TestTabCyclesThroughOptions(t *testing.T) {
	p := focused(t, 1000)
	typeText(p, "/handover a")
	p.Update(tab)
	wantValue(t, p, "/handover al")
	if got := ansi.Strip(p.Hint()); got != "albert · alice" {
		t.Fatalf("hint %q, want the options", got)
	}
	for _, step := range []struct {
		key  tea.KeyPressMsg
		want string
	}{
		{tab, "/handover albert"},
		{tab, "/handover alice"},
		{tab, "/handover albert"}, // wraps around
		{shiftTab, "/handover alice"},
		{shiftTab, "/handover albert"},
	} {
		p.Update(step.key)
		wantValue(t, p, step.want)
	}
}

func TestShiftTabStartsFromTheLastOption(t *testing.T) {
	p := focused(t, 1000)
	typeText(p, "/a")
	p.Update(shiftTab)
	p.Update(shiftTab)
	wantValue(t, p, "/assign")
}

func TestHintHighlightsTheChosenOption(t *testing.T) {
	p := focused(t, 1000)
	typeText(p, "/ac")
	p.Update(tab)
	p.Update(tab)
	p.Update(tab)
	wantValue(t, p, "/ack")
	hint := p.Hint()
	if got := ansi.Strip(hint); got != "accept · ack · action" {
		t.Fatalf("hint %q", got)
	}
	if !strings.Contains(hint, p.styles.Selected.Render("ack")) {
		t.Errorf("the chosen option is not highlighted: %q", hint)
	}
	if strings.Contains(hint, p.styles.Selected.Render("accept")) {
		t.Errorf("an option not chosen is highlighted: %q", hint)
	}
}

func TestAnotherKeyEndsCycling(t *testing.T) {
	p := focused(t, 1000)
	typeText(p, "/a")
	p.Update(tab)
	p.Update(tab)
	wantValue(t, p, "/accept")
	p.Update(left)
	if strings.Contains(ansi.Strip(p.Hint()), "·") {
		t.Fatalf("still cycling after another key: hint %q", ansi.Strip(p.Hint()))
	}
	// A fresh tab completes the line as it now stands.
	p.Update(tab)
	wantValue(t, p, "/accept ")
}

func TestPlainTextHasNoCompletion(t *testing.T) {
	for _, typed := range []string{"", "restarting the db", "hi @al"} {
		p := focused(t, 1000)
		typeText(p, typed)
		for _, msg := range []tea.KeyPressMsg{tab, shiftTab} {
			if out := p.Update(msg); out != Ignored {
				t.Errorf("%v on %q: %v; the room needs tab to move focus", msg, typed, out)
			}
		}
		wantValue(t, p, typed)
	}
}

func TestCommonPrefixKeepsWholeCharacters(t *testing.T) {
	if got := commonPrefix([]string{"zoë", "zoé"}); got != "zo" {
		t.Errorf("commonPrefix = %q, want %q", got, "zo")
	}
}

// esc while cycling closes the options and keeps the line; with nothing
// to close it is not the prompt's key.
func TestCancelCompletionEndsTheCycle(t *testing.T) {
	m := focused(t, 4096)
	typeText(m, "/a")
	m.Update(tab)
	if m.Hint() == "" {
		t.Fatal("no options shown after tab")
	}
	line := m.Value()
	if !m.CancelCompletion() || m.Hint() != "" || m.Value() != line {
		t.Errorf("after cancel: hint %q, line %q (was %q)", m.Hint(), m.Value(), line)
	}
	if m.CancelCompletion() {
		t.Error("a second cancel found a cycle")
	}
}
