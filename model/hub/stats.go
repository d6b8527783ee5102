package hub

import (
	"slices"
	"sync/atomic"
	"time"
)

// Stats is a reading of the hub for the server's metrics: counters since
// Open, which only grow, and the subscribers and their pending events as
// they are now.
type Stats struct {
	Commits     uint64 // batches appended to the journal by this hub
	Events      uint64 // events in those batches
	Subscribers int    // open subscriptions
	// Resyncs counts subscribers that fell so far behind that their
	// pending events were dropped and they had to reload the state.
	Resyncs uint64
	// PendingEvents is how many events the open subscribers have been
	// offered but not yet taken, summed; MaxPendingEvents is the most any
	// one of them has. Both are read when Stats is called, not counted on
	// the way: a subscriber past SubscriberBuffer resyncs, so
	// MaxPendingEvents/SubscriberBuffer is how close the slowest one is.
	PendingEvents    int
	MaxPendingEvents int
	SubscriberBuffer int // events a subscriber may have pending before it resyncs
	// CommitLatency is how long each commit took, from taking its batch
	// to publishing it: deciding, the durable append, and the fan-out.
	CommitLatency Histogram
}

// Histogram is a distribution of durations in fixed buckets.
type Histogram struct {
	// Bounds are the buckets' upper bounds, ascending; a last bucket
	// without bound holds the rest.
	Bounds []time.Duration
	// Cumulative[i] counts the observations no longer than Bounds[i].
	Cumulative []uint64
	Count      uint64 // every observation, the last bucket's included
	Sum        time.Duration
}

// commitBounds span a commit from an in-memory journal to a slow disk's
// fsync.
var commitBounds = [...]time.Duration{
	100 * time.Microsecond, 250 * time.Microsecond, 500 * time.Microsecond,
	time.Millisecond, 2500 * time.Microsecond, 5 * time.Millisecond,
	10 * time.Millisecond, 25 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 250 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2500 * time.Millisecond,
}

// counters are the hub's statistics as atomics: the writer and the
// publishing path only ever add to them, never lock for them.
type counters struct {
	commits     atomic.Uint64
	events      atomic.Uint64
	subscribers atomic.Int64
	resyncs     atomic.Uint64
	// latency[i] counts commits that fell in bucket i alone (the last one
	// past every bound); reading makes them cumulative.
	latency      [len(commitBounds) + 1]atomic.Uint64
	latencyNanos atomic.Int64
}

// recordCommit counts one commit of n events that took d.
func (c *counters) recordCommit(n int, d time.Duration) {
	c.commits.Add(1)
	c.events.Add(uint64(n))
	i := 0
	for i < len(commitBounds) && d > commitBounds[i] {
		i++
	}
	c.latency[i].Add(1)
	c.latencyNanos.Add(int64(d))
}

// Stats returns the hub's counters. Each is read atomically, not all of
// them at one instant; Count is the sum of the buckets read, so that the
// histogram itself is always consistent. The pending events are counted
// by walking the subscribers, so publishing does no bookkeeping for them.
func (h *Hub) Stats() Stats {
	c := &h.stats
	hist := Histogram{
		Bounds:     slices.Clone(commitBounds[:]),
		Cumulative: make([]uint64, len(commitBounds)),
		Sum:        time.Duration(c.latencyNanos.Load()),
	}
	for i := range c.latency {
		hist.Count += c.latency[i].Load()
		if i < len(hist.Cumulative) {
			hist.Cumulative[i] = hist.Count
		}
	}
	pending, most := h.subscriberLag()
	return Stats{
		Commits:          c.commits.Load(),
		Events:           c.events.Load(),
		Subscribers:      int(c.subscribers.Load()),
		Resyncs:          c.resyncs.Load(),
		PendingEvents:    pending,
		MaxPendingEvents: most,
		SubscriberBuffer: h.bufSize,
		CommitLatency:    hist,
	}
}

// subscriberLag sums the open subscribers' pending events and finds the
// largest count. It holds hub.mu, as publishing does, so the set cannot
// change and no batch is half offered while it counts.
func (h *Hub) subscriberLag() (total, most int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		n := s.pendingEvents()
		total += n
		most = max(most, n)
	}
	return total, most
}
