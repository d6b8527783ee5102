package model

import (
	"encoding/json"
	"testing"
	"time"
)

func TestParseDay(t *testing.T) {
	now := t0 // 2026-11-28 03:00 UTC
	for _, tc := range []struct {
		in, want string
	}{
		{"2026-12-01", "2026-12-01"},
		{" 2026-12-01 ", "2026-12-01"},
		{"2026-11-01", "2026-11-01"}, // past days parse; commands refuse them
		{"+2d", "2026-11-30"},
		{"+2D", "2026-11-30"},
		{"+0d", "2026-11-28"},
		{"+1w", "2026-12-05"},
		{"+5w", "2027-01-02"},
		{"+3650d", "2036-11-25"},
		{"today", "2026-11-28"},
		{"Tomorrow", "2026-11-29"},
	} {
		got, err := ParseDay(tc.in, now)
		if err != nil || got.String() != tc.want {
			t.Errorf("ParseDay(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{"", "next week", "+d", "+2", "+-1d", "+1y", "+3651d", "2026-02-30", "2026-12-1", "12/01/2026", "\x1b[31m+2d"} {
		got, err := ParseDay(in, now)
		if err == nil {
			t.Errorf("ParseDay(%q) = %s, want refused", in, got)
			continue
		}
		checkRefusal(t, err, CodeInvalid, "is not a day (like 2026-12-01, +2d, +1w, today or tomorrow)")
	}
}

// Relative days count from the UTC day of now, wherever now was taken.
func TestParseDayIsUTC(t *testing.T) {
	evening := time.Date(2026, 11, 28, 21, 0, 0, 0, time.FixedZone("UTC-5", -5*3600)) // 02:00 UTC on the 29th
	for in, want := range map[string]string{"today": "2026-11-29", "+1d": "2026-11-30"} {
		if got, err := ParseDay(in, evening); err != nil || got.String() != want {
			t.Errorf("ParseDay(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
}

func TestDay(t *testing.T) {
	var zero Day
	if !zero.IsZero() || zero.String() != "" {
		t.Errorf("zero day = %q", zero)
	}
	d := date(2026, 12, 1)
	if d.IsZero() || d != DayOf(time.Date(2026, 12, 1, 23, 59, 0, 0, time.UTC)) || !d.Time().Equal(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("DayOf is not the day's start: %v", d.Time())
	}
	if !date(2026, 11, 30).Before(d) || d.Before(d) || d.AddDays(31).String() != "2027-01-01" {
		t.Errorf("day arithmetic is wrong around %s", d)
	}
	for _, day := range []Day{zero, d} {
		b, err := json.Marshal(day)
		if err != nil {
			t.Fatal(err)
		}
		var back Day
		if err := json.Unmarshal(b, &back); err != nil || back != day {
			t.Errorf("%s → %s → %s, %v", day, b, back, err)
		}
	}
	var back Day
	for _, bad := range []string{`"2026-13-01"`, `20261201`, `"+2d"`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("decoded %s as %s", bad, back)
		}
	}
}
