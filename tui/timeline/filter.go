package timeline

import (
	"cmp"
	"slices"
	"strings"

	"github.com/warroom/warroom/model"
)

// Filter chooses which entries the timeline shows.
type Filter int

const (
	All     Filter = iota // every entry
	Pinned                // entries pinned as key moments
	Notes                 // what people wrote: notes and stakeholder updates
	Changes               // changes of state: everything that is not a note
)

// String is the filter's name, as /filter takes it.
func (f Filter) String() string {
	switch f {
	case Pinned:
		return "pinned"
	case Notes:
		return "notes"
	case Changes:
		return "changes"
	}
	return "all"
}

// FilterNames lists every filter's name, for completion.
func FilterNames() []string {
	return []string{All.String(), Pinned.String(), Notes.String(), Changes.String()}
}

// ParseFilter reads a filter name, ignoring case.
func ParseFilter(s string) (Filter, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for f := All; f <= Changes; f++ {
		if f.String() == name {
			return f, nil
		}
	}
	return All, model.Errorf(model.CodeInvalid, "no filter %q (%s)", model.Sanitize(s, false), strings.Join(FilterNames(), ", "))
}

// emptyMessage says why the window is empty under f, and what to do.
func (f Filter) emptyMessage() string {
	switch f {
	case Pinned:
		return "no pinned entries — p pins the selected entry"
	case Notes:
		return "no notes or stakeholder updates yet"
	case Changes:
		return "no changes yet"
	}
	return ""
}

// Filter is the filter in use.
func (m *Model) Filter() Filter { return m.filter }

// SetFilter shows only the entries f selects. It checks each entry once;
// entries arriving later are checked as they arrive.
func (m *Model) SetFilter(f Filter) {
	if f != m.filter {
		m.refilter(f)
	}
}

// refilter shows the entries f selects. A scrolled-back window and the
// selection stay on the same entries or, when f hides them, on the
// nearest earlier ones it shows.
func (m *Model) refilter(f Filter) {
	m.fresh = false
	if m.follow {
		m.filter = f
		m.matches, m.scanned = m.collect(), len(m.entries)
		return
	}
	bottomIndex, bottomLine, selIndex := m.index(m.bottom.entry), m.bottom.line, 0
	if m.focused {
		selIndex = m.index(m.sel)
	}
	m.filter = f
	m.matches, m.scanned = m.collect(), len(m.entries)
	if m.count() == 0 {
		m.follow = true
		return
	}
	row := max(m.rowAtOrBefore(bottomIndex), 0)
	p := position{entry: row, line: len(m.lines(row)) - 1}
	if m.index(row) == bottomIndex {
		p.line = bottomLine
	}
	m.bottom = m.clampTop(p)
	if m.focused {
		m.sel = max(m.rowAtOrBefore(selIndex), 0)
		m.reveal()
	}
	if m.bottom == m.end() && (!m.focused || m.sel == m.count()-1) {
		m.follow = true
	}
}

// collect lists the indices of the entries the filter shows. Pins are
// few, so pinned entries are looked up rather than scanned for.
func (m *Model) collect() []int {
	var rows []int
	switch m.filter {
	case All:
		return nil
	case Pinned:
		for seq, pinned := range m.pinned {
			i, found := slices.BinarySearchFunc(m.entries, seq, func(e model.Entry, seq uint64) int { return cmp.Compare(e.Seq, seq) })
			if pinned && found {
				rows = append(rows, i)
			}
		}
		slices.Sort(rows)
	default:
		for i := range m.entries {
			if m.shows(&m.entries[i]) {
				rows = append(rows, i)
			}
		}
	}
	return rows
}

// shows reports whether the filter shows e.
func (m *Model) shows(e *model.Entry) bool {
	switch m.filter {
	case Pinned:
		return m.pinned[e.Seq]
	case Notes:
		return e.IsNote()
	case Changes:
		return !e.IsNote()
	}
	return true
}

// count is how many rows the filter shows.
func (m *Model) count() int {
	if m.filter == All {
		return len(m.entries)
	}
	return len(m.matches)
}

// index is the index in entries of the entry shown at row.
func (m *Model) index(row int) int {
	if m.filter == All {
		return row
	}
	return m.matches[row]
}

// rowAtOrBefore is the row of the newest shown entry at or before index
// i in entries, or -1 when none is.
func (m *Model) rowAtOrBefore(i int) int {
	if m.filter == All {
		return min(i, len(m.entries)-1)
	}
	row, found := slices.BinarySearch(m.matches, i)
	if found {
		return row
	}
	return row - 1
}
