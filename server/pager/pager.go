// Package pager carries the war room's pages and stakeholder updates out
// of the store to the configured webhooks, and records every delivery's
// outcome on the incident's timeline.
//
// Delivery is at least once. An outcome is recorded only after the
// receiver answered, so a page sent just before a crash, or cut short by a
// shutdown, has no outcome on record and is sent again at the next start;
// one with an outcome recorded never is. Every message carries the same
// Idempotency-Key each time it is sent, so a receiver can drop the repeat.
package pager

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/webhook"
)

// DefaultGrace is how long deliveries may go on after Run's context ends
// when Options.Grace is zero: long enough for a healthy receiver to answer,
// short enough not to hold up a shutdown.
const DefaultGrace = 5 * time.Second

// Options tune Run. The zero value is ready to use.
type Options struct {
	// Logger records what could not be sent or recorded; nil discards.
	Logger *slog.Logger

	// Webhook tunes the delivery (Client, MaxAttempts, Backoff, QueueSize,
	// Sleep). OnResult is Run's own and is replaced; a nil Logger means
	// Options.Logger.
	Webhook webhook.Options

	// Grace is how long queued and in-flight deliveries may go on after
	// ctx ends; zero means DefaultGrace. What is still undelivered then is
	// left unrecorded, to be sent again at the next start.
	Grace time.Duration

	// Now is the clock that decides which pages and updates are recent
	// enough to send again at start; nil means time.Now.
	Now func() time.Time
}

// Run sends every page and stakeholder update committed to store to each
// of targets until ctx is done, and records each outcome as model.System().
// At start, and whenever the subscription reports that events were
// dropped, it also sends whatever recent page or update has no outcome
// recorded for a target (see resendWindow).
//
// With no targets Run returns nil at once. It returns nil when ctx ends it,
// after the deliveries' grace period, and an error when the targets cannot
// be told apart or the store ends the subscription first (it was closed).
func Run(ctx context.Context, store model.Store, targets []webhook.Target, opts Options) error {
	if len(targets) == 0 {
		return nil
	}
	if err := distinctLabels(targets); err != nil {
		return err
	}
	p := newPager(store, targets, opts)
	defer p.shutdown()

	// Subscribed before the snapshot that catchUp takes, so that every
	// event committed after that snapshot reaches the subscription. Those
	// committed between the two are in both; follow skips them by seq.
	sub := store.Subscribe(ctx)
	defer sub.Close()
	return p.follow(ctx, sub)
}

// distinctLabels refuses targets that share a label: the timeline records
// outcomes by label, so two such targets would share one record.
func distinctLabels(targets []webhook.Target) error {
	seen := make(map[string]int, len(targets))
	for i, t := range targets {
		if j, dup := seen[t.Label()]; dup {
			return fmt.Errorf("webhook targets %d and %d are both named %q; give each a distinct name", j+1, i+1, t.Label())
		}
		seen[t.Label()] = i
	}
	return nil
}

// pager is one Run: a Sender per target, so that a message can go to just
// the targets that lack an outcome, and the deliveries on their way.
type pager struct {
	store   model.Store
	log     *slog.Logger
	now     func() time.Time
	grace   time.Duration
	senders []targetSender

	// lifetime ends when the grace period runs out; it bounds recording
	// and tells a delivery cut short by the shutdown from a failure.
	lifetime context.Context
	expire   context.CancelFunc

	// mu guards inFlight, and is held across a catch-up's snapshot and
	// sends so that a delivery recorded meanwhile is never sent again.
	mu       sync.Mutex
	inFlight map[delivery]struct{}
}

type targetSender struct {
	label  string
	sender *webhook.Sender
}

func newPager(store model.Store, targets []webhook.Target, opts Options) *pager {
	p := &pager{
		store:    store,
		log:      opts.Logger,
		now:      opts.Now,
		grace:    opts.Grace,
		inFlight: make(map[delivery]struct{}),
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	if p.now == nil {
		p.now = time.Now
	}
	if p.grace <= 0 {
		p.grace = DefaultGrace
	}
	p.lifetime, p.expire = context.WithCancel(context.Background())
	wopts := opts.Webhook
	wopts.OnResult = p.record
	if wopts.Logger == nil {
		wopts.Logger = p.log
	}
	for _, t := range targets {
		p.senders = append(p.senders, targetSender{label: t.Label(), sender: webhook.New([]webhook.Target{t}, wopts)})
	}
	return p
}

// follow catches up with the store, then sends what each update commits.
func (p *pager) follow(ctx context.Context, sub model.Subscription) error {
	seen := p.catchUp()
	for {
		u, err := sub.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("pager: store subscription ended: %w", err)
		}
		if u.Resync {
			// The events were dropped; what they paged or posted is in
			// the state, with no outcome recorded yet.
			seen = p.catchUp()
			continue
		}
		for _, e := range u.Events {
			// seen is the newest seq handled: the state catchUp read,
			// whose events it sent, or an event sent since.
			if e.Seq <= seen {
				continue
			}
			seen = e.Seq
			p.announce(u.State, e)
		}
	}
}

// shutdown lets the senders deliver for the grace period, then cuts them
// short. Outcomes reported after that are not recorded unless they
// succeeded (see record).
func (p *pager) shutdown() {
	timer := time.AfterFunc(p.grace, p.expire)
	defer timer.Stop()
	defer p.expire()
	var closing sync.WaitGroup
	for _, s := range p.senders {
		closing.Go(func() {
			if err := s.sender.Close(p.lifetime); err != nil {
				p.log.Warn("webhook deliveries cut short by shutdown; they are sent again at the next start",
					"target", s.label, "err", err)
			}
		})
	}
	closing.Wait()
}
