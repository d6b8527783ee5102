// Package deadline is the server's clock for the deadlines incidents carry
// in their events: a ladder level that escalates by itself unless someone
// acknowledges it, and a handover offer that lapses unanswered.
//
// Deadlines are derived from the state, never stored on their own, so a
// restart neither loses nor repeats one: at start every open incident's
// next deadline is read from the snapshot, and one that passed while the
// server was down fires at once. The model refuses a deadline's command
// once someone acted first (an ack, an answer, a manual escalation), which
// is how a race with a person is settled one way and recorded once. It
// refuses one that is not yet due by the store's clock (the wall clock
// stepped back while Run waited) differently, and Run tries that again.
package deadline

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/warroom/warroom/model"
)

// Waits after the store failed to take a command: doubling from
// firstRetry up to lastRetry, so an unavailable store is not hammered and
// a page is late by at most lastRetry once it is back.
const (
	firstRetry = time.Second
	lastRetry  = 30 * time.Second
)

// notYetRetry is the least wait before trying again a deadline the store
// found not yet due, so that clocks apart by less cost at most one
// dispatch a second.
const notYetRetry = time.Second

// Run keeps the deadlines of store's incidents by clock until ctx is done,
// dispatching each as model.System() when it is reached. It returns nil
// when ctx ends it and an error when the store ends the subscription
// first (the store was closed).
func Run(ctx context.Context, store model.Store, clock Clock, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	sub := store.Subscribe(ctx)
	f := follow(ctx, sub)
	defer func() {
		sub.Close()
		for range f.updates { // let the follower return
		}
	}()

	r := &runner{store: store, clock: clock, log: log, sched: newSchedule()}
	// Subscribed first, so nothing committed after this snapshot is missed.
	r.sched.rebuild(store.Snapshot())
	for ctx.Err() == nil {
		wake := r.alarm()
		select {
		case <-ctx.Done():
		case u, ok := <-f.updates:
			if !ok {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("deadline clock: store subscription ended: %w", f.err)
			}
			r.sched.update(u)
		case <-wake:
			r.fire(ctx)
		}
	}
	return nil
}

// feed is a subscription's updates as a channel, so that Run can wait on
// them and the clock at once.
type feed struct {
	updates chan model.Update // closed when the subscription ends
	err     error             // why it ended; read only after updates closed
}

func follow(ctx context.Context, sub model.Subscription) *feed {
	f := &feed{updates: make(chan model.Update)}
	go func() {
		defer close(f.updates)
		for {
			u, err := sub.Next(ctx)
			if err != nil {
				f.err = err
				return
			}
			select {
			case f.updates <- u:
			case <-ctx.Done():
				return
			}
		}
	}()
	return f
}

// runner is Run's state; only Run's goroutine touches it.
type runner struct {
	store model.Store
	clock Clock
	log   *slog.Logger
	sched *schedule

	// The wake-up asked of the clock, kept while the moment it was asked
	// for stays the one wanted, so that an update which moves no deadline
	// costs no new timer.
	wakeAt time.Time
	wake   <-chan time.Time

	failures int       // store failures in a row
	retryAt  time.Time // no dispatch before this after a failure
}

// alarm returns the channel that delivers when the earliest deadline (or
// the retry after a failure) is reached; nil when there is none.
func (r *runner) alarm() <-chan time.Time {
	at, ok := r.sched.next()
	if !ok {
		r.wake = nil
		return nil
	}
	if r.failures > 0 && r.retryAt.After(at) {
		at = r.retryAt
	}
	if r.wake == nil || !at.Equal(r.wakeAt) {
		r.wakeAt, r.wake = at, r.clock.After(at.Sub(r.clock.Now()))
	}
	return r.wake
}

// fire dispatches every deadline reached, earliest first. It stops at a
// store failure, leaving the rest for the retry.
func (r *runner) fire(ctx context.Context) {
	r.wake = nil
	now := r.clock.Now()
	if now.Before(r.retryAt) {
		return
	}
	for _, k := range r.sched.due(now) {
		if !r.dispatch(ctx, k, now) {
			return
		}
	}
}

// dispatch sends the deadline in k and reports whether the store answered
// (whether or not it agreed, or found it not yet due); false means it did
// not, and the deadlines after k wait for the retry too.
func (r *runner) dispatch(ctx context.Context, k slot, now time.Time) bool {
	d := r.sched.pending[k]
	e, err := r.store.Dispatch(ctx, model.System(), d.cmd)
	switch code := model.ErrorCode(err); {
	case err == nil:
		r.log.Info("deadline reached", "incident", k.incident, "event", e.Kind(), "seq", e.Seq, "due", d.at)
	case code == model.CodeConflict:
		// Someone acted first; their event is on its way to us.
		r.log.Debug("deadline already met", "incident", k.incident, "command", fmt.Sprintf("%T", d.cmd), "reason", err)
	case code == model.CodeNotYet:
		// The store's clock, which stamps the event, is behind ours: try
		// again once it should have reached the deadline.
		wait := max(d.at.Sub(r.store.Now()), notYetRetry)
		r.sched.putOff(k, now.Add(wait))
		r.log.Warn("deadline: the store's clock has not reached it yet; trying again", "incident", k.incident,
			"command", fmt.Sprintf("%T", d.cmd), "due", d.at, "retry_in", wait)
		r.failures, r.retryAt = 0, time.Time{}
		return true
	case ctx.Err() != nil:
		return false
	case code == model.CodeUnavailable || code == model.CodeInternal:
		r.failures++
		wait := min(firstRetry<<min(r.failures-1, 16), lastRetry)
		r.retryAt = now.Add(wait)
		r.log.Error("deadline: the store did not take the command; retrying", "incident", k.incident, "command", fmt.Sprintf("%T", d.cmd), "retry_in", wait, "err", err)
		return false
	default:
		// The model refuses for good; sending it again cannot help.
		r.log.Error("deadline: the store refused the command", "incident", k.incident, "command", fmt.Sprintf("%T", d.cmd), "err", err)
	}
	r.failures, r.retryAt = 0, time.Time{}
	r.sched.markSent(k)
	return true
}
