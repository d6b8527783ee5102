// Package timeline shows an incident's timeline in a fixed-size window. It
// renders only the entries on screen, walking back from the bottom line, so
// a room with 100,000 entries draws a frame as fast as one with 100. It
// follows new entries until the reader scrolls back, and then counts what
// arrived below.
package timeline

import (
	"slices"
	"strings"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/style"
)

// actorWidth is the fixed width of the actor column. Measuring every
// actor's name would mean reading the whole history for each frame.
const actorWidth = 12

// maxCachedEntries bounds the rendered-entry cache. One frame touches at
// most a screen and a page of entries, far fewer than this.
const maxCachedEntries = 2048

// position is a line of the timeline: an entry and a line within it.
type position struct{ entry, line int }

// Model is the timeline window of one room.
type Model struct {
	styles    style.Styles
	loc       *time.Location
	width     int
	height    int
	showDates bool
	entries   []model.Entry

	follow bool
	// bottom is the last line on screen while scrolled back.
	bottom position
	// seen is the newest entry the reader has had on screen since
	// scrolling back; entries after it are "new".
	seen int

	cache map[uint64][]string // rendered lines by entry Seq
	view  string
	fresh bool // view matches the current state
}

// New returns an empty timeline that follows new entries and shows times
// in loc.
func New(st style.Styles, loc *time.Location) *Model {
	return &Model{styles: st, loc: loc, follow: true, cache: map[uint64][]string{}}
}

// SetStyles changes the styles, for example when the theme changes.
func (m *Model) SetStyles(st style.Styles) {
	m.styles = st
	m.invalidate()
}

// SetSize sets the window size in cells.
func (m *Model) SetSize(width, height int) {
	if width == m.width && height == m.height {
		return
	}
	widthChanged := width != m.width
	m.width, m.height = max(width, 0), max(height, 0)
	if widthChanged {
		m.invalidate()
	}
	m.fresh = false
	if !m.follow {
		m.bottom = m.clampTop(m.clampLine(m.bottom))
	}
}

// SetShowDates chooses whether entries show their date as well as the time
// (for incidents that span more than one day).
func (m *Model) SetShowDates(show bool) {
	if show != m.showDates {
		m.showDates = show
		m.invalidate()
	}
}

// SetEntries gives the timeline the incident's entries. A timeline only
// grows, so an entry's index never changes and a scrolled-back window
// stays where it is.
func (m *Model) SetEntries(entries []model.Entry) {
	if len(entries) != len(m.entries) {
		m.fresh = false
	}
	m.entries = entries
}

// Following reports whether the window sticks to the newest entry.
func (m *Model) Following() bool { return m.follow }

// Unseen is how many entries arrived below the window while scrolled back.
func (m *Model) Unseen() int {
	if m.follow {
		return 0
	}
	return max(len(m.entries)-1-max(m.seen, m.bottom.entry), 0)
}

// Follow jumps to the newest entry and sticks to it.
func (m *Model) Follow() {
	if !m.follow {
		m.follow = true
		m.fresh = false
	}
}

// PageUp scrolls back a screen, keeping one line of context.
func (m *Model) PageUp() { m.ScrollUp(max(m.height-1, 1)) }

// PageDown scrolls forward a screen, keeping one line of context.
func (m *Model) PageDown() { m.ScrollDown(max(m.height-1, 1)) }

// ScrollUp moves the window n lines back in time.
func (m *Model) ScrollUp(n int) {
	if len(m.entries) == 0 || n <= 0 {
		return
	}
	p := m.bottomLine()
	if m.follow {
		m.seen = len(m.entries) - 1
	}
	for n > 0 {
		if p.line >= n {
			p.line -= n
			break
		}
		n -= p.line + 1
		if p.entry == 0 {
			p.line = 0
			break
		}
		p.entry--
		p.line = len(m.lines(p.entry)) - 1
	}
	m.settle(m.clampTop(p))
}

// ScrollDown moves the window n lines forward in time; reaching the end
// resumes following.
func (m *Model) ScrollDown(n int) {
	if m.follow || n <= 0 {
		return
	}
	p := m.bottom
	for n > 0 {
		count := len(m.lines(p.entry))
		if p.line+n < count {
			p.line += n
			break
		}
		if p.entry == len(m.entries)-1 {
			p.line = count - 1
			break
		}
		n -= count - p.line
		p = position{entry: p.entry + 1}
	}
	m.settle(p)
}

// settle scrolls to p, following again when p is the newest line.
func (m *Model) settle(p position) {
	m.fresh = false
	if p == m.end() {
		m.follow = true
		return
	}
	m.follow = false
	m.bottom = p
	m.seen = max(m.seen, p.entry)
}

// View renders the window: exactly height lines, newest at the bottom
// when following, padded with empty lines when the timeline is short.
func (m *Model) View() string {
	if m.fresh {
		return m.view
	}
	lines := make([]string, 0, m.height)
	if len(m.entries) > 0 {
		p := m.bottomLine()
		for e := p.entry; e >= 0 && len(lines) < m.height; e-- {
			rendered := m.lines(e)
			last := len(rendered) - 1
			if e == p.entry {
				last = p.line
			}
			for l := last; l >= 0 && len(lines) < m.height; l-- {
				lines = append(lines, rendered[l])
			}
		}
		slices.Reverse(lines)
	}
	for len(lines) < m.height {
		lines = append(lines, "")
	}
	m.view = strings.Join(lines, "\n")
	m.fresh = true
	return m.view
}

// bottomLine is the last line on screen.
func (m *Model) bottomLine() position {
	if m.follow {
		return m.end()
	}
	return m.bottom
}

// end is the newest line of the timeline.
func (m *Model) end() position {
	if len(m.entries) == 0 {
		return position{}
	}
	last := len(m.entries) - 1
	return position{entry: last, line: len(m.lines(last)) - 1}
}

// clampLine keeps p inside its entry after a re-wrap changed line counts.
func (m *Model) clampLine(p position) position {
	if p.entry >= len(m.entries) {
		return m.end()
	}
	p.line = min(p.line, len(m.lines(p.entry))-1)
	return p
}

// clampTop keeps a full screen above the bottom line p: scrolling back
// stops when the first entry reaches the top of the window.
func (m *Model) clampTop(p position) position {
	above := p.line + 1
	for e := p.entry - 1; e >= 0 && above < m.height; e-- {
		above += len(m.lines(e))
	}
	if above >= m.height {
		return p
	}
	// Too few lines above: the bottom is line height-1 from the top.
	q, need := position{}, max(m.height-1, 0)
	for {
		count := len(m.lines(q.entry))
		if need < count {
			q.line = need
			return q
		}
		if q.entry == len(m.entries)-1 {
			return m.end()
		}
		need -= count
		q.entry++
	}
}

// lines returns entry i rendered at the current width, from the cache when
// it can.
func (m *Model) lines(i int) []string {
	e := &m.entries[i]
	if ls, ok := m.cache[e.Seq]; ok {
		return ls
	}
	if len(m.cache) >= maxCachedEntries {
		clear(m.cache)
	}
	ls := m.render(e)
	m.cache[e.Seq] = ls
	return ls
}

func (m *Model) invalidate() {
	clear(m.cache)
	m.fresh = false
}
