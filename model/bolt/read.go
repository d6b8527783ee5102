package bolt

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"github.com/warroom/warroom/model"
)

// Replay calls fn for every event with Seq >= from, in order, and stops at
// the first error fn returns. An event that cannot be decoded ends it with a
// CodeCorrupt error naming the file and the event, after every event before
// it was delivered.
func (j *Journal) Replay(ctx context.Context, from uint64, fn func(*model.Event) error) error {
	_, err := j.replay(ctx, from, fn)
	return err
}

// Follow replays from from, then waits for each later Append and delivers
// what it stored, in order, until ctx is done, fn fails or the journal is
// closed.
func (j *Journal) Follow(ctx context.Context, from uint64, fn func(*model.Event) error) error {
	next := from
	for {
		// Taken before reading, so an append that lands during the read
		// still wakes the wait below.
		appended := j.appendedSignal()
		var err error
		if next, err = j.replay(ctx, next, fn); err != nil {
			return err
		}
		select {
		case <-appended:
		case <-ctx.Done():
			return ctx.Err()
		case <-j.closed:
			return j.errClosed()
		}
	}
}

// replay delivers every event from from on and returns the sequence number
// after the last one delivered.
func (j *Journal) replay(ctx context.Context, from uint64, fn func(*model.Event) error) (uint64, error) {
	next := max(from, 1)
	var raw rawChunk
	events := make([]*model.Event, 0, replayChunk)
	for {
		if err := ctx.Err(); err != nil {
			return next, err
		}
		if err := j.view(func(tx *bolt.Tx) error { raw.read(tx, next); return nil }); err != nil {
			return next, err
		}
		var decodeErr error
		events, decodeErr = j.decode(&raw, events)
		for _, e := range events {
			if err := fn(e); err != nil {
				return next, err
			}
			next = e.Seq + 1
		}
		if decodeErr != nil || len(raw.seqs) < replayChunk {
			return next, decodeErr
		}
	}
}
