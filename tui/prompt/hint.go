package prompt

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model/cmdline"
)

// optionSeparator goes between completion options in the hint.
const optionSeparator = " · "

// renderHint is the line under the input: a notice about the last key or
// paste, the options while tab cycles through them, else the usage of the
// command being typed.
func (m *Model) renderHint() string {
	var hint string
	switch {
	case m.notice != "":
		hint = m.styles.Warn.Render(m.notice)
	case m.cycle.active():
		hint = m.optionsHint()
	default:
		if spec := cmdline.Lookup(m.Value()); spec != nil {
			hint = m.usageHint(spec)
		}
	}
	if m.width > 0 {
		hint = ansi.Truncate(hint, m.width, "…")
	}
	return hint
}

// optionsHint lists the options, the chosen one highlighted. When they
// do not all fit, leading options give way so the chosen one stays in view.
func (m *Model) optionsHint() string {
	opts, chosen := m.cycle.options, m.cycle.chosen
	from := 0
	for m.width > 0 && from < chosen && lipgloss.Width("… "+strings.Join(opts[from:chosen+1], optionSeparator)) > m.width {
		from++
	}
	parts := make([]string, 0, len(opts)-from)
	for i, o := range opts[from:] {
		if from+i == chosen {
			parts = append(parts, m.styles.Selected.Render(o))
		} else {
			parts = append(parts, m.styles.Muted.Render(o))
		}
	}
	hint := strings.Join(parts, m.styles.Muted.Render(optionSeparator))
	if from > 0 {
		hint = m.styles.Muted.Render("… ") + hint
	}
	return hint
}

// usageHint is how the command is typed, what it does and who may run it.
func (m *Model) usageHint(spec *cmdline.Spec) string {
	about := " — " + spec.Help
	if spec.Who != "" {
		about += " (" + spec.Who + ")"
	}
	return m.styles.Accent.Render(spec.Usage()) + m.styles.Muted.Render(about)
}
