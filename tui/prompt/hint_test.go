package prompt

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

func TestHintShowsUsageOnceTheNameIsComplete(t *testing.T) {
	for _, tc := range []struct {
		typed, want string
	}{
		{"/assign ", "/assign ROLE USER — give a role to someone (the incident commander or an admin)"},
		{"/assign ic al", "/assign ROLE USER — give a role to someone (the incident commander or an admin)"},
		{"/ack", "/ack — acknowledge the page you received (whoever was paged)"},
		{"/action done 3", "/action done N — mark action item N done"},
		{"/as", ""},
		{"/action", ""},
		{"/nosuch thing", ""},
		{"assign is a word in a note", ""},
		{"", ""},
	} {
		p := focused(t, 1000)
		typeText(p, tc.typed)
		if got := ansi.Strip(p.Hint()); got != tc.want {
			t.Errorf("after %q: hint %q, want %q", tc.typed, got, tc.want)
		}
	}
}

func TestHintFitsTheWidth(t *testing.T) {
	p := focused(t, 1000)
	p.SetWidth(30)
	typeText(p, "/assign ")
	if got := ansi.Strip(p.Hint()); ansi.StringWidth(got) > 30 || !strings.HasSuffix(got, "…") {
		t.Errorf("hint %q: want it cut to 30 cells, marked", got)
	}
}

func TestHintKeepsTheChosenOptionInView(t *testing.T) {
	p := focused(t, 1000)
	p.SetWidth(40)
	typeText(p, "/")
	p.Update(shiftTab)
	p.Update(shiftTab) // the last command name
	hint := ansi.Strip(p.Hint())
	if ansi.StringWidth(hint) > 40 || !strings.HasPrefix(hint, "… ") || !strings.Contains(hint, p.Value()[1:]) {
		t.Errorf("hint %q with %q chosen: want the options before it dropped to fit 40 cells", hint, p.Value())
	}
}

func TestHintFollowsTheTheme(t *testing.T) {
	p := focused(t, 1000)
	typeText(p, "/ack")
	dark := p.Hint()
	p.SetStyles(style.New(themes.Plain()))
	if p.Hint() == dark || ansi.Strip(p.Hint()) != ansi.Strip(dark) {
		t.Errorf("hint not redrawn in the new theme: %q", p.Hint())
	}
}
