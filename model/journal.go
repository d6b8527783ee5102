package model

import "context"

// Journal is the durable, ordered log of events: the truth from which every
// State is folded. It is kept small so that a replicated log (for example a
// stream in a message broker shared by several servers) can stand behind it
// as well as the embedded file.
type Journal interface {
	// Append stores events atomically and durably (fsynced) before it
	// returns. events[i].Seq must be expectedLast+1+i. When the journal's
	// newest sequence is not expectedLast it stores nothing and returns a
	// CodeConflict error (optimistic concurrency between writers). When
	// an event's ID is already stored — a retry of an append whose
	// outcome was unknown — it stores nothing and returns CodeDuplicate.
	// Like a replicated log's duplicate window, a journal need only
	// recognise the ids of its recent events; each says how many.
	// A journal that chains its events (see chain.go) links them to the
	// event stored before them as it stores them, under the same check
	// as their sequence numbers, and sets each event's Prev to match.
	Append(ctx context.Context, expectedLast uint64, events []*Event) error

	// Last returns the sequence number of the newest event, 0 when empty.
	Last(ctx context.Context) (uint64, error)

	// Replay calls fn for every event with Seq >= from, in order, and
	// stops at the first error fn returns.
	Replay(ctx context.Context, from uint64, fn func(*Event) error) error

	// Follow replays from from and then calls fn for each event appended
	// afterwards, in order, until ctx is done (it then returns ctx.Err())
	// or fn returns an error.
	Follow(ctx context.Context, from uint64, fn func(*Event) error) error

	// Close releases the journal. Calls after Close fail.
	Close() error
}
