package model

import (
	"context"
	"time"
)

// Store is the one shared, live view of every incident. Every session of a
// server uses the same Store.
type Store interface {
	// Dispatch decides cmd for actor against the current state and, when
	// it is allowed, returns the committed event only once it is durable.
	// A refusal is a coded error whose message is meant for the actor.
	Dispatch(ctx context.Context, actor Actor, cmd Command) (*Event, error)

	// Snapshot returns the current state. It is immutable: hold it as
	// long as you like.
	Snapshot() *State

	// Now is the store's clock, the one that stamps events. Deadlines and
	// relative days computed against it agree with the events' times.
	Now() time.Time

	// Subscribe returns a subscription that receives every committed event
	// and presence change from now on, until ctx is done or it is closed.
	// A session's presence belongs to its subscription.
	Subscribe(ctx context.Context) Subscription
}

// Subscription is one subscriber's mailbox. It never makes the store wait:
// when a subscriber falls too far behind, its pending events are dropped and
// the next Update says Resync.
type Subscription interface {
	// Next blocks until there is something new and returns everything
	// that arrived since the previous call, coalesced into one Update. It
	// returns an error when ctx is done or the subscription was closed.
	Next(ctx context.Context) (Update, error)

	// SetPresence records that the subscriber is connected as user and is
	// in room ("" for the incident list), publishing the change to every
	// subscriber. Presence is not journaled: it describes who is connected
	// to this server now, and lasts while the subscription is open. Close
	// removes it (publishing the change) and calls after Close are
	// ignored, so a late report cannot outlive the session.
	SetPresence(user, room string)

	// Close ends the subscription, removes its presence and wakes a
	// blocked Next.
	Close()
}

// Update is what a subscriber receives: the newest state, and the events
// committed since its previous Update, in order.
type Update struct {
	State  *State
	Events []*Event
	// Resync is set when events were dropped because the subscriber lagged;
	// Events is then empty and the subscriber should rebuild from State.
	Resync bool
}
