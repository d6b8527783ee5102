package webhook

import (
	"testing"
	"time"
)

func TestExponentialBackoffDoublesWithJitterUpToAMinute(t *testing.T) {
	for attempt := 1; attempt <= 10; attempt++ {
		full := min(time.Second<<(attempt-1), maxBackoff)
		for range 100 {
			if d := exponentialBackoff(attempt); d < full/2 || d > full {
				t.Fatalf("backoff after attempt %d = %v, want between %v and %v", attempt, d, full/2, full)
			}
		}
	}
}

func TestRetryAfter(t *testing.T) {
	tests := map[string]time.Duration{
		"":       0,
		"0":      0,
		"-3":     0,
		"soon":   0,
		"1":      time.Second,
		"30":     30 * time.Second,
		"100000": maxBackoff,
	}
	for header, want := range tests {
		if got := retryAfter(header); got != want {
			t.Errorf("retryAfter(%q) = %v, want %v", header, got, want)
		}
	}
}
