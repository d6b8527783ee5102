package panes

import (
	"time"
)

// stamp is a time of day as panes show it, in now's time zone, with the
// date when it is not today's.
func stamp(t, now time.Time) string {
	t = t.In(now.Location())
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	return t.Format("Jan 02 15:04")
}

// nextMidnightUTC is when the UTC day of now ends: due days are UTC days,
// so that is when an action can next become overdue.
func nextMidnightUTC(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}
