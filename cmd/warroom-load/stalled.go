package main

import (
	"context"
	"fmt"
	"time"
)

// stalledReport is what became of the sessions that joined the room and
// then never read their output again, as a client on a dead network
// does: the server must not buffer for them forever.
type stalledReport struct {
	Sessions int `json:"sessions"` // asked for
	Joined   int `json:"joined"`   // in the room when they stopped reading
	// Disconnected is how many the server ended before the run did, and
	// DisconnectedAfter how long after they stopped reading.
	Disconnected      int       `json:"disconnected"`
	DisconnectedAfter latencies `json:"disconnected_after_ms"`
	// Observed is how long the run watched them, from their stall to its
	// end.
	Observed float64 `json:"observed_ms"`
}

// stalledGroup is the stalled sessions of a run.
type stalledGroup struct {
	sessions []member[*screen]
	since    time.Time // when they stopped reading
}

// connectStalled joins k sessions to the room like any other, numbered
// from first, then stops reading their output.
func connectStalled(ctx context.Context, p plan, first, k int) (stalledGroup, []failure) {
	joined, _, failed := connectAll(ctx, p, first, k, join)
	for _, m := range joined {
		m.v.stall()
	}
	for i := range failed {
		failed[i].reason = "stalled session: " + failed[i].reason
	}
	return stalledGroup{sessions: joined, since: time.Now()}, failed
}

// report says, at the end of the run, which stalled sessions the server
// has ended and when.
func (g stalledGroup) report(asked int) *stalledReport {
	if asked == 0 {
		return nil
	}
	now := time.Now()
	rep := &stalledReport{Sessions: asked, Joined: len(g.sessions), Observed: ms(now.Sub(g.since))}
	var after []time.Duration
	for _, m := range g.sessions {
		select {
		case <-m.v.ended():
			after = append(after, m.v.endedAt.Sub(g.since))
		default:
		}
	}
	rep.Disconnected = len(after)
	rep.DisconnectedAfter = summarise(after)
	return rep
}

// describe is the table's line for the stalled sessions.
func (r *stalledReport) describe() string {
	s := fmt.Sprintf("%d of %d joined, then never read", r.Joined, r.Sessions)
	switch {
	case r.Joined == 0:
		return s
	case r.Disconnected == 0:
		return fmt.Sprintf("%s; still connected after %.1f s", s, r.Observed/1000)
	case r.Disconnected < r.Joined:
		return fmt.Sprintf("%s; %d disconnected after %s, %d still connected after %.1f s", s,
			r.Disconnected, r.DisconnectedAfter.seconds(), r.Joined-r.Disconnected, r.Observed/1000)
	default:
		return fmt.Sprintf("%s; disconnected after %s", s, r.DisconnectedAfter.seconds())
	}
}
