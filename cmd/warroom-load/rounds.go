package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"
)

// viewer is one session a note must reach: a TUI screen in the room, or a
// `timeline --follow` stream.
type viewer interface {
	// expect arms the viewer to report when text shows.
	expect(text string) <-chan sighting
	bytesReceived() int64
	// ended is closed once the session has ended and its output is read.
	ended() <-chan struct{}
	// goodbyeAt is when the server's goodbye line showed, or zero.
	goodbyeAt() time.Time
	close()
}

// measureIdle waits p.idle with every session in the room and nothing
// posted, and records what the audience received and the server spent.
// It stops early, with errServerGone, if the poster's session ends.
func measureIdle(ctx context.Context, p plan, poster *screen, audience []member[viewer], before probe, rep *report) error {
	if p.server != nil {
		joined, err := p.server.probe()
		if err != nil {
			return err
		}
		rep.Server.Measured = true
		rep.Server.RSSBefore, rep.Server.RSSJoined = before.rss, joined.rss
	}
	if p.idle <= 0 {
		return nil
	}
	start, err := startPhase(p.server)
	if err != nil {
		return err
	}
	received := func() (n int64) {
		for _, m := range audience {
			n += m.v.bytesReceived()
		}
		return n
	}
	from, began := received(), time.Now()
	select {
	case <-time.After(p.idle):
	case <-poster.ended():
		return errServerGone{phase: "idle"}
	case <-ctx.Done():
		return fmt.Errorf("idle phase: %w", ctx.Err())
	}
	took := time.Since(began).Seconds()
	rep.IdleBytesPerSecond = float64(received()-from) / float64(len(audience)) / took
	if p.server != nil {
		end, err := p.server.probe()
		if err != nil {
			return err
		}
		rep.Server.IdleCPU = end.cpuPerSecondSince(start)
	}
	return nil
}

// postRounds has the poster post p.rounds notes, one every p.interval,
// each with a token of its own, and times how long each of the audience
// takes to show it. What it measured is in rep even when it fails part
// way; it stops with errServerGone if the poster's session ends.
func postRounds(ctx context.Context, p plan, poster *screen, audience []member[viewer], rep *report) error {
	run, err := newRunID()
	if err != nil {
		return err
	}
	var fanout, last []time.Duration
	var perUpdate []float64
	missed := map[int]string{}
	defer func() {
		rep.FanOut = summarise(fanout)
		rep.LastScreen = summarise(last)
		rep.BytesPerUpdate = mean(perUpdate)
		for _, m := range audience {
			if reason, ok := missed[m.number]; ok {
				rep.failed(failure{number: m.number, reason: reason})
			}
		}
	}()
	next := time.Now()
	for round := 1; round <= p.rounds; round++ {
		select {
		case <-time.After(time.Until(next)):
		case <-poster.ended():
			return errServerGone{phase: "posting"}
		case <-ctx.Done():
			return fmt.Errorf("round %d: %w", round, ctx.Err())
		}
		next = time.Now().Add(p.interval)
		token := fmt.Sprintf("load-%s-r%d", run, round)
		sightings := make([]<-chan sighting, len(audience))
		from := make([]int64, len(audience))
		for i, m := range audience {
			sightings[i], from[i] = m.v.expect(token), m.v.bytesReceived()
		}
		posted := time.Now()
		if err := poster.typeKeys(token + "\r"); err != nil {
			return fmt.Errorf("round %d: %w", round, err)
		}
		seen, slowest := 0, time.Duration(0)
		limit := time.NewTimer(p.timeout)
		for i, m := range audience {
			sg, outcome, err := awaitSighting(ctx, sightings[i], m.v.ended(), limit)
			if err != nil {
				limit.Stop()
				return fmt.Errorf("round %d: %w", round, err)
			}
			switch outcome {
			case sightingLate:
				if _, ok := missed[m.number]; !ok {
					missed[m.number] = fmt.Sprintf("did not show a note within %s", p.timeout)
				}
				continue
			case sessionEnded:
				missed[m.number] = "the server ended the session"
				continue
			}
			took := sg.at.Sub(posted)
			fanout = append(fanout, took)
			slowest = max(slowest, took)
			perUpdate = append(perUpdate, float64(sg.received-from[i]))
			seen++
		}
		limit.Stop()
		rep.SeenPerRound = append(rep.SeenPerRound, seen)
		if seen == len(audience) {
			last = append(last, slowest)
		}
	}
	return nil
}

// What became of one viewer's wait for a note.
type sightingOutcome int

const (
	sightingShown sightingOutcome = iota
	sightingLate                  // not within the round's time
	sessionEnded                  // the session ended first
)

// awaitSighting waits for one viewer's sighting until limit fires; once
// it has fired, the viewers not yet looked at get no more time.
func awaitSighting(ctx context.Context, ch <-chan sighting, ended <-chan struct{}, limit *time.Timer) (sighting, sightingOutcome, error) {
	select {
	case sg := <-ch:
		return sg, sightingShown, nil
	case <-ended:
		select {
		case sg := <-ch: // it showed the note before it ended
			return sg, sightingShown, nil
		default:
			return sighting{}, sessionEnded, nil
		}
	case <-ctx.Done():
		return sighting{}, sightingLate, ctx.Err()
	case <-limit.C:
		limit.Reset(0) // every later wait ends at once too
	}
	select {
	case sg := <-ch:
		return sg, sightingShown, nil
	default:
		return sighting{}, sightingLate, nil
	}
}

// newRunID makes this run's tokens unique, so that a note from an earlier
// run still on screen is never taken for this one's.
func newRunID() (string, error) {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("make a run id: %w", err)
	}
	return hex.EncodeToString(b), nil
}
