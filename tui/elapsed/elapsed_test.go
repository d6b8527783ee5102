package elapsed

import (
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		p    Precision
		d    time.Duration
		want string
	}{
		{"seconds zero", Seconds, 0, "00:00:00"},
		{"seconds negative", Seconds, -time.Minute, "00:00:00"},
		{"seconds", Seconds, 4*time.Minute + 7*time.Second, "00:04:07"},
		{"seconds hours", Seconds, 13*time.Hour + 59*time.Second, "13:00:59"},
		{"seconds days", Seconds, 50*time.Hour + 4*time.Minute + 7*time.Second, "2d 02:04:07"},
		{"minutes under one", Minutes, 59 * time.Second, "<1m"},
		{"minutes", Minutes, 47*time.Minute + 59*time.Second, "47m"},
		{"minutes hours", Minutes, 3*time.Hour + 5*time.Minute, "3h 05m"},
		{"minutes days", Minutes, 52*time.Hour + 59*time.Minute, "2d 04h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Format(tt.d); got != tt.want {
				t.Errorf("Format(%v) = %q, want %q", tt.d, got, tt.want)
			}
		})
	}
}

func TestNextChangeIsWhenTheTextChanges(t *testing.T) {
	start := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		p       Precision
		elapsed time.Duration
		want    time.Duration // after start
	}{
		{"second boundary", Seconds, 1500 * time.Millisecond, 2 * time.Second},
		{"exactly on a second", Seconds, 3 * time.Second, 4 * time.Second},
		{"clock behind start", Seconds, -time.Hour, time.Second},
		{"first minute", Minutes, 10 * time.Second, time.Minute},
		{"within hours", Minutes, 2*time.Hour + 30*time.Second, 2*time.Hour + time.Minute},
		{"last minute of the first day", Minutes, 24*time.Hour - 30*time.Second, 24 * time.Hour},
		{"days change hourly", Minutes, 25*time.Hour + 10*time.Minute, 26 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := start.Add(tt.elapsed)
			next := tt.p.NextChange(start, now)
			if want := start.Add(tt.want); !next.Equal(want) {
				t.Fatalf("NextChange at +%v = +%v, want +%v", tt.elapsed, next.Sub(start), tt.want)
			}
			before := tt.p.Format(max(now.Sub(start), 0))
			justBefore := tt.p.Format(next.Add(-time.Nanosecond).Sub(start))
			after := tt.p.Format(next.Sub(start))
			if justBefore != before || after == before {
				t.Errorf("text %q -> %q just before -> %q at the change", before, justBefore, after)
			}
		})
	}
}

func TestClockReadsLikeATimer(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-time.Second:                  "0:00",
		0:                             "0:00",
		999 * time.Millisecond:        "0:00",
		4*time.Minute + 7*time.Second: "4:07",
		time.Hour + 2*time.Minute + 3*time.Second: "1:02:03",
		26 * time.Hour: "26:00:00",
	} {
		if got := Clock(d); got != want {
			t.Errorf("Clock(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestStampShowsTheDateOnlyWhenNotToday(t *testing.T) {
	now := time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)
	for at, want := range map[time.Time]string{
		now.Add(-9 * time.Hour):           "00:30",
		now.Add(-10 * time.Hour):          "Nov 27 23:30",
		now.AddDate(0, 0, 3):              "Dec 01 09:30",
		now.In(time.FixedZone("X", 3600)): "09:30",
	} {
		if got := Stamp(at, now); got != want {
			t.Errorf("Stamp(%v) = %q, want %q", at, got, want)
		}
	}
}
