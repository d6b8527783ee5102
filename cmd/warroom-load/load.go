package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Bounds on a run, so that a typo cannot open a million sessions.
const (
	maxSessions = 2000
	maxRounds   = 1000
	// roomMarker shows on a war room's screen and not on the list.
	roomMarker = "here: "
)

// plan is one load run: who connects where, and what is measured.
type plan struct {
	addr          string
	incident      string
	key           gossh.Signer
	userPrefix    string
	sessions      int
	rounds        int
	interval      time.Duration
	idle          time.Duration
	timeout       time.Duration // per handshake and per round
	dialers       int           // handshakes in flight at once
	width, height int
	server        *serverProcess // nil when no --pid was given
}

func (p plan) validate() error {
	switch {
	case p.sessions < 2 || p.sessions > maxSessions:
		return fmt.Errorf("--sessions %d: want 2 to %d (one posts, the others watch)", p.sessions, maxSessions)
	case p.rounds < 1 || p.rounds > maxRounds:
		return fmt.Errorf("--rounds %d: want 1 to %d", p.rounds, maxRounds)
	case p.incident == "":
		return errors.New("--incident is required, e.g. INC-1")
	case p.dialers < 1:
		return fmt.Errorf("--dialers %d: want at least 1", p.dialers)
	case p.timeout <= 0:
		return fmt.Errorf("--timeout %s: want a positive duration", p.timeout)
	}
	return requireLoopback(p.addr)
}

// run connects every session, measures the idle cost, posts the rounds
// and closes every session before it returns.
func run(ctx context.Context, p plan) (*report, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	rep := &report{Sessions: p.sessions, Rounds: p.rounds, Width: p.width, Height: p.height, Failures: []failureJSON{}}
	var before probe
	if p.server != nil {
		var err error
		if before, err = p.server.probe(); err != nil {
			return nil, err
		}
	}
	screens, handshakes, failed := connectAll(ctx, p)
	defer closeAll(screens)
	rep.Handshake = summarise(handshakes)
	rep.failed(failed...)
	live := present(screens)
	if len(live) < 2 || screens[0] == nil {
		return rep, fmt.Errorf("only %d of %d sessions joined %s (the first one posts): %s",
			len(live), p.sessions, p.incident, firstReason(failed))
	}
	if err := measureIdle(ctx, p, live, before, rep); err != nil {
		return rep, err
	}
	postStart, err := startPhase(p.server)
	if err != nil {
		return rep, err
	}
	if err := postRounds(ctx, p, screens, rep); err != nil {
		return rep, err
	}
	if p.server != nil {
		after, err := p.server.probe()
		if err != nil {
			return rep, err
		}
		rep.Server.PostingCPU = after.cpuPerSecondSince(postStart)
		rep.Server.RSSAfter = after.rss
		rep.Server.RSSPerSession = (after.rss - before.rss) / int64(len(live))
	}
	return rep, nil
}

// failure is one session that did not join or missed a note.
type failure struct {
	session int
	reason  string
}

func firstReason(failed []failure) string {
	if len(failed) == 0 {
		return "no reason given"
	}
	return failed[0].reason
}

// connectAll dials every session, at most p.dialers at a time, and joins
// each to the incident's room. screens[i] is nil for a session that
// failed.
func connectAll(ctx context.Context, p plan) (screens []*screen, handshakes []time.Duration, failed []failure) {
	screens = make([]*screen, p.sessions)
	took := make([]time.Duration, p.sessions)
	reasons := make([]string, p.sessions)
	slots := make(chan struct{}, p.dialers)
	var wg sync.WaitGroup
	for i := range p.sessions {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			reasons[i] = ctx.Err().Error()
			continue
		}
		wg.Go(func() {
			defer func() { <-slots }()
			start := time.Now()
			s, err := join(ctx, p, fmt.Sprintf("%s-%03d", p.userPrefix, i+1))
			if err != nil {
				reasons[i] = err.Error()
				return
			}
			screens[i], took[i] = s, time.Since(start)
		})
	}
	wg.Wait()
	for i, s := range screens {
		if s == nil {
			failed = append(failed, failure{session: i, reason: reasons[i]})
		} else {
			handshakes = append(handshakes, took[i])
		}
	}
	return screens, handshakes, failed
}

// join dials one session and takes it from the incident list into the
// room, as a person would: "/" filters the list by the id, enter applies
// the filter, enter again joins the incident selected.
func join(ctx context.Context, p plan, user string) (*screen, error) {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	s, err := dialScreen(ctx, p.addr, user, p.key, p.width, p.height)
	if err != nil {
		return nil, err
	}
	steps := []struct{ keys, until string }{
		{"", p.incident},
		{"/" + p.incident + "\r\r", roomMarker},
	}
	for _, step := range steps {
		if err := s.typeKeys(step.keys); err != nil {
			s.close()
			return nil, fmt.Errorf("%s: %w", user, err)
		}
		select {
		case <-s.expect(step.until):
		case <-ctx.Done():
			shown := s.text()
			s.close()
			return nil, fmt.Errorf("%s: %q did not show within %s; the screen shows:\n%s", user, step.until, p.timeout, strings.TrimSpace(shown))
		}
	}
	// The filter matches INC-10 as well as INC-1, and the first match is
	// the one joined: the room's header names the incident, followed by
	// two spaces.
	if header, _, _ := strings.Cut(s.text(), "\n"); !strings.Contains(header, p.incident+"  ") {
		s.close()
		return nil, fmt.Errorf("%s: joined another room than %s: %q", user, p.incident, strings.TrimSpace(header))
	}
	return s, nil
}

func present(screens []*screen) []*screen {
	var live []*screen
	for _, s := range screens {
		if s != nil {
			live = append(live, s)
		}
	}
	return live
}

func closeAll(screens []*screen) {
	var wg sync.WaitGroup
	for _, s := range screens {
		if s != nil {
			wg.Go(s.close)
		}
	}
	wg.Wait()
}

// measureIdle waits p.idle with every session in the room and nothing
// posted, and records what the screens received and the server spent.
func measureIdle(ctx context.Context, p plan, live []*screen, before probe, rep *report) error {
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
		for _, s := range live {
			n += s.received.Load()
		}
		return n
	}
	from, began := received(), time.Now()
	select {
	case <-time.After(p.idle):
	case <-ctx.Done():
		return fmt.Errorf("idle phase: %w", ctx.Err())
	}
	took := time.Since(began).Seconds()
	rep.IdleBytesPerSecond = float64(received()-from) / float64(len(live)) / took
	if p.server != nil {
		end, err := p.server.probe()
		if err != nil {
			return err
		}
		rep.Server.IdleCPU = end.cpuPerSecondSince(start)
	}
	return nil
}

// postRounds has the first session post p.rounds notes, one every
// p.interval, each with a token of its own, and times how long each other
// screen takes to show it.
func postRounds(ctx context.Context, p plan, screens []*screen, rep *report) error {
	poster := screens[0]
	run, err := newRunID()
	if err != nil {
		return err
	}
	var fanout, last []time.Duration
	var perUpdate []float64
	missed := map[int]bool{}
	next := time.Now()
	for round := 1; round <= p.rounds; round++ {
		select {
		case <-time.After(time.Until(next)):
		case <-ctx.Done():
			return fmt.Errorf("round %d: %w", round, ctx.Err())
		}
		next = time.Now().Add(p.interval)
		token := fmt.Sprintf("load-%s-r%d", run, round)
		watchers := map[int]<-chan sighting{}
		from := map[int]int64{}
		for i, s := range screens[1:] {
			if s != nil {
				watchers[i+1], from[i+1] = s.expect(token), s.received.Load()
			}
		}
		posted := time.Now()
		if err := poster.typeKeys(token + "\r"); err != nil {
			return fmt.Errorf("round %d: %w", round, err)
		}
		seen, slowest := 0, time.Duration(0)
		limit := time.NewTimer(p.timeout)
		for i, ch := range watchers {
			sg, ok, err := awaitSighting(ctx, ch, limit)
			if err != nil {
				limit.Stop()
				return fmt.Errorf("round %d: %w", round, err)
			}
			if !ok {
				missed[i] = true
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
		if seen == len(watchers) {
			last = append(last, slowest)
		}
	}
	rep.FanOut = summarise(fanout)
	rep.LastScreen = summarise(last)
	rep.BytesPerUpdate = mean(perUpdate)
	for i := range missed {
		rep.failed(failure{session: i, reason: fmt.Sprintf("did not show a note within %s", p.timeout)})
	}
	return nil
}

// awaitSighting waits for one screen's sighting until limit fires; once
// it has fired, the screens not yet looked at get no more time.
func awaitSighting(ctx context.Context, ch <-chan sighting, limit *time.Timer) (sighting, bool, error) {
	select {
	case sg := <-ch:
		return sg, true, nil
	case <-ctx.Done():
		return sighting{}, false, ctx.Err()
	case <-limit.C:
		limit.Reset(0) // every later wait ends at once too
	}
	select {
	case sg := <-ch:
		return sg, true, nil
	default:
		return sighting{}, false, nil
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
