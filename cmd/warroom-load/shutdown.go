package main

import (
	"bytes"
	"errors"
	"fmt"
	"sync"
	"time"
)

// goodbyeLine is what the server writes to every session as it shuts
// down (server/middleware.go); the tool counts the sessions that got it.
const goodbyeLine = "warroom is shutting down — goodbye"

// streamMatch finds a text in a byte stream that arrives in pieces,
// wherever the pieces split it.
type streamMatch struct {
	text string
	tail []byte // the last len(text)-1 bytes fed, for a text split across pieces
}

// feed reports whether the text shows in p or across the end of the
// previous pieces and the start of p.
func (m *streamMatch) feed(p []byte) bool {
	keep := len(m.text) - 1
	joint := append(m.tail, p[:min(len(p), keep)]...)
	found := bytes.Contains(joint, []byte(m.text)) || bytes.Contains(p, []byte(m.text))
	if len(p) >= keep {
		m.tail = append(m.tail[:0], p[len(p)-keep:]...)
	} else {
		m.tail = append(m.tail[:0], joint[max(0, len(joint)-keep):]...)
	}
	return found
}

// goodbyeWatch notes when a session's output first held the goodbye line.
type goodbyeWatch struct {
	mu    sync.Mutex
	match streamMatch
	at    time.Time
}

func newGoodbyeWatch() *goodbyeWatch {
	return &goodbyeWatch{match: streamMatch{text: goodbyeLine}}
}

// Write scans output for the goodbye line; it never fails, so it can
// stand as a session's stderr.
func (g *goodbyeWatch) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.at.IsZero() && g.match.feed(p) {
		g.at = time.Now()
	}
	return len(p), nil
}

func (g *goodbyeWatch) seenAt() time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.at
}

// errServerGone ends a run whose posting session the server ended: the
// server went away (or threw the poster out) during phase.
type errServerGone struct{ phase string }

func (e errServerGone) Error() string {
	return fmt.Sprintf("the server ended the posting session during the %s phase", e.phase)
}

// shutdownReport is how the sessions ended when the server went away
// during the run: how many ended within the wait, how many showed the
// goodbye line, and how long after the first goodbye the last came.
type shutdownReport struct {
	Phase         string  `json:"phase"`    // idle or posting
	Sessions      int     `json:"sessions"` // the poster and the audience; stalled ones are reported apart
	Ended         int     `json:"ended"`
	Goodbyes      int     `json:"goodbyes"`
	GoodbyeSpread float64 `json:"goodbye_spread_ms"` // first goodbye to last
}

// observeShutdown waits up to limit for every session to end once the
// server has gone away, and counts the goodbyes they showed.
func observeShutdown(phase string, sessions []viewer, limit time.Duration) *shutdownReport {
	rep := &shutdownReport{Phase: phase, Sessions: len(sessions)}
	deadline := time.NewTimer(limit)
	defer deadline.Stop()
	var first, last time.Time
	for _, v := range sessions {
		select {
		case <-v.ended():
		case <-deadline.C:
			deadline.Reset(0) // the sessions not yet looked at get no more time
			select {
			case <-v.ended():
			default:
				continue
			}
		}
		rep.Ended++
		at := v.goodbyeAt()
		if at.IsZero() {
			continue
		}
		rep.Goodbyes++
		if first.IsZero() || at.Before(first) {
			first = at
		}
		if at.After(last) {
			last = at
		}
	}
	if rep.Goodbyes > 0 {
		rep.GoodbyeSpread = ms(last.Sub(first))
	}
	return rep
}

// phaseOf names the phase a run error ended, when the server went away.
func phaseOf(err error) (string, bool) {
	var gone errServerGone
	if errors.As(err, &gone) {
		return gone.phase, true
	}
	return "", false
}
