package deadline

import "time"

// Clock is the time the deadlines are kept by. The server runs on
// SystemClock; tests inject one they move by hand.
type Clock interface {
	Now() time.Time
	// After delivers once d has passed, at once when d <= 0.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the machine's clock.
func SystemClock() Clock { return systemClock{} }

type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
