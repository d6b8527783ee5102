package timeline

import "github.com/warroom/warroom/model"

// Follow jumps to the newest entry, selects it and sticks to it.
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

// ScrollUp moves the window n lines back in time. A selection scrolled
// off the screen moves onto it.
func (m *Model) ScrollUp(n int) {
	if m.count() == 0 || n <= 0 {
		return
	}
	m.settle(m.clampTop(m.up(m.bottomLine(), n)))
}

// ScrollDown moves the window n lines forward in time; reaching the end
// resumes following (and selects the newest entry).
func (m *Model) ScrollDown(n int) {
	if m.follow || n <= 0 {
		return
	}
	if p := m.down(m.bottom, n); p == m.end() {
		m.Follow()
	} else {
		m.settle(p)
	}
}

// SelectUp selects the entry before the selected one, scrolling to it;
// the window stops following.
func (m *Model) SelectUp() {
	row := m.selectedRow()
	if !m.focused || row <= 0 {
		return
	}
	m.stopFollowing()
	m.sel = row - 1
	m.reveal()
}

// SelectDown selects the entry after the selected one, scrolling to it;
// selecting the newest entry resumes following.
func (m *Model) SelectDown() {
	if !m.focused || m.follow {
		return
	}
	m.sel++
	if m.sel >= m.count()-1 {
		m.Follow()
		return
	}
	m.reveal()
}

// Selected returns the selected entry and its number on the timeline
// (from 1, as /pin takes it); ok is false when the timeline is not
// focused or shows no entry.
func (m *Model) Selected() (entry model.Entry, number int, ok bool) {
	if !m.focused || m.count() == 0 {
		return model.Entry{}, 0, false
	}
	i := m.index(m.selectedRow())
	return m.entries[i], i + 1, true
}

// selectedRow is the selected row: the newest while following.
func (m *Model) selectedRow() int {
	if m.follow {
		return m.count() - 1
	}
	return m.sel
}

// Hold keeps the selection on the entry it is on when new entries arrive,
// as it does once the reader has moved it: an action on the newest entry
// (pinning it adds an entry) must not move the selection to its result.
func (m *Model) Hold() {
	if m.focused {
		m.stopFollowing()
	}
}

// stopFollowing pins the window where following left it, so that entries
// arriving from now on count as unseen.
func (m *Model) stopFollowing() {
	if !m.follow {
		return
	}
	m.follow = false
	m.bottom = m.end()
	m.sel = m.count() - 1
	m.seen = len(m.entries) - 1
	m.fresh = false
}

// settle scrolls to p, following again when p is the newest line unless a
// selection stands on an older entry. The selection stays on screen.
func (m *Model) settle(p position) {
	m.fresh = false
	if p == m.end() && (m.follow || !m.focused || m.sel == m.count()-1) {
		m.follow = true
		return
	}
	m.stopFollowing()
	m.bottom = p
	m.seen = max(m.seen, m.index(p.entry))
	if m.focused {
		top := m.up(p, m.height-1)
		first := top.entry
		if top.line > 0 && top.entry < p.entry {
			first++ // its first line, which shows the selection, is cut off
		}
		m.sel = min(max(m.sel, first), p.entry)
	}
}

// reveal scrolls the least that brings the selected entry on screen,
// all of it when it fits.
func (m *Model) reveal() {
	m.fresh = false
	top := m.up(m.bottom, m.height-1)
	last := len(m.lines(m.sel)) - 1
	above := m.sel < top.entry || (m.sel == top.entry && top.line > 0)
	below := m.sel > m.bottom.entry || (m.sel == m.bottom.entry && m.bottom.line < last)
	switch {
	case above || below && last >= m.height:
		// Its first line, where the selection shows, at the top.
		m.bottom = m.down(position{entry: m.sel}, m.height-1)
	case below:
		m.bottom = position{entry: m.sel, line: last}
	}
	m.seen = max(m.seen, m.index(m.bottom.entry))
}

// up is the line n lines before p, or the first line.
func (m *Model) up(p position, n int) position {
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
	return p
}

// down is the line n lines after p, or the newest line.
func (m *Model) down(p position, n int) position {
	for n > 0 {
		count := len(m.lines(p.entry))
		if p.line+n < count {
			p.line += n
			break
		}
		if p.entry == m.count()-1 {
			p.line = count - 1
			break
		}
		n -= count - p.line
		p = position{entry: p.entry + 1}
	}
	return p
}

// bottomLine is the last line on screen.
func (m *Model) bottomLine() position {
	if m.follow {
		return m.end()
	}
	return m.bottom
}

// end is the newest line of the rows shown.
func (m *Model) end() position {
	if m.count() == 0 {
		return position{}
	}
	last := m.count() - 1
	return position{entry: last, line: len(m.lines(last)) - 1}
}

// clampLine keeps p inside its entry after a re-wrap changed line counts.
func (m *Model) clampLine(p position) position {
	if p.entry >= m.count() {
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
	return m.down(position{}, m.height-1)
}
