package hub

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// BenchmarkFanOut200 measures one event reaching 200 waiting subscribers,
// timed from the Dispatch call to the last subscriber holding it. The
// journal is in memory so that the figure is the fan-out, not the fsync.
func BenchmarkFanOut200(b *testing.B) {
	h, err := Open(context.Background(), &memJournal{}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer h.Close()
	e, err := h.Dispatch(context.Background(), alice, model.Declare{Title: "fan-out"})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const subscribers = 200
	received := make(chan time.Time, subscribers)
	for range subscribers {
		sub := h.Subscribe(ctx)
		go func() {
			for {
				if _, err := sub.Next(ctx); err != nil {
					return
				}
				received <- time.Now()
			}
		}()
	}
	fanOut := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		start := time.Now()
		if _, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: e.Incident, Text: fmt.Sprint("n", i)}); err != nil {
			b.Fatal(err)
		}
		var last time.Duration
		for range subscribers {
			last = max(last, (<-received).Sub(start))
		}
		fanOut = append(fanOut, last)
	}
	b.StopTimer()
	reportP99(b, fanOut)
}

func reportP99(b *testing.B, d []time.Duration) {
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)*99/100])/1e6, "p99-ms")
}
