package render

import (
	"bytes"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

type screenSize struct{ width, height int }

// Runs of unchanged cells up to this long are written over rather than
// jumped: moving the cursor costs about as many bytes.
const maxRewrittenGap = 3

// painter knows what the client's terminal shows and writes what it takes
// to make it show the next frame.
type painter struct {
	started bool
	size    screenSize
	profile colorprofile.Profile
	lines   []string // the frame on screen, one styled line per row

	pen         uv.Style // the style the terminal writes with now
	x, y        int      // the cursor; x < 0 when not known (after the last column)
	cursorShown bool
	mouse       bool

	was, now uv.ScreenBuffer // one row each: the line on screen and its replacement
}

// frame writes to buf what turns the screen into v.
func (p *painter) frame(buf *bytes.Buffer, v tea.View, size screenSize, profile colorprofile.Profile) {
	whole := !p.started || size != p.size || profile != p.profile
	if !p.started {
		p.started = true
		p.cursorShown = true // as every terminal starts
		buf.WriteString(ansi.SetModeAltScreenSaveCursor + ansi.SetModeBracketedPaste)
	}
	if whole {
		p.size, p.profile = size, profile
		p.lines = make([]string, size.height)
		p.was = uv.NewScreenBuffer(size.width, 1)
		p.now = uv.NewScreenBuffer(size.width, 1)
		p.pen = uv.Style{}
		buf.WriteString(ansi.ResetStyle + ansi.CursorHomePosition + ansi.EraseEntireScreen)
		p.x, p.y = 0, 0
	}

	rows := splitRows(v.Content, size.height)
	for y, line := range rows {
		if line != p.lines[y] {
			p.paintRow(buf, y, p.lines[y], line)
			p.lines[y] = line
		}
	}

	if mouse := v.MouseMode != tea.MouseModeNone; mouse != p.mouse {
		p.mouse = mouse
		if mouse {
			buf.WriteString(ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr)
		} else {
			buf.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseExtSgr)
		}
	}
	p.placeCursor(buf, v.Cursor)
}

// restore gives the client its terminal back as it was before the first
// frame.
func (p *painter) restore(buf *bytes.Buffer) {
	if !p.started {
		return
	}
	buf.WriteString(ansi.ResetStyle)
	if p.mouse {
		buf.WriteString(ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseExtSgr)
	}
	buf.WriteString(ansi.ResetModeBracketedPaste + ansi.ShowCursor + ansi.ResetModeAltScreenSaveCursor)
	p.started = false
}

// splitRows cuts content into exactly height lines, dropping lines below
// the window and leaving the rows it does not reach blank.
func splitRows(content string, height int) []string {
	rows := make([]string, height)
	for y := 0; y < height && content != ""; y++ {
		line, rest, _ := strings.Cut(content, "\n")
		rows[y], content = line, rest
	}
	return rows
}

// paintRow writes the cells of row y that differ between the line on
// screen and its replacement, in runs.
func (p *painter) paintRow(buf *bytes.Buffer, y int, was, now string) {
	width := p.size.width
	drawLine(p.was, was)
	drawLine(p.now, now)
	blankFrom := p.blankFrom()
	for x := 0; x < width; {
		if p.now.CellAt(x, 0).Equal(p.was.CellAt(x, 0)) {
			x++
			continue
		}
		start := x
		for start > 0 && p.now.CellAt(start, 0).Width == 0 {
			start-- // the change is the second half of a wide character: write it from its first
		}
		end, gap := x, 0
		for x++; x < width && gap <= maxRewrittenGap; x++ {
			if p.now.CellAt(x, 0).Equal(p.was.CellAt(x, 0)) {
				gap++
			} else {
				end, gap = x, 0
			}
		}
		if end >= blankFrom && width-blankFrom > maxRewrittenGap {
			// The rest of the row is blank: write up to there and
			// erase the remainder in one go.
			p.writeCells(buf, start, blankFrom, y)
			p.moveTo(buf, max(start, blankFrom), y)
			p.setPen(buf, uv.Style{})
			buf.WriteString(ansi.EraseLineRight)
			return
		}
		p.writeCells(buf, start, end+1, y)
	}
}

// blankFrom is the column from which the new row is blank and unstyled
// to its end.
func (p *painter) blankFrom() int {
	x := p.size.width
	for x > 0 {
		c := p.now.CellAt(x-1, 0)
		if c.Content != " " || c.Width != 1 || !c.Style.IsZero() {
			break
		}
		x--
	}
	return x
}

// writeCells writes the new row's cells from column from up to to.
func (p *painter) writeCells(buf *bytes.Buffer, from, to, y int) {
	if from >= to {
		return
	}
	p.moveTo(buf, from, y)
	for x := from; x < to; x++ {
		c := p.now.CellAt(x, 0)
		if c.Width == 0 {
			continue // covered by the wide character before it
		}
		p.setPen(buf, uv.ConvertStyle(c.Style, p.profile))
		if c.Content == "" {
			buf.WriteByte(' ')
		} else {
			buf.WriteString(c.Content)
		}
		p.x += max(c.Width, 1)
	}
	if p.x >= p.size.width {
		p.x = -1 // the cursor waits at the margin; where it goes next depends on the terminal
	}
}

func (p *painter) setPen(buf *bytes.Buffer, s uv.Style) {
	if !s.Equal(&p.pen) {
		buf.WriteString(uv.StyleDiff(&p.pen, &s))
		p.pen = s
	}
}

// moveTo moves the cursor with the shortest sequence it knows.
func (p *painter) moveTo(buf *bytes.Buffer, x, y int) {
	switch {
	case p.x == x && p.y == y:
	case p.x >= 0 && p.y == y && x == p.x-1:
		buf.WriteByte('\b')
	case p.x >= 0 && p.y == y && x > p.x:
		buf.WriteString(ansi.CursorForward(x - p.x))
	case p.x >= 0 && p.y == y:
		buf.WriteString(ansi.CursorBackward(p.x - x))
	case x == 0:
		buf.WriteString("\x1b[" + strconv.Itoa(y+1) + "H")
	default:
		buf.WriteString(ansi.CursorPosition(x+1, y+1))
	}
	p.x, p.y = x, y
}

// placeCursor leaves the cursor where the frame wants it, shown, or
// hides it.
func (p *painter) placeCursor(buf *bytes.Buffer, c *tea.Cursor) {
	if c == nil || c.X < 0 || c.Y < 0 || c.X >= p.size.width || c.Y >= p.size.height {
		if p.cursorShown {
			buf.WriteString(ansi.HideCursor)
			p.cursorShown = false
		}
		return
	}
	p.moveTo(buf, c.X, c.Y)
	if !p.cursorShown {
		buf.WriteString(ansi.ShowCursor)
		p.cursorShown = true
	}
}

// drawLine parses one styled line into row, cut at its width.
func drawLine(row uv.ScreenBuffer, line string) {
	uv.NewStyledString(line).Draw(row, row.Bounds())
}
