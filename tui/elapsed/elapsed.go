// Package elapsed formats how long an incident has been going and says when
// that text will next change, so a screen can sleep until then instead of
// redrawing on a fixed beat.
package elapsed

import (
	"fmt"
	"time"
)

// Precision is how finely an elapsed time is shown.
type Precision int

const (
	// Seconds reads like a stopwatch: "00:04:07", "2d 03:04:07".
	Seconds Precision = iota
	// Minutes reads at a glance: "<1m", "47m", "3h 05m", "2d 04h".
	Minutes
)

// Format renders d. Negative durations (a clock that went backwards) show
// as zero rather than as nonsense.
func (p Precision) Format(d time.Duration) string {
	d = max(d, 0)
	days := int(d / (24 * time.Hour))
	h := int(d/time.Hour) % 24
	m := int(d/time.Minute) % 60
	s := int(d/time.Second) % 60
	switch {
	case p == Seconds && days > 0:
		return fmt.Sprintf("%dd %02d:%02d:%02d", days, h, m, s)
	case p == Seconds:
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	case days > 0:
		return fmt.Sprintf("%dd %02dh", days, h)
	case h > 0:
		return fmt.Sprintf("%dh %02dm", h, m)
	case m > 0:
		return fmt.Sprintf("%dm", m)
	}
	return "<1m"
}

// NextChange returns the first instant after now at which the text for the
// time elapsed since start will differ from the text at now.
func (p Precision) NextChange(start, now time.Time) time.Time {
	d := max(now.Sub(start), 0)
	step := p.step(d)
	return start.Add((d/step + 1) * step)
}

// step is the smallest change the text shows at elapsed time d.
func (p Precision) step(d time.Duration) time.Duration {
	switch {
	case p == Seconds:
		return time.Second
	case d >= 24*time.Hour:
		return time.Hour
	}
	return time.Minute
}

// Clock renders a countdown or a short span like a kitchen timer: "4:07",
// "1:02:03". Negative spans show as zero.
func Clock(d time.Duration) string {
	d = max(d, 0).Truncate(time.Second)
	h, m, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}

// Countdown is a live count towards or past a deadline, as the panes and
// the timer strip show it: "3:12" left, or "0:42" past. Within ten minutes
// of the deadline it counts seconds, like a kitchen timer; further away
// it counts minutes ("47m", "3h 05m"), so that a screen whose deadlines
// are far off changes once a minute, not every second. Time left is
// rounded up and time past rounded down, so the text reads 0:00 exactly
// at the deadline and never shows 0:00 while there is still time.
type Countdown struct {
	Text string
	Past bool // the deadline has passed
	// Next is when the text changes.
	Next time.Time
}

// SecondsWithin is how close to its deadline a countdown counts seconds.
const SecondsWithin = 10 * time.Minute

// Key tells apart every countdown a pane may show, for its cache: the
// same text before and after a deadline means different things.
func (c Countdown) Key() string {
	if c.Past {
		return "+" + c.Text
	}
	return c.Text
}

// Until is the countdown to deadline at now.
func Until(deadline, now time.Time) Countdown {
	if left := deadline.Sub(now); left > SecondsWithin {
		mins := (left + time.Minute - 1) / time.Minute
		return Countdown{Text: Minutes.Format(mins * time.Minute), Next: deadline.Add(-(mins - 1) * time.Minute)}
	} else if left > 0 {
		secs := (left + time.Second - 1) / time.Second
		return Countdown{Text: Clock(secs * time.Second), Next: deadline.Add(-(secs - 1) * time.Second)}
	}
	if past := now.Sub(deadline); past >= SecondsWithin {
		mins := past / time.Minute
		return Countdown{Text: Minutes.Format(mins * time.Minute), Past: true, Next: deadline.Add((mins + 1) * time.Minute)}
	}
	secs := now.Sub(deadline) / time.Second
	return Countdown{Text: Clock(secs * time.Second), Past: true, Next: deadline.Add((secs + 1) * time.Second)}
}

// Stamp is a moment as the screens show it: the time of day in now's time
// zone, with the date when it is not today's.
func Stamp(t, now time.Time) string {
	t = t.In(now.Location())
	if y, m, d := t.Date(); y == now.Year() && m == now.Month() && d == now.Day() {
		return t.Format("15:04")
	}
	return t.Format("Jan 02 15:04")
}
