package model

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Day is a calendar day in UTC, for due dates: an action is due on a day,
// not at an instant. The zero Day means none.
type Day struct{ t time.Time }

// DayOf returns the UTC day t falls on.
func DayOf(t time.Time) Day {
	y, m, d := t.UTC().Date()
	return Day{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// ParseDay reads "2026-12-01", or a day relative to now's: "+2d", "+1w",
// "today", "tomorrow".
func ParseDay(s string, now time.Time) (Day, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	today := DayOf(now)
	switch t {
	case "today":
		return today, nil
	case "tomorrow":
		return today.AddDays(1), nil
	}
	if rest, ok := strings.CutPrefix(t, "+"); ok && len(rest) >= 2 {
		n, err := strconv.Atoi(rest[:len(rest)-1])
		unit := map[byte]int{'d': 1, 'w': 7}[rest[len(rest)-1]]
		if err == nil && unit > 0 && n >= 0 && n <= 3650 {
			return today.AddDays(n * unit), nil
		}
	}
	if d, err := time.Parse(time.DateOnly, t); err == nil {
		return DayOf(d), nil
	}
	return Day{}, Errorf(CodeInvalid, "%q is not a day (like 2026-12-01, +2d, +1w, today or tomorrow)", Sanitize(s, false))
}

// IsZero reports whether the day is unset.
func (d Day) IsZero() bool { return d.t.IsZero() }

// Before reports whether d is an earlier day than o.
func (d Day) Before(o Day) bool { return d.t.Before(o.t) }

// AddDays returns the day n days later.
func (d Day) AddDays(n int) Day { return Day{d.t.AddDate(0, 0, n)} }

// Time is the start of the day, UTC.
func (d Day) Time() time.Time { return d.t }

// String is the day as 2026-12-01, or "" for none.
func (d Day) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

func (d Day) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

func (d *Day) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*d = Day{}
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return err
	}
	*d = Day{t}
	return nil
}
