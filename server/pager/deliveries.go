package pager

import (
	"context"
	"strconv"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/webhook"
)

// recordTimeout bounds how long recording one outcome waits for the store.
// It runs on a Sender's reporting goroutine, never on the loop that
// follows the store, so a slow store delays only later outcomes.
const recordTimeout = 10 * time.Second

// maxInFlight bounds the deliveries remembered as on their way. Past it
// (thousands of messages queued behind dead receivers) a catch-up may send
// a message twice rather than memory grow without end; the receiver's
// Idempotency-Key absorbs the repeat.
const maxInFlight = 8192

// delivery is one event's message to one target.
type delivery struct {
	seq    uint64
	target string
}

// catchUp sends every recent page and update of the current state that
// has no outcome recorded for a target and is not already on its way
// there, and returns the seq of the state it read.
//
// p.mu is held from before the snapshot until the sends are queued, and
// record settles a delivery under p.mu only after the store has published
// its outcome: so a delivery is either still in flight here, or settled
// before the snapshot was taken, which then shows its outcome.
func (p *pager) catchUp() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	st := p.store.Snapshot()
	for _, a := range recent(st, p.now().Add(-resendWindow)) {
		p.sendLocked(a, func(target string) bool { return a.inc.Delivered(a.seq, target) })
	}
	return st.Seq
}

// sendAll sends a newly committed announcement to every target.
func (p *pager) sendAll(a announcement) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sendLocked(a, func(string) bool { return false })
}

// sendLocked queues a's message for each target for which it is neither
// delivered nor in flight. Send never blocks, so holding p.mu is brief.
func (p *pager) sendLocked(a announcement, delivered func(target string) bool) {
	for _, s := range p.senders {
		d := delivery{seq: a.seq, target: s.label}
		if _, busy := p.inFlight[d]; busy || delivered(s.label) {
			continue
		}
		if len(p.inFlight) < maxInFlight {
			p.inFlight[d] = struct{}{}
		}
		s.sender.Send(a.msg)
	}
}

// record puts r on its incident's timeline. It is the Senders' OnResult,
// so it runs on their goroutines, one outcome at a time per target.
func (p *pager) record(r webhook.Result) {
	target := r.Target.Label()
	log := p.log.With("target", target, "incident", r.Message.Incident, "kind", r.Message.Kind)
	seq, ok := keySeq(r.Message.Key)
	if !ok {
		log.Error("webhook result for a message the pager did not make", "key", r.Message.Key)
		return
	}
	defer p.settle(delivery{seq: seq, target: target})
	if !r.OK && p.lifetime.Err() != nil {
		// The shutdown cut it short: no outcome is known, so none is
		// recorded, and the next start sends it again.
		log.Info("webhook delivery left for the next start", "seq", seq, "err", r.Err)
		return
	}
	detail := r.Err
	if r.OK {
		detail = "HTTP " + strconv.Itoa(r.Status)
	}
	ctx, cancel := context.WithTimeout(p.lifetime, recordTimeout)
	defer cancel()
	_, err := p.store.Dispatch(ctx, model.System(), model.RecordDelivery{
		Incident: r.Message.Incident, Event: seq, Target: target,
		OK: r.OK, Attempts: r.Attempts, Detail: detail,
	})
	switch {
	case err == nil:
	case model.ErrorCode(err) == model.CodeConflict:
		// A catch-up past maxInFlight sent it twice; the first outcome stands.
		log.Debug("webhook delivery already recorded", "seq", seq)
	default:
		log.Warn("could not record webhook delivery; it is sent again at the next start or catch-up",
			"seq", seq, "ok", r.OK, "err", err)
	}
}

// settle forgets that d is on its way, once its outcome is recorded or
// known to be lost.
func (p *pager) settle(d delivery) {
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.inFlight, d)
}
