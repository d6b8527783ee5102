package tui

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
)

// foreground is the SGR parameters that set c as the text colour in true
// colour.
func foreground(c color.Color) string {
	r, g, b, _ := c.RGBA()
	return fmt.Sprintf("38;2;%d;%d;%d", r>>8, g>>8, b>>8)
}

// /theme switches this session's colours at once and is remembered: the
// user's next session starts in it, and nobody else's changes.
func TestThemeIsRememberedForTheUser(t *testing.T) {
	clock := newClock()
	s := openWarStore(t, clock)
	dispatch(t, s, alice, model.Declare{Title: "Login failures", Severity: model.Sev2})
	env := []string{"TERM=xterm-256color", "COLORTERM=truecolor"}
	term := startTerminalWith(t, New(sessionOptions(t, s, alice, clock)), 80, 24, env, colorprofile.TrueColor)
	term.waitFor("INC-1")
	term.send(enterKey)
	term.waitFor("here: alice")
	lightText := foreground(themes.Light().Text)
	if strings.Contains(term.raw.String(), lightText) {
		t.Fatalf("the light theme's text colour %q is in the dark theme's output: the check is blind", lightText)
	}

	seq := s.Snapshot().Seq
	term.send(line("/theme bogus")...)
	term.waitFor(`no theme "bogus" (dark, light, high-contrast, colour-blind, plain, auto)`, "> /theme bogus")
	if got := s.Snapshot().Seq; got != seq {
		t.Errorf("a refused /theme moved the store from %d to %d", seq, got)
	}

	term.send(clearLineKey)
	term.send(line("/theme light")...)
	waitForStore(t, s, "alice's theme saved", func(st *model.State) bool { return st.Prefs("alice").Theme == "light" })
	term.waitUntil(func(string) bool { return strings.Contains(term.raw.String(), lightText) }, "the room to be drawn in the light theme")

	if m := newApp(t, s, alice, clock); m.theme.Name != "light" {
		t.Errorf("alice's next session starts in %q, want light", m.theme.Name)
	}
	if m := newApp(t, s, bob, clock); m.theme.Name != "dark" {
		t.Errorf("bob's session starts in %q; alice's choice is hers", m.theme.Name)
	}
}
