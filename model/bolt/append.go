package bolt

import (
	"context"
	"errors"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/warroom/warroom/model"
)

// Append stores events durably before it returns; see model.Journal for the
// rules on sequence numbers, conflicts and duplicates.
//
// The whole batch is one bbolt transaction, so one commit and one round of
// fsyncs however many events it holds. Group commit is the caller's job: the
// store's single writer drains its queue into one Append call. ctx is
// honoured only before the transaction starts: a commit is never abandoned
// half way. When the disk fails mid-commit the outcome is unknown; a retry
// of a batch that did land is still never stored twice: it is refused as a
// conflict (the journal moved past expectedLast) and, after a reopen, as a
// duplicate of the ids read back from the file.
func (j *Journal) Append(ctx context.Context, expectedLast uint64, events []*model.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if j.isClosed() {
		return j.errClosed()
	}
	records, err := encodeBatch(expectedLast, events)
	if err != nil {
		return err
	}
	j.appendMu.Lock()
	defer j.appendMu.Unlock()
	if err := j.recent.checkNew(events); err != nil {
		return err
	}
	var prevs []model.Digest
	err = guard(j.path, func() error {
		return j.db.Update(func(tx *bolt.Tx) (err error) {
			prevs, err = write(tx, expectedLast, events, records)
			return err
		})
	})
	var coded *model.Error
	switch {
	case errors.Is(err, berrors.ErrDatabaseNotOpen):
		return j.errClosed()
	case errors.As(err, &coded):
		return err
	case err != nil:
		return model.WrapError(model.CodeUnavailable, err, "journal %s could not save events %d to %d", j.path, expectedLast+1, expectedLast+uint64(len(events)))
	}
	for i, e := range events {
		e.Prev = &prevs[i]
	}
	j.recent.add(events)
	j.signalAppended()
	return nil
}

// encodeBatch checks the batch's shape and encodes it outside the
// transaction, so the writer holds bbolt's lock only to store bytes.
func encodeBatch(expectedLast uint64, events []*model.Event) ([][]byte, error) {
	if len(events) == 0 {
		return nil, model.Errorf(model.CodeInvalid, "nothing to append: the batch has no events")
	}
	records := make([][]byte, len(events))
	for i, e := range events {
		if want := expectedLast + 1 + uint64(i); e.Seq != want {
			return nil, model.Errorf(model.CodeInvalid, "event %d of the batch has sequence number %d; it must be %d", i+1, e.Seq, want)
		}
		if e.ID == "" {
			return nil, model.Errorf(model.CodeInvalid, "event %d has no id", e.Seq)
		}
		rec, err := model.EncodeEvent(e)
		if err != nil {
			return nil, model.WrapError(model.CodeInvalid, err, "event %d cannot be encoded", e.Seq)
		}
		records[i] = rec
	}
	return records, nil
}

// write links the batch to the newest stored event and stores it,
// returning each event's prev digest; or it returns an error and so stores
// none of it. Linking here, where the sequence is checked, keeps the chain
// in the stored order whichever writer, retry or batch came first.
func write(tx *bolt.Tx, expectedLast uint64, events []*model.Event, records [][]byte) ([]model.Digest, error) {
	byseq := tx.Bucket([]byte(eventsBucket))
	// Keys only ever grow at the end: full pages hold the most events each.
	byseq.FillPercent = 1
	k, newest := byseq.Cursor().Last()
	if last := seqOf(k); last != expectedLast {
		return nil, model.Errorf(model.CodeConflict, "the journal is at event %d, not %d: another writer appended first", last, expectedLast)
	}
	var head model.Digest
	if k != nil {
		head = model.DigestOf(newest)
	}
	prevs, err := model.LinkStored(head, records)
	if err != nil {
		return nil, err
	}
	for i, e := range events {
		if err := byseq.Put(seqKey(e.Seq), records[i]); err != nil {
			return nil, err
		}
	}
	return prevs, nil
}
