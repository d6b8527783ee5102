package bolt

import (
	"context"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"

	"github.com/warroom/warroom/model"
)

// replayChunk is how many events one read transaction decodes. fn is called
// only after that transaction has ended: bbolt's writer waits for every
// open reader whenever it grows the file's memory map, so a slow fn (a
// follower streaming to a slow SSH client) must never hold one.
const replayChunk = 512

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
func (j *Journal) replay(ctx context.Context, from uint64, fn func(*model.Event) error) (next uint64, err error) {
	next = max(from, 1)
	batch := make([]*model.Event, 0, replayChunk)
	for {
		if err := ctx.Err(); err != nil {
			return next, err
		}
		batch = batch[:0]
		readErr := j.view(func(tx *bolt.Tx) error {
			batch, err = j.readChunk(tx, next, batch)
			return err
		})
		for _, e := range batch {
			if err := fn(e); err != nil {
				return next, err
			}
			next = e.Seq + 1
		}
		if readErr != nil || len(batch) < replayChunk {
			return next, readErr
		}
	}
}

// readChunk decodes up to replayChunk events from seq from on into batch.
// On a damaged event it returns those before it and the error.
func (j *Journal) readChunk(tx *bolt.Tx, from uint64, batch []*model.Event) ([]*model.Event, error) {
	c := tx.Bucket(eventsBucket).Cursor()
	for k, v := c.Seek(seqKey(from)); k != nil && len(batch) < replayChunk; k, v = c.Next() {
		seq := binary.BigEndian.Uint64(k)
		e, err := model.DecodeEvent(v)
		if err != nil {
			return batch, model.WrapError(model.CodeCorrupt, err, "journal %s: event %d is damaged (%s)", j.path, seq, model.ErrorMessage(err))
		}
		if e.Seq != seq {
			return batch, model.Errorf(model.CodeCorrupt, "journal %s: event %d is damaged (it says it is event %d)", j.path, seq, e.Seq)
		}
		batch = append(batch, e)
	}
	return batch, nil
}

// validate walks every key of both buckets once, so that a damaged page or
// a gap in the sequence is found at Open. It reads keys only; decoding the
// events is Replay's job.
func (j *Journal) validate() error {
	return j.view(func(tx *bolt.Tx) error {
		byseq, byid := tx.Bucket(eventsBucket), tx.Bucket(idsBucket)
		if byseq == nil || byid == nil {
			return model.Errorf(model.CodeCorrupt, "journal %s is not a warroom journal: it has no events", j.path)
		}
		var events uint64
		c := byseq.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) != 8 || binary.BigEndian.Uint64(k) != events+1 || len(v) == 0 {
				return model.Errorf(model.CodeCorrupt, "journal %s is damaged after event %d", j.path, events)
			}
			events++
		}
		var ids uint64
		c = byid.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(v) != 8 || binary.BigEndian.Uint64(v) == 0 || binary.BigEndian.Uint64(v) > events {
				return model.Errorf(model.CodeCorrupt, "journal %s is damaged: its index of event ids is broken", j.path)
			}
			ids++
		}
		if ids != events {
			return model.Errorf(model.CodeCorrupt, "journal %s is damaged: it has %d events but %d event ids", j.path, events, ids)
		}
		return nil
	})
}
