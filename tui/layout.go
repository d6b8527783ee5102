package tui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
)

// The smallest window the layout is designed for.
const (
	minWidth  = 80
	minHeight = 24
)

// The largest area ever rendered. A bigger window shows the interface in
// its top-left corner instead of costing memory and time in proportion to
// whatever size a client claims. The server bounds the window it reports
// to the same size.
const (
	MaxWidth  = 500
	MaxHeight = 250
)

// ruleKey is what a full-width rule depends on.
type ruleKey struct{ width, styles int }

// rule is a horizontal rule across the window, drawn once per width and
// theme: every screen has a few.
func (m *app) rule() string {
	return m.ruleCache.Get(ruleKey{m.width, m.stylesGen}, func() string { return m.styles.Rule(m.width) })
}

// truncate cuts s to at most width display cells, marking the cut.
func truncate(s string, width int) string {
	return ansi.Truncate(s, max(width, 0), "…")
}

// padRight pads s with spaces to width display cells.
func padRight(s string, width int) string {
	return s + strings.Repeat(" ", max(width-lipgloss.Width(s), 0))
}

// fit truncates and pads s to exactly width cells: a table cell.
func fit(s string, width int) string {
	return padRight(truncate(s, width), width)
}

// spread puts left and right on one line of width cells, giving right
// priority: left is cut first when both do not fit.
func spread(left, right string, width int) string {
	rw := lipgloss.Width(right)
	if rw >= width {
		return truncate(right, width)
	}
	left = truncate(left, width-rw-1)
	return left + strings.Repeat(" ", width-lipgloss.Width(left)-rw) + right
}

// tooSmallView explains, centred, that the window is below the minimum.
// It is cut to the window, however small.
func tooSmallView(width, height int) string {
	if width <= 0 || height <= 0 {
		return ""
	}
	msg := fmt.Sprintf("window too small (%dx%d); warroom needs %dx%d", width, height, minWidth, minHeight)
	lines := strings.Split(ansi.Wrap(msg, width, ""), "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		lines[i] = truncate(l, width)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, strings.Join(lines, "\n"))
}

// joinNames lists user names for display, as far as any line can show
// them: a room with a thousand people in it is not joined, sanitised and
// cut a thousand names long by every session on every change.
func joinNames(names []string) string {
	var b strings.Builder
	for i, name := range names {
		if b.Len() > MaxWidth {
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name)
	}
	// Names come from the users file or, in open mode, the SSH user name;
	// the model does not sanitise them.
	return model.Sanitize(b.String(), false)
}
