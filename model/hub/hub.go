// Package hub is the in-process model.Store: one writer goroutine decides
// and commits commands in batches (one durable journal append per batch),
// readers share immutable snapshots, and committed events fan out to
// subscriber mailboxes that never make the writer wait.
package hub

import (
	"context"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warroom/warroom/model"
)

// Options tune a Hub. The zero value is usable.
type Options struct {
	Now    func() time.Time // clock for event times; time.Now when nil
	Logger *slog.Logger     // slog.Default() when nil
	// SubscriberBuffer is how many events a subscriber may have pending
	// before it is marked for resync instead. Default 1024.
	SubscriberBuffer int
	// MaxBatch caps how many commands share one journal append. Default 256.
	MaxBatch int
	// Rules are how the server runs incidents; model.DefaultRules when nil.
	// Every State the hub publishes carries them.
	Rules *model.Rules
}

// Hub implements model.Store over a model.Journal.
type Hub struct {
	journal  model.Journal
	now      func() time.Time
	log      *slog.Logger
	bufSize  int
	maxBatch int

	state    atomic.Pointer[model.State]
	requests chan *request
	closing  chan struct{}
	done     chan struct{}
	close    sync.Once

	// mu orders publication: state swaps and offers to subscribers happen
	// under it, so every subscriber sees one order. It also guards the
	// subscriber set and each subscription's presence, so a presence
	// change and the subscription's removal cannot interleave.
	mu        sync.Mutex
	subs      map[*subscription]struct{}
	lastSubID uint64 // numbers subscriptions, naming their presence

	stats counters
}

type request struct {
	actor model.Actor
	cmd   model.Command
	reply chan result // buffered: the writer never waits for the caller
}

type result struct {
	event *model.Event
	err   error
}

// Open replays j into memory and starts the writer. The caller keeps
// ownership of j and closes it after Close.
func Open(ctx context.Context, j model.Journal, opts Options) (*Hub, error) {
	h := &Hub{
		journal:  j,
		now:      opts.Now,
		log:      opts.Logger,
		bufSize:  opts.SubscriberBuffer,
		maxBatch: opts.MaxBatch,
		requests: make(chan *request),
		closing:  make(chan struct{}),
		done:     make(chan struct{}),
		subs:     make(map[*subscription]struct{}),
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.bufSize <= 0 {
		h.bufSize = 1024
	}
	if h.maxBatch <= 0 {
		h.maxBatch = 256
	}
	s, _, err := fold(ctx, j, model.NewState(opts.Rules), false)
	if err != nil {
		return nil, err
	}
	h.state.Store(s)
	go h.write()
	return h, nil
}

// fold applies every journal event after s.Seq to s. With keep it also
// returns those events, for publishing.
func fold(ctx context.Context, j model.Journal, s *model.State, keep bool) (*model.State, []*model.Event, error) {
	var events []*model.Event
	err := j.Replay(ctx, s.Seq+1, func(e *model.Event) error {
		next, err := model.Apply(s, e)
		if err != nil {
			return err
		}
		s = next
		if keep {
			events = append(events, e)
		}
		return nil
	})
	if err != nil {
		return nil, nil, model.WrapError(model.ErrorCode(err), err, "replay journal")
	}
	return s, events, nil
}

// Close stops the writer. Dispatch calls after Close fail with
// CodeUnavailable; subscriptions end, and their presence with them. Close
// does not close the journal.
func (h *Hub) Close() error {
	h.close.Do(func() { close(h.closing) })
	<-h.done
	h.mu.Lock()
	subs := h.subs
	h.subs = map[*subscription]struct{}{}
	h.stats.subscribers.Add(-int64(len(subs)))
	h.mu.Unlock()
	for s := range subs {
		s.Close()
	}
	return nil
}

var errClosed = model.Errorf(model.CodeUnavailable, "the server is shutting down; try again in a moment")

// Dispatch implements model.Store.
func (h *Hub) Dispatch(ctx context.Context, actor model.Actor, cmd model.Command) (*model.Event, error) {
	r := &request{actor: actor, cmd: cmd, reply: make(chan result, 1)}
	select {
	case h.requests <- r:
	case <-ctx.Done():
		return nil, model.WrapError(model.CodeUnavailable, ctx.Err(), "gave up waiting for the store")
	case <-h.closing:
		return nil, errClosed
	}
	// Once the writer has the request it finishes it promptly; waiting
	// here, even past ctx, keeps the answer truthful about durability.
	res := <-r.reply
	return res.event, res.err
}

// Now implements model.Store.
func (h *Hub) Now() time.Time { return h.now() }

// Snapshot implements model.Store.
func (h *Hub) Snapshot() *model.State { return h.state.Load() }

// write is the single writer: it drains waiting requests into one batch
// so that concurrent writers share one fsync.
func (h *Hub) write() {
	defer close(h.done)
	for {
		var batch []*request
		select {
		case <-h.closing:
			return
		case r := <-h.requests:
			batch = append(batch, r)
		}
		// The writers released by the previous commit are runnable but
		// may not have sent yet; letting them run first turns alternating
		// tiny and large batches into steady full ones.
		runtime.Gosched()
	drain:
		for len(batch) < h.maxBatch {
			select {
			case r := <-h.requests:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		h.commit(batch)
	}
}

// maxConflictRetries bounds how often a batch is re-decided after another
// writer moved the journal on (only possible with a shared journal).
const maxConflictRetries = 3

func (h *Hub) commit(batch []*request) {
	start := time.Now()
	for attempt := 0; ; attempt++ {
		base := h.state.Load()
		s, events, owners := h.decide(base, batch)
		if len(events) == 0 {
			return
		}
		err := h.journal.Append(context.Background(), base.Seq, events)
		if err == nil {
			h.publish(s, events)
			h.stats.recordCommit(len(events), time.Since(start))
			answer(owners, events)
			return
		}
		// A failed append may still have landed (a disk error after the
		// write), and on a conflict another writer's events did: read
		// back what the journal holds, so that the screens show it and a
		// retry is never a second copy of a change that was saved.
		landed, readErr := h.catchUp(base)
		if stored := storedCopies(landed, events); stored != nil {
			h.stats.recordCommit(len(stored), time.Since(start))
			answer(owners, stored)
			return
		}
		if model.ErrorCode(err) == model.CodeConflict && attempt < maxConflictRetries && len(landed) > 0 {
			batch = owners
			continue
		}
		h.log.Error("journal append failed", "events", len(events), "after_seq", base.Seq, "err", err, "read_back_err", readErr)
		msg := "could not save your change; nothing was recorded, try again"
		if readErr != nil {
			msg = "could not save your change: the journal reported an error and cannot be read back, so it may or may not have been recorded"
		}
		fail := model.WrapError(model.CodeUnavailable, err, "%s", msg)
		for _, r := range owners {
			r.reply <- result{err: fail}
		}
		return
	}
}

func answer(owners []*request, events []*model.Event) {
	for i, r := range owners {
		r.reply <- result{event: events[i]}
	}
}

// storedCopies returns the journal's copies of events when landed holds
// them: a batch is stored whole or not at all, so its first id decides.
func storedCopies(landed, events []*model.Event) []*model.Event {
	for i, e := range landed {
		if e.ID == events[0].ID && len(landed)-i >= len(events) {
			return landed[i : i+len(events)]
		}
	}
	return nil
}

// decide runs every request of the batch against the state left by the
// ones before it. Refused requests are answered at once; the rest are
// returned with their events, in order.
func (h *Hub) decide(base *model.State, batch []*request) (*model.State, []*model.Event, []*request) {
	s := base
	events := make([]*model.Event, 0, len(batch))
	owners := make([]*request, 0, len(batch))
	for _, r := range batch {
		e, err := model.Decide(s, r.actor, r.cmd, h.now())
		if err == nil {
			e.Seq, e.ID = s.Seq+1, model.NewEventID()
			var next *model.State
			if next, err = model.Apply(s, e); err == nil {
				s = next
				events = append(events, e)
				owners = append(owners, r)
				continue
			}
			h.log.Error("apply of a freshly decided event failed", "kind", e.Kind(), "err", err)
		}
		r.reply <- result{err: err}
	}
	return s, events, owners
}

// catchUp folds and publishes the events appended after base that the
// hub has not applied, returning them.
func (h *Hub) catchUp(base *model.State) ([]*model.Event, error) {
	s, events, err := fold(context.Background(), h.journal, base, true)
	if err != nil {
		h.log.Error("reading the journal back failed", "after_seq", base.Seq, "err", err)
		return nil, err
	}
	if len(events) > 0 {
		h.publish(s, events)
	}
	return events, nil
}

// publish makes s, which follows from the current state by events, the
// current state, keeping the presence recorded meanwhile.
func (h *Hub) publish(s *model.State, events []*model.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.publishLocked(s.WithPresenceOf(h.state.Load()), events)
}

// publishLocked swaps in s and offers it to every subscriber. h.mu is held.
func (h *Hub) publishLocked(s *model.State, events []*model.Event) {
	h.state.Store(s)
	for sub := range h.subs {
		sub.offer(s, events)
	}
}
