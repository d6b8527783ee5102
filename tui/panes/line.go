package panes

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// ellipsis marks text cut to fit.
const ellipsis = "…"

// piece is a run of text in one style. Pieces are measured and cut as
// plain text, before styling, so a cut never splits an escape sequence.
type piece struct {
	text  string
	style *lipgloss.Style // nil for none; styles are big, pieces many
}

// line is one line of a pane, built from styled pieces.
type line []piece

// width is the line's width in display cells.
func (l line) width() int {
	w := 0
	for _, p := range l {
		w += cells(p.text)
	}
	return w
}

// cells is the display width of s. Most of what panes show is printable
// ASCII, one cell a byte, which is far cheaper to see than to measure.
func cells(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// plain is the line's text without styles.
func (l line) plain() string {
	var b strings.Builder
	for _, p := range l {
		b.WriteString(p.text)
	}
	return b.String()
}

// cut returns the line cut to at most width cells; a cut line ends in an
// ellipsis in the style of the piece it cut.
func (l line) cut(width int) line {
	if width <= 0 {
		return nil
	}
	if l.width() <= width {
		return l
	}
	budget := width - cells(ellipsis)
	out := make(line, 0, len(l))
	for _, p := range l {
		w := cells(p.text)
		if w <= budget {
			out = append(out, p)
			budget -= w
			continue
		}
		out = append(out, piece{ansi.Truncate(p.text, budget, "") + ellipsis, p.style})
		break
	}
	return out
}

// render draws the line cut to width. A selected line is drawn in the
// selection style alone and padded across the whole width, so the bar
// reads as one row.
func (l line) render(width int, selected *lipgloss.Style) string {
	l = l.cut(width)
	if selected != nil {
		text := l.plain()
		return selected.Render(text + strings.Repeat(" ", max(width-cells(text), 0)))
	}
	var b strings.Builder
	for i := 0; i < len(l); {
		// Neighbours in the same style are drawn as one.
		j, text := i+1, l[i].text
		for ; j < len(l) && l[j].style == l[i].style; j++ {
			text += l[j].text
		}
		if text != "" && l[i].style != nil {
			text = l[i].style.Render(text)
		}
		b.WriteString(text)
		i = j
	}
	return b.String()
}

// spread lays left and right on one line of width cells with at least a
// space between them, right-aligning right. When both do not fit, left is
// cut first, down to keepLeft cells, and then right.
func spread(left, right line, width, keepLeft int) line {
	lw, rw := left.width(), right.width()
	if rw == 0 {
		return left.cut(width)
	}
	if lw+1+rw <= width {
		return joinLines(left, line{{text: strings.Repeat(" ", width-lw-rw)}}, right)
	}
	leftWidth := max(width-rw-1, min(keepLeft, lw))
	if leftWidth >= width {
		return left.cut(width)
	}
	left = left.cut(leftWidth)
	gap := width - left.width() - rw
	if gap < 1 {
		return joinLines(left, line{{text: " "}}, right).cut(width)
	}
	return joinLines(left, line{{text: strings.Repeat(" ", gap)}}, right)
}

// joinLines concatenates lines.
func joinLines(ls ...line) line {
	n := 0
	for _, l := range ls {
		n += len(l)
	}
	out := make(line, 0, n)
	for _, l := range ls {
		out = append(out, l...)
	}
	return out
}

// fitText cuts s to width cells with an ellipsis and pads it to exactly
// width: a table cell.
func fitText(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = ansi.Truncate(s, width, ellipsis)
	return s + strings.Repeat(" ", max(width-cells(s), 0))
}
