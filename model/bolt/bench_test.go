package bolt

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// BenchmarkAppend1 is one event per Append, each fsynced before the next:
// the latency a lone responder sees when the store has nothing to group.
func BenchmarkAppend1(b *testing.B) {
	j := openJournal(b, tempPath(b))
	ctx := context.Background()
	events := newEvents(1, b.N)
	took := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i, e := range events {
		start := time.Now()
		if err := j.Append(ctx, uint64(i), []*model.Event{e}); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(took)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(ms(took[len(took)/2]), "p50-ms")
	b.ReportMetric(ms(took[len(took)*99/100]), "p99-ms")
}

// BenchmarkAppendBatch is what group commit buys: one Append, so one
// commit, per batch.
func BenchmarkAppendBatch(b *testing.B) {
	for _, size := range []int{16, 64} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			j := openJournal(b, tempPath(b))
			ctx := context.Background()
			events := newEvents(1, b.N*size)
			b.ResetTimer()
			for i := range b.N {
				batch := events[i*size : (i+1)*size]
				if err := j.Append(ctx, batch[0].Seq-1, batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// BenchmarkReplay100k is a server start: open (which checks every key) and
// replay a journal of 100,000 events.
func BenchmarkReplay100k(b *testing.B) {
	const n = 100_000
	path := tempPath(b)
	j, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	appendAll(b, j, newEvents(1, n), 1000)
	if err := j.Close(); err != nil {
		b.Fatal(err)
	}
	b.Run("open+replay", func(b *testing.B) {
		for range b.N {
			j, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			var got int
			if err := j.Replay(context.Background(), 0, func(*model.Event) error { got++; return nil }); err != nil {
				b.Fatal(err)
			}
			if err := j.Close(); err != nil {
				b.Fatal(err)
			}
			if got != n {
				b.Fatalf("replayed %d events, want %d", got, n)
			}
		}
		b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "events/s")
	})
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
