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
	events := make([]*model.Event, 0, replayChunk)
	err := j.eachChunk(ctx, next, func(raw *rawChunk) error {
		var decodeErr error
		events, decodeErr = j.decode(raw, events)
		for _, e := range events {
			if err := fn(e); err != nil {
				return err
			}
			next = e.Seq + 1
		}
		return decodeErr
	})
	return next, err
}

// Raw calls fn with every stored event with Seq >= from, in order, as
// stored, for model.Verify; see model.RawReader.
func (j *Journal) Raw(ctx context.Context, from uint64, fn func(seq uint64, stored []byte) error) error {
	return j.eachChunk(ctx, from, func(raw *rawChunk) error {
		for i, seq := range raw.seqs {
			if err := fn(seq, raw.record(i)); err != nil {
				return err
			}
		}
		return nil
	})
}

// eachChunk copies the stored events from from on out of the file a chunk
// at a time and hands each chunk to fn once its read transaction has ended,
// until fn fails or the events run out.
func (j *Journal) eachChunk(ctx context.Context, from uint64, fn func(*rawChunk) error) error {
	next := max(from, 1)
	var raw rawChunk
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := j.view(func(tx *bolt.Tx) error { raw.read(tx, next); return nil }); err != nil {
			return err
		}
		if err := fn(&raw); err != nil || len(raw.seqs) < replayChunk {
			return err
		}
		next = raw.seqs[len(raw.seqs)-1] + 1
	}
}
