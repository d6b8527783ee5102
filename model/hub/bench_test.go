package hub_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
)

// These benchmarks run the hub on the real bbolt journal (storetest)
// because durability is what they measure: every Dispatch returns only
// after its event is fsynced.

var responder = model.Actor{Name: "bench", Level: model.LevelResponder}

func BenchmarkDispatchDurable(b *testing.B) {
	for _, writers := range []int{1, 16} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			h := storetest.Open(b, hub.Options{})
			e, err := h.Dispatch(context.Background(), responder, model.Declare{Title: "bench"})
			if err != nil {
				b.Fatal(err)
			}
			latencies := make([][]time.Duration, writers)
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for w := range writers {
				n := b.N / writers
				if w < b.N%writers {
					n++
				}
				wg.Go(func() {
					lat := make([]time.Duration, 0, n)
					for i := range n {
						t := time.Now()
						if _, err := h.Dispatch(context.Background(), responder, model.PostNote{Incident: e.Incident, Text: fmt.Sprint("note ", i)}); err != nil {
							b.Error(err)
							return
						}
						lat = append(lat, time.Since(t))
					}
					latencies[w] = lat
				})
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			all := slices.Concat(latencies...)
			reportLatency(b, all)
			b.ReportMetric(float64(len(all))/elapsed.Seconds(), "events/s")
		})
	}
}

func reportLatency(b *testing.B, d []time.Duration) {
	slices.Sort(d)
	at := func(q float64) float64 { return float64(d[int(q*float64(len(d)-1))]) / 1e6 }
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
