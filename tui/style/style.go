// Package style turns a theme into the lipgloss styles the screens use.
// A Styles value belongs to one session; build a new one when the theme
// changes instead of mutating a shared one.
package style

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/warroom/warroom/themes"
)

// Styles are the text styles of one session's screens.
type Styles struct {
	Text, Muted, Accent lipgloss.Style
	Error, Warn         lipgloss.Style
	Title               lipgloss.Style // headings and incident titles
	Badge               lipgloss.Style // neutral badges: observer, open mode
	Selected            lipgloss.Style // the selected row of a list

	// Timeline entries.
	Time, Actor, Note, Change lipgloss.Style

	// Side panes. Lead marks who leads (the incident commander's row);
	// Settled is what is there but asks nothing of anyone now: a vacant
	// role, a done action, a level not yet paged.
	Lead, Settled lipgloss.Style

	Help  help.Styles
	Input textinput.Styles

	rule     lipgloss.Style
	severity [4]lipgloss.Style
}

// New builds the styles for theme t. They are big (a few dozen lipgloss
// styles, about 22 KB): share the pointer, never copy them.
func New(t themes.Theme) *Styles {
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := Styles{
		Text:   fg(t.Text),
		Muted:  fg(t.Muted),
		Accent: fg(t.Accent),
		Error:  fg(t.Error).Bold(true),
		Warn:   fg(t.Warn),
		Title:  fg(t.Text).Bold(true),
		Badge:  lipgloss.NewStyle().Foreground(t.BadgeText).Background(t.Badge).Bold(true).Padding(0, 1),
		Time:   fg(t.Muted),
		Actor:  fg(t.Accent),
		Note:   fg(t.Text),
		Change: fg(t.Accent).Italic(true),
		rule:   fg(t.Border),

		Lead:    fg(t.Text).Bold(true),
		Settled: fg(t.Muted),
	}
	s.Selected = lipgloss.NewStyle().Foreground(t.SelectedText).Background(t.Selected).Bold(true)
	if t.IsPlain() {
		// Without colour, reverse video is what still marks a badge or a
		// selection; NO_COLOR allows text attributes.
		s.Badge = s.Badge.Reverse(true)
		s.Selected = s.Selected.Reverse(true)
		s.Settled = s.Settled.Faint(true)
	}
	for i := range s.severity {
		s.severity[i] = lipgloss.NewStyle().
			Foreground(t.OnSeverity).Background(t.Severity(i+1)).Bold(true).Padding(0, 1)
	}
	s.Help = help.Styles{
		Ellipsis:       s.Muted,
		ShortKey:       s.Accent,
		ShortDesc:      s.Muted,
		ShortSeparator: s.rule,
		FullKey:        s.Accent.Bold(true),
		FullDesc:       s.Text,
		FullSeparator:  s.rule,
	}
	s.Input = textinput.Styles{
		Focused: textinput.StyleState{Text: s.Text, Placeholder: s.Muted, Suggestion: s.Muted, Prompt: s.Accent.Bold(true)},
		Blurred: textinput.StyleState{Text: s.Muted, Placeholder: s.Muted, Suggestion: s.Muted, Prompt: s.Muted},
		// The terminal draws the real cursor in its own colour: setting
		// one would send a colour sequence to clients that asked for none.
		Cursor: textinput.CursorStyle{Shape: tea.CursorBlock, Blink: true},
	}
	return &s
}

// Severity is the badge style for severity level n (1 is SEV1).
func (s *Styles) Severity(n int) lipgloss.Style {
	if n < 1 || n > len(s.severity) {
		return s.Badge
	}
	return s.severity[n-1]
}

// Rule is a horizontal line w cells wide.
func (s *Styles) Rule(w int) string {
	return s.rule.Render(strings.Repeat("─", max(w, 0)))
}
