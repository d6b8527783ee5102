// Package panes draws the side panes of the war room (roles, escalation
// ladder, action items) and the cross-incident follow-ups screen.
//
// A pane knows nothing of the layout around it: it renders into whatever
// width and height it is given, exactly height lines none wider than
// width cells, cutting text with an ellipsis and ending a list that does
// not fit with a "+N more" line. Keys that change the incident come back
// from HandleKey as model commands for the caller to dispatch; a pane
// never does I/O. Each pane caches its last rendering and draws again only
// when its data, size, focus, selection or the text of a clock on it
// changed, so a frame with nothing new costs a comparison.
package panes

import (
	"time"

	"charm.land/lipgloss/v2"

	"github.com/warroom/warroom/tui/style"
)

// viewKey is what every pane's rendering depends on besides its data,
// which each pane counts in gen: bumped whenever the data or the styles
// change.
type viewKey struct {
	gen           int
	width, height int
	focused       bool
	selected      int
	offset        int
	clock         string // the text of every clock the pane shows
	day           days   // today, for dates and overdue marks
}

// days is now's day in its time zone and in UTC, as yyyymmdd: times shown
// drop their date on the one, action items fall overdue on the other.
type days struct{ local, utc int }

func dayKey(now time.Time) days {
	date := func(t time.Time) int {
		y, m, d := t.Date()
		return y*10000 + int(m)*100 + d
	}
	return days{date(now), date(now.UTC())}
}

// clampSelection keeps a selection index within n rows (-1 when there are
// none).
func clampSelection(sel, n int) int {
	if n == 0 {
		return -1
	}
	return min(max(sel, 0), n-1)
}

// selectionStyle is the style to draw a row in: the selection's when it is
// the selected row of a focused pane, nil (its own styles) otherwise.
func selectionStyle(st *style.Styles, selected bool) *lipgloss.Style {
	if selected {
		return &st.Selected
	}
	return nil
}
