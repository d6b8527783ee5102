package panes

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"
)

// box collects a pane's output: exactly height lines, none wider than
// width cells, whatever is added.
type box struct {
	width, height int
	lines         []string
}

func newBox(width, height int) *box {
	width, height = max(width, 0), max(height, 0)
	return &box{width: width, height: height, lines: make([]string, 0, height)}
}

// free is how many lines are left.
func (b *box) free() int { return b.height - len(b.lines) }

// add appends l drawn in its own styles; it does nothing once the box is
// full.
func (b *box) add(l line) { b.addRow(l, nil) }

// addRow appends l, drawn as the selected row when selected is set.
func (b *box) addRow(l line, selected *lipgloss.Style) {
	if b.free() > 0 {
		b.lines = append(b.lines, l.render(b.width, selected))
	}
}

// String is the box padded with empty lines to its height.
func (b *box) String() string {
	for b.free() > 0 {
		b.lines = append(b.lines, "")
	}
	return strings.Join(b.lines, "\n")
}

// window is the scroll position of a pane's list of rows: the first row
// shown. It moves only as far as needed to keep the selected row in view,
// so moving the selection within the window does not scroll it.
type window struct{ offset int }

// place returns the rows [from, to) of n rows that fit in lines lines,
// scrolled so that row sel is shown (sel < 0 for none), and whether a
// "+N more" line is needed below them (it is not counted in lines: the
// rows then take one line less). height gives each row's line count.
func (w *window) place(n, sel, lines int, height func(int) int) (from, to int, more bool) {
	if n == 0 || lines <= 0 {
		w.offset = 0
		return 0, 0, n > 0 && lines > 0
	}
	if fits(0, n, lines, height) == n {
		w.offset = 0
		return 0, n, false
	}
	lines-- // the "+N more" line
	if lines == 0 {
		return 0, 0, true
	}
	off := min(max(w.offset, 0), n-1)
	if sel >= 0 && sel < n {
		off = min(off, sel)
		// The smallest offset that still shows all of the selected row.
		used := 0
		for i := sel; i >= off; i-- {
			if used += height(i); used > lines {
				off = min(i+1, sel)
				break
			}
		}
	}
	// Scrolled near the end, pull back rows to fill the window.
	used := 0
	for i := off; i < n && used <= lines; i++ {
		used += height(i)
	}
	for off > 0 && used+height(off-1) <= lines {
		off--
		used += height(off)
	}
	w.offset = off
	to = off + max(fits(off, n, lines, height), 1) // a row taller than the window is cut, not skipped
	return off, to, true
}

// fits counts the rows from from on that fit whole in lines lines.
func fits(from, n, lines int, height func(int) int) int {
	used, count := 0, 0
	for i := from; i < n; i++ {
		if used += height(i); used > lines {
			break
		}
		count++
	}
	return count
}

// oneLine is the height of rows that always take one line.
func oneLine(int) int { return 1 }

// moreText says how many rows are out of view, and on which side.
func moreText(above, below int) string {
	switch {
	case above == 0:
		return fmt.Sprintf("+%d more", below)
	case below == 0:
		return fmt.Sprintf("+%d more above", above)
	}
	return fmt.Sprintf("+%d above, +%d below", above, below)
}
