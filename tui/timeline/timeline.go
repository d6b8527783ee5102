// Package timeline shows an incident's timeline in a fixed-size window. It
// renders only the entries on screen, walking back from the bottom line, so
// a room with 100,000 entries draws a frame as fast as one with 100. It
// follows new entries until the reader scrolls back, and then counts what
// arrived below. A filter narrows it to pinned entries, notes or changes;
// when focused, one entry is selected so keys can act on it.
package timeline

import (
	"slices"
	"strconv"
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

// position is a line of the window: a row (an entry the filter shows,
// counted from the oldest) and a line within that entry.
type position struct{ entry, line int }

// Model is the timeline window of one room.
type Model struct {
	shared    *Rows // rows rendered by other sessions' timelines; may be nil
	styles    *style.Styles
	loc       *time.Location
	width     int
	height    int
	showDates bool
	entries   []model.Entry
	pinned    map[uint64]bool // by entry Seq; never modified, only replaced

	filter Filter
	// matches are the indices in entries of the rows the filter shows,
	// oldest first; nil when every entry shows.
	matches []int
	// scanned is how many entries the filter has checked, so entries
	// appended later are checked once each.
	scanned int

	focused bool
	follow  bool
	// bottom is the last line on screen while scrolled back.
	bottom position
	// sel is the selected row while focused and scrolled back; following,
	// the newest row is selected.
	sel int
	// seen is the index in entries of the newest entry the reader has had
	// on screen since scrolling back; shown entries after it are "new".
	// An index rather than a row, so it means the same under any filter.
	seen int

	cache map[uint64][]string // rendered lines by entry Seq
	view  string
	fresh bool // view matches the current state
}

// New returns an empty timeline that follows new entries and shows times
// in loc.
func New(st *style.Styles, loc *time.Location, shared *Rows) *Model {
	return &Model{shared: shared, styles: st, loc: loc, follow: true, cache: map[uint64][]string{}}
}

// SetStyles changes the styles, for example when the theme changes.
func (m *Model) SetStyles(st *style.Styles) {
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
		if m.focused {
			m.reveal()
		}
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
// stays where it is; only the new entries are checked against the filter.
func (m *Model) SetEntries(entries []model.Entry) {
	if len(entries) == len(m.entries) {
		m.entries = entries
		return
	}
	if digits(len(entries)) != digits(len(m.entries)) {
		m.invalidate() // the number column widens
	}
	m.fresh = false
	m.entries = entries
	if m.filter != All {
		for i := m.scanned; i < len(entries); i++ {
			if m.shows(&entries[i]) {
				m.matches = append(m.matches, i)
			}
		}
	}
	m.scanned = len(entries)
	if !m.follow && m.count() > 0 && m.up(m.bottom, m.height-1) == (position{}) {
		// Scrolled back in a timeline that starts on screen: new entries
		// fill the blank lines below rather than wait behind "new ↓".
		m.bottom = m.down(position{}, m.height-1)
		m.seen = max(m.seen, m.index(m.bottom.entry))
	}
}

// SetPinned gives the timeline the Seqs of the pinned entries. Only the
// entries whose pin changed are drawn again.
func (m *Model) SetPinned(pinned map[uint64]bool) {
	changed := false
	for _, pins := range [2]map[uint64]bool{m.pinned, pinned} {
		for seq := range pins {
			if m.pinned[seq] != pinned[seq] {
				delete(m.cache, seq)
				changed = true
			}
		}
	}
	m.pinned = pinned
	if !changed {
		return
	}
	m.fresh = false
	if m.filter == Pinned {
		m.refilter(Pinned)
	}
}

// SetFocused says whether keys go to the timeline. Focusing selects the
// newest entry on screen.
func (m *Model) SetFocused(focused bool) {
	if focused == m.focused {
		return
	}
	m.focused = focused
	m.fresh = false
	if focused && !m.follow {
		m.sel = m.bottom.entry
	}
}

// Following reports whether the window sticks to the newest entry.
func (m *Model) Following() bool { return m.follow }

// Unseen is how many shown entries arrived below the window while
// scrolled back.
func (m *Model) Unseen() int {
	if m.follow {
		return 0
	}
	return m.count() - 1 - m.rowAtOrBefore(max(m.seen, m.index(m.bottom.entry)))
}

// View renders the window: exactly height lines of exactly width cells,
// newest at the bottom when following, padded with blank lines when the
// timeline is short.
func (m *Model) View() string {
	if m.fresh {
		return m.view
	}
	lines := make([]string, 0, m.height)
	if m.count() > 0 {
		p, selected := m.bottomLine(), m.selectedRow()
		for row := p.entry; row >= 0 && len(lines) < m.height; row-- {
			rendered := m.lines(row)
			if m.focused && row == selected {
				rendered = m.renderRow(row, true)
			}
			last := len(rendered) - 1
			if row == p.entry {
				last = p.line
			}
			for l := last; l >= 0 && len(lines) < m.height; l-- {
				lines = append(lines, rendered[l])
			}
		}
		slices.Reverse(lines)
	} else if msg := m.filter.emptyMessage(); msg != "" && m.height > 0 {
		lines = append(lines, m.styles.Muted.Render(fitWidth(msg, m.width)))
	}
	// Every line is exactly the window's width, so that a layout can put
	// something beside the timeline without measuring its lines.
	blank := strings.Repeat(" ", m.width)
	for len(lines) < m.height {
		lines = append(lines, blank)
	}
	m.view = strings.Join(lines, "\n")
	m.fresh = true
	return m.view
}

// lines returns row rendered at the current width, from the cache when it
// can.
func (m *Model) lines(row int) []string {
	seq := m.entries[m.index(row)].Seq
	if ls, ok := m.cache[seq]; ok {
		return ls
	}
	if len(m.cache) >= maxCachedEntries {
		clear(m.cache)
	}
	i := m.index(row)
	key := rowKey{
		seq: seq, number: i + 1, numberWidth: len("#") + digits(len(m.entries)), width: m.width,
		styles: m.styles, loc: m.loc, showDates: m.showDates, pinned: m.pinned[seq],
	}
	ls, ok := m.shared.get(key)
	if !ok {
		ls = m.render(&m.entries[i], i+1, false)
		m.shared.put(key, ls)
	}
	m.cache[seq] = ls
	return ls
}

// renderRow renders the entry shown at row, numbered by its place in the
// whole timeline.
func (m *Model) renderRow(row int, selected bool) []string {
	i := m.index(row)
	return m.render(&m.entries[i], i+1, selected)
}

func (m *Model) invalidate() {
	clear(m.cache)
	m.fresh = false
}

// digits is how many decimal digits n has.
func digits(n int) int { return len(strconv.Itoa(n)) }
