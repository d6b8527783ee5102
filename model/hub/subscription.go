package hub

import (
	"context"
	"strconv"
	"sync"

	"github.com/warroom/warroom/model"
)

// subscription is one subscriber's mailbox: the newest state, the events
// not yet taken, and a one-slot wake-up channel. Offering never blocks;
// past the buffer the pending events are dropped and Resync is set.
type subscription struct {
	hub   *Hub
	limit int
	wake  chan struct{}
	done  chan struct{}
	stop  func() bool // detaches the context watcher
	id    string      // names this subscription's presence (model.Presence.Session)

	// Presence, guarded by hub.mu; user "" means none.
	user, room string

	mu      sync.Mutex
	state   *model.State
	events  []*model.Event
	resync  bool
	pending bool
	closed  bool
}

// Subscribe implements model.Store.
func (h *Hub) Subscribe(ctx context.Context) model.Subscription {
	s := &subscription{
		hub:   h,
		limit: h.bufSize,
		wake:  make(chan struct{}, 1),
		done:  make(chan struct{}),
	}
	h.mu.Lock()
	h.lastSubID++
	s.id = "sub-" + strconv.FormatUint(h.lastSubID, 10)
	select {
	case <-h.closing:
		s.closed = true
		close(s.done)
	default:
		h.subs[s] = struct{}{}
		h.stats.subscribers.Add(1)
	}
	h.mu.Unlock()
	stop := context.AfterFunc(ctx, s.Close)
	s.mu.Lock()
	s.stop = stop
	s.mu.Unlock()
	return s
}

func (s *subscription) offer(st *model.State, events []*model.Event) {
	s.mu.Lock()
	s.state = st
	if !s.resync && len(events) > 0 {
		if len(s.events)+len(events) > s.limit {
			s.events, s.resync = nil, true
			s.hub.stats.resyncs.Add(1)
		} else {
			s.events = append(s.events, events...)
		}
	}
	s.pending = true
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// pendingEvents is how many events s holds for its reader now.
func (s *subscription) pendingEvents() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.events)
}

var errSubscriptionClosed = model.Errorf(model.CodeUnavailable, "subscription closed")

// Next implements model.Subscription.
func (s *subscription) Next(ctx context.Context) (model.Update, error) {
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return model.Update{}, errSubscriptionClosed
		}
		if s.pending {
			u := model.Update{State: s.state, Events: s.events, Resync: s.resync}
			s.events, s.resync, s.pending = nil, false, false
			s.mu.Unlock()
			return u, nil
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return model.Update{}, ctx.Err()
		case <-s.done:
		case <-s.wake:
		}
	}
}

// Close implements model.Subscription.
func (s *subscription) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.events = nil
	close(s.done)
	stop := s.stop
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, open := h.subs[s]; open { // Hub.Close already let go of them all
		delete(h.subs, s)
		h.stats.subscribers.Add(-1)
	}
	s.publishPresenceLocked("", "")
}

// SetPresence implements model.Subscription. It holds hub.mu while it
// checks that the subscription is still registered, and Close unregisters
// under the same lock: a report racing with Close either lands before
// Close removes it or is ignored.
func (s *subscription) SetPresence(user, room string) {
	h := s.hub
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, open := h.subs[s]; !open {
		return
	}
	s.publishPresenceLocked(user, room)
}

// publishPresenceLocked publishes s's presence as user in room (none when
// user is ""), unless that is what it already is. hub.mu is held.
func (s *subscription) publishPresenceLocked(user, room string) {
	if user == "" {
		room = ""
	}
	if user == s.user && room == s.room {
		return
	}
	s.user, s.room = user, room
	h := s.hub
	h.publishLocked(h.state.Load().WithPresence(s.id, user, room), nil)
}
