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
	shown   string // the frame on screen
	cache   *Cache // shared with terminals that may show the same frames; may be nil
	stale   bool   // the screen may not show what shown says: paint the next frame whole

	pen         uv.Style // the style the terminal writes with now
	x, y        int      // the cursor; x < 0 when not known (after the last column)
	cursorShown bool
	mouse       bool

	parser   *rowParser
	was, now []cell // the row on screen and its replacement, parsed
}

// paint writes to buf what turns the screen into v.
func (p *painter) paint(buf *bytes.Buffer, v tea.View, size screenSize, profile colorprofile.Profile) {
	whole := !p.started || p.stale || size != p.size || profile != p.profile
	p.stale = false
	if !p.started {
		p.started = true
		p.cursorShown = true // as every terminal starts
		// The background colour is asked here too, not only by the
		// application: its query waits for Bubble Tea's next flush (up
		// to half a second in a server session), and until the answer
		// a light terminal shows the dark theme.
		buf.WriteString(ansi.SetModeAltScreenSaveCursor + ansi.SetModeBracketedPaste + ansi.RequestBackgroundColor)
	}
	// What each row shows now: blank after a clear, else the last frame's
	// line; scrolling moves them as it moves the terminal's.
	var onScreen []string
	if whole {
		onScreen = make([]string, size.height)
		p.size, p.profile = size, profile
		p.was, p.now = make([]cell, size.width), make([]cell, size.width)
		if p.parser == nil {
			p.parser = newRowParser()
		}
		p.pen = uv.Style{}
		buf.WriteString(ansi.ResetStyle + ansi.CursorHomePosition + ansi.EraseEntireScreen)
		p.x, p.y = 0, 0
	}

	rows := splitRows(v.Content, size.height)
	if !whole {
		onScreen = splitRows(p.shown, size.height)
		p.scroll(buf, onScreen, rows)
	}
	for y, line := range rows {
		if line != onScreen[y] {
			p.paintRow(buf, y, onScreen[y], line)
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
	p.shown = v.Content
}

// Scrolling is tried for shifts of up to maxScroll rows, and done when at
// least minScrolledRows rows, and a third of the region, then need no
// repainting.
const (
	maxScroll       = 4
	minScrolledRows = 4
)

// scroll moves a band of rows up on the terminal itself when the new
// frame shows them higher up: a timeline that gained an entry at the
// bottom. Every row of it changed, so painting it costs a screenful; one
// scroll and the rows it did not line up cost a fraction. Only whole
// lines count as lined up, so with panes beside the timeline the rows
// that scroll cleanly are those where the pane is blank; the rest are
// repainted where they differ.
func (p *painter) scroll(buf *bytes.Buffer, onScreen, rows []string) {
	bestShift, bestTop, bestBottom, bestRows := 0, 0, 0, 0
	for shift := 1; shift <= maxScroll; shift++ {
		top, bottom, lined := -1, -1, 0
		for y := 0; y+shift < len(rows); y++ {
			if rows[y] != onScreen[y] && rows[y] == onScreen[y+shift] {
				if top < 0 {
					top = y
				}
				bottom = y + shift
				lined++
			}
		}
		if lined > bestRows {
			bestShift, bestTop, bestBottom, bestRows = shift, top, bottom, lined
		}
	}
	if bestRows < minScrolledRows || 3*bestRows < bestBottom-bestTop+1 {
		return
	}
	// Scroll within margins set to the band; rows scrolled in are blank
	// in the default colours. Setting or resetting the margins homes the
	// cursor.
	p.setPen(buf, uv.Style{})
	buf.WriteString(ansi.SetTopBottomMargins(bestTop+1, bestBottom+1))
	buf.WriteString(ansi.ScrollUp(bestShift))
	buf.WriteString(ansi.SetTopBottomMargins(0, 0))
	p.x, p.y = 0, 0
	copy(onScreen[bestTop:], onScreen[bestTop+bestShift:bestBottom+1])
	clear(onScreen[bestBottom-bestShift+1 : bestBottom+1])
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
	p.parser.reset()
	p.parser.parse(p.was, was)
	p.parser.parse(p.now, now)
	blankFrom := p.blankFrom()
	for x := 0; x < width; {
		if p.now[x] == p.was[x] {
			x++
			continue
		}
		start := x
		for start > 0 && p.now[start].width == 0 {
			start-- // the change is the second half of a wide character: write it from its first
		}
		end, gap := x, 0
		for x++; x < width && gap <= maxRewrittenGap; x++ {
			if p.now[x] == p.was[x] {
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
	for x > 0 && p.now[x-1] == blank {
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
		c := p.now[x]
		if c.width == 0 {
			continue // covered by the wide character before it
		}
		p.setPen(buf, uv.ConvertStyle(p.parser.styles[c.style], p.profile))
		buf.WriteString(c.text)
		p.x += c.width
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
