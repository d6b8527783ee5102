package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Bounds on a run, so that a typo cannot open a million sessions.
const (
	maxSessions = 2000
	maxStalled  = 100
	maxRounds   = 1000
	// roomMarker shows on a war room's screen and not on the list.
	roomMarker = "here: "
)

// The audiences a run can load the server with.
const (
	modeTUI    = "tui"    // every session a TUI in the room; the first posts
	modeFollow = "follow" // `timeline --follow` watchers, and one TUI that posts
)

// plan is one load run: who connects where, and what is measured.
type plan struct {
	addr          string
	incident      string
	key           gossh.Signer
	userPrefix    string
	mode          string
	sessions      int // in follow mode, the watchers; the poster comes on top
	stalled       int // TUIs in the room that never read, on top
	rounds        int
	interval      time.Duration
	idle          time.Duration
	timeout       time.Duration // per handshake and per round
	dialers       int           // handshakes in flight at once
	width, height int
	server        *serverProcess // nil when no --pid was given
	progress      io.Writer      // hears one line per phase
}

func (p plan) say(format string, args ...any) {
	fmt.Fprintf(p.progress, "warroom-load: "+format+"\n", args...)
}

func (p plan) validate() error {
	minSessions := 2 // one posts, at least one watches
	if p.mode == modeFollow {
		minSessions = 1 // the poster comes on top
	}
	switch {
	case p.mode != modeTUI && p.mode != modeFollow:
		return fmt.Errorf("--mode %q: want %s or %s", p.mode, modeTUI, modeFollow)
	case p.sessions < minSessions || p.sessions > maxSessions:
		return fmt.Errorf("--sessions %d: want %d to %d in %s mode", p.sessions, minSessions, maxSessions, p.mode)
	case p.stalled < 0 || p.stalled > maxStalled:
		return fmt.Errorf("--stalled %d: want 0 to %d", p.stalled, maxStalled)
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
	rep := &report{Mode: p.mode, Sessions: p.sessions, Rounds: p.rounds, Width: p.width, Height: p.height, Failures: []failureJSON{}}
	var before probe
	if p.server != nil {
		var err error
		if before, err = p.server.probe(); err != nil {
			return nil, err
		}
	}
	poster, audience, err := connectAudience(ctx, p, rep)
	if poster != nil {
		defer closeAll(append(audience, member[viewer]{v: poster}))
	} else {
		defer closeAll(audience)
	}
	if err != nil {
		return rep, err
	}
	stalled, failed := connectStalled(ctx, p, p.sessions+1, p.stalled)
	defer closeAll(stalled.sessions)
	rep.failed(failed...)
	if p.stalled > 0 {
		p.say("%d of %d stalled sessions joined %s and stopped reading", len(stalled.sessions), p.stalled, p.incident)
	}

	postStart, err := measure(ctx, p, poster, audience, before, rep)
	rep.Stalled = stalled.report(p.stalled)
	if phase, gone := phaseOf(err); gone {
		everyone := []viewer{poster}
		for _, m := range audience {
			everyone = append(everyone, m.v)
		}
		rep.Shutdown = observeShutdown(phase, everyone, p.timeout)
	}
	if err == nil && p.server != nil {
		err = rep.Server.closeOut(p.server, before, postStart, len(audience)+1+len(stalled.sessions))
	}
	return rep, err
}

// measure runs the idle phase, then the posting rounds, and returns the
// server's probe at the start of posting.
func measure(ctx context.Context, p plan, poster *screen, audience []member[viewer], before probe, rep *report) (probe, error) {
	p.say("idle for %s", p.idle)
	if err := measureIdle(ctx, p, poster, audience, before, rep); err != nil {
		return probe{}, err
	}
	p.say("posting %d notes, one every %s", p.rounds, p.interval)
	postStart, err := startPhase(p.server)
	if err != nil {
		return probe{}, err
	}
	return postStart, postRounds(ctx, p, poster, audience, rep)
}

// connectAudience connects the poster and the sessions that must see its
// notes: in tui mode all are screens and the first posts; in follow mode
// the poster is a screen and the audience follow the timeline.
func connectAudience(ctx context.Context, p plan, rep *report) (*screen, []member[viewer], error) {
	var poster *screen
	var audience []member[viewer]
	var handshakes []time.Duration
	var failed []failure
	switch p.mode {
	case modeTUI:
		var screens []member[*screen]
		screens, handshakes, failed = connectAll(ctx, p, 1, p.sessions, join)
		if len(screens) > 0 && screens[0].number == 1 {
			poster, screens = screens[0].v, screens[1:]
		}
		audience = viewers(screens)
	case modeFollow:
		var err error
		if poster, err = join(ctx, p, userName(p, 0)); err != nil {
			return nil, nil, fmt.Errorf("the posting session did not join %s: %w", p.incident, err)
		}
		var watchers []member[*watcher]
		watchers, handshakes, failed = connectAll(ctx, p, 1, p.sessions, watch)
		audience = viewers(watchers)
	}
	rep.Handshake = summarise(handshakes)
	rep.failed(failed...)
	if p.mode == modeFollow {
		p.say("%d of %d watchers follow %s's timeline", len(handshakes), p.sessions, p.incident)
	} else {
		p.say("%d of %d sessions joined %s", len(handshakes), p.sessions, p.incident)
	}
	if poster == nil || len(audience) == 0 {
		return poster, audience, fmt.Errorf("only %d of %d sessions joined %s (the first one posts): %s",
			len(handshakes), p.sessions, p.incident, firstReason(failed))
	}
	return poster, audience, nil
}

func viewers[T viewer](ms []member[T]) []member[viewer] {
	out := make([]member[viewer], len(ms))
	for i, m := range ms {
		out[i] = member[viewer]{number: m.number, v: m.v}
	}
	return out
}
