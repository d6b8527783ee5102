package tui

import (
	"image/color"
	"regexp"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// sgrSequence and oscColour find the escape sequences that set colours:
// SGR foreground/background/underline colours and the OSC 10/11/12
// terminal colours (queries, which end in "?", set nothing).
var (
	sgrSequence = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)
	oscColour   = regexp.MustCompile(`\x1b\]1[0-2];[^?]`)
)

// colourSequences returns the colour-setting sequences in raw output.
func colourSequences(raw string) []string {
	out := oscColour.FindAllString(raw, -1)
	for _, m := range sgrSequence.FindAllStringSubmatch(raw, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, _ := strconv.Atoi(p)
			if (n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107) || n == 58 {
				out = append(out, strconv.Quote(m[0]))
				break
			}
		}
	}
	return out
}

func TestNoColourMeansNoColourSequences(t *testing.T) {
	tests := []struct {
		name       string
		env        []string
		profile    colorprofile.Profile
		wantColour bool
	}{
		// What wish does for an emulated PTY: the profile from the
		// client's environment, where NO_COLOR makes it Ascii.
		{"NO_COLOR=1 from the environment", []string{"TERM=xterm-256color", "NO_COLOR=1"}, colorprofile.Env([]string{"TERM=xterm-256color", "NO_COLOR=1"}), false},
		// Any non-empty NO_COLOR counts (no-color.org), even where the
		// profile detection does not read it and colours are forced.
		{"NO_COLOR=yes with true colour", []string{"TERM=xterm-256color", "NO_COLOR=yes"}, colorprofile.TrueColor, false},
		{"colour terminal", []string{"TERM=xterm-256color", "COLORTERM=truecolor"}, colorprofile.TrueColor, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			s := openStore(t, clock)
			seedIncidents(t, s, clock)
			term := startTerminalWith(t, New(sessionOptions(t, s, alice, clock)), 80, 24, tt.env, tt.profile)
			term.waitFor("INC-4")
			term.send(tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyEnter})
			term.send(typed("typing")...)
			term.settled("ticket", "> typing")

			got := colourSequences(term.raw.String())
			if tt.wantColour && len(got) == 0 {
				t.Fatal("no colour sequences at all: the check is blind")
			}
			if !tt.wantColour && len(got) > 0 {
				t.Errorf("%d colour sequences, the first %s", len(got), got[0])
			}
		})
	}
}

func TestThemeFollowsTheClientBackground(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	m := newApp(t, s, alice, clock)
	if m.theme.Name != "dark" {
		t.Fatalf("theme before the client answers is %q, want dark", m.theme.Name)
	}
	sendAll(m, tea.BackgroundColorMsg{Color: color.White})
	if m.theme.Name != "light" {
		t.Errorf("on a white background the theme is %q", m.theme.Name)
	}
	sendAll(m, tea.EnvMsg{"NO_COLOR=1"})
	if m.theme.Name != "plain" {
		t.Errorf("with NO_COLOR the theme is %q", m.theme.Name)
	}
	sendAll(m, tea.BackgroundColorMsg{Color: color.Black})
	if m.theme.Name != "plain" {
		t.Errorf("with NO_COLOR on a dark background the theme is %q", m.theme.Name)
	}
}

func TestNothingIsDrawnBeforeTheEnvironmentArrives(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := New(Options{Store: s, Actor: alice, Now: clock.Now}).(*app)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if v := m.View(); v.Content != "" || !v.AltScreen {
		t.Errorf("before the environment: alt screen %v, content %q", v.AltScreen, v.Content)
	}
	m.Update(tea.EnvMsg{"NO_COLOR=yes"})
	if v := m.View(); !strings.Contains(v.Content, "INC-1") || len(colourSequences(v.Content)) > 0 {
		t.Errorf("after NO_COLOR=yes the view is:\n%q", v.Content)
	}
}
