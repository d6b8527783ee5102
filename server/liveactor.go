package server

import (
	"context"

	"charm.land/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/users"
)

var errKeyRemoved = model.Errorf(model.CodeForbidden, "your key is no longer in the users file")

// liveActorStore is the store as one session sees it: every change is made
// as whoever the session's key belongs to in the users file now, not when
// the session started. A session lives as long as its client answers
// keepalives, which can be days; a responder demoted to observer, or
// removed, must lose write access at once, not at their next login.
type liveActorStore struct {
	model.Store
	users    *users.Directory
	key      ssh.PublicKey
	admitted model.Actor    // who the session started as
	openMode bool           // admitted because no users were configured
	changes  *changeLimiter // shared by every session of the server
}

// storeFor returns the store that live's TUI and command act on.
func (s *Server) storeFor(live *session) model.Store {
	return &liveActorStore{
		Store:    s.cfg.Store,
		users:    s.users,
		key:      live.ssh.PublicKey(),
		admitted: live.actor,
		openMode: live.openMode,
		changes:  s.changes,
	}
}

// Dispatch implements model.Store. The actor passed in is the one the
// session started as; the key's current entry in the users file replaces
// it, and a key no longer there is refused. Each user's changes, from all
// their sessions together, are rate-limited by name.
func (l *liveActorStore) Dispatch(ctx context.Context, _ model.Actor, cmd model.Command) (*model.Event, error) {
	actor, err := l.actorNow()
	if err != nil {
		return nil, err
	}
	if err := l.changes.allow(actor.Name); err != nil {
		return nil, err
	}
	return l.Store.Dispatch(ctx, actor, cmd)
}

// actorNow resolves the session's actor from the users file as it is now.
// A session admitted by open mode stays who it was while the file is still
// empty; once users are configured, its key must be among them.
func (l *liveActorStore) actorNow() (model.Actor, error) {
	if actor, ok := l.users.Lookup(l.key); ok {
		return actor, nil
	}
	if l.openMode && l.users.Empty() {
		return l.admitted, nil
	}
	return model.Actor{}, errKeyRemoved
}

// Subscribe implements model.Store: presence, too, is reported as whoever
// the key belongs to now, and not at all once the key is gone.
func (l *liveActorStore) Subscribe(ctx context.Context) model.Subscription {
	return &liveSubscription{Subscription: l.Store.Subscribe(ctx), store: l}
}

type liveSubscription struct {
	model.Subscription
	store *liveActorStore
}

// SetPresence implements model.Subscription.
func (s *liveSubscription) SetPresence(_, room string) {
	actor, err := s.store.actorNow()
	if err != nil {
		s.Subscription.SetPresence("", "")
		return
	}
	s.Subscription.SetPresence(actor.Name, room)
}

// Raw hands out the journal's stored events for verification, as the
// store underneath does; reading them changes nothing, so whoever the key
// belongs to now does not matter.
func (l *liveActorStore) Raw(ctx context.Context, from uint64, fn func(seq uint64, stored []byte) error) error {
	raw, ok := l.Store.(model.RawReader)
	if !ok {
		return model.Errorf(model.CodeUnavailable, "this server's store keeps no journal that can be verified")
	}
	return raw.Raw(ctx, from, fn)
}
