package panes

import (
	"time"
)

// nextMidnightUTC is when the UTC day of now ends: due days are UTC days,
// so that is when an action can next become overdue.
func nextMidnightUTC(now time.Time) time.Time {
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}
