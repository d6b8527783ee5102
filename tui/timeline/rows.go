package timeline

import (
	"sync"
	"time"

	"github.com/warroom/warroom/tui/style"
)

// Rows shares rendered entries between the timelines of many sessions. A
// note lands on every screen in the room at once, and with the same
// styles, width and time zone it renders to the same lines on each: one
// session renders it and the others take its lines. Safe for concurrent
// use; a nil *Rows shares nothing.
type Rows struct {
	mu   sync.Mutex
	rows map[rowKey][]string
}

// maxSharedRows bounds Rows: the entries on the screens of the busiest
// rooms at a few widths and themes.
const maxSharedRows = 8192

// NewRows returns an empty Rows.
func NewRows() *Rows { return &Rows{rows: map[rowKey][]string{}} }

// rowKey is everything an entry's rendering depends on besides the entry,
// which its Seq names: events never change once stored.
type rowKey struct {
	seq         uint64
	number      int // its place on the whole timeline
	numberWidth int // the number column, as wide as the longest number
	width       int
	styles      *style.Styles // shared per theme, so equal pointers mean equal styles
	loc         *time.Location
	showDates   bool
	pinned      bool
}

func (r *Rows) get(k rowKey) ([]string, bool) {
	if r == nil {
		return nil, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	lines, ok := r.rows[k]
	return lines, ok
}

func (r *Rows) put(k rowKey, lines []string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.rows) >= maxSharedRows {
		clear(r.rows)
	}
	r.rows[k] = lines
}
