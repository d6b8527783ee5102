package hub

import (
	"context"
	"errors"
	"sync"

	"github.com/warroom/warroom/model"
)

// memJournal is an in-memory model.Journal for tests, with a switch to make
// appends fail as a full disk would. It stores encoded events, chained as a
// real journal chains them, so that tests go through the real codec.
type memJournal struct {
	mu      sync.Mutex
	events  [][]byte
	failErr error
	// landThenFail stores each batch and then reports failErr anyway, as
	// a disk error after the write would.
	landThenFail bool
}

func (j *memJournal) Append(_ context.Context, expectedLast uint64, events []*model.Event) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.failErr != nil && !j.landThenFail {
		return j.failErr
	}
	if uint64(len(j.events)) != expectedLast {
		return model.Errorf(model.CodeConflict, "journal is at %d, not %d", len(j.events), expectedLast)
	}
	records := make([][]byte, len(events))
	for i, e := range events {
		b, err := model.EncodeEvent(e)
		if err != nil {
			return err
		}
		records[i] = b
	}
	var head model.Digest
	if len(j.events) > 0 {
		head = model.DigestOf(j.events[len(j.events)-1])
	}
	prevs, err := model.LinkStored(head, records)
	if err != nil {
		return err
	}
	j.events = append(j.events, records...)
	if j.failErr != nil {
		return j.failErr
	}
	for i, e := range events {
		e.Prev = &prevs[i]
	}
	return nil
}

func (j *memJournal) Raw(_ context.Context, from uint64, fn func(uint64, []byte) error) error {
	j.mu.Lock()
	stored := j.events
	j.mu.Unlock()
	for i := max(from, 1) - 1; i < uint64(len(stored)); i++ {
		if err := fn(i+1, stored[i]); err != nil {
			return err
		}
	}
	return nil
}

func (j *memJournal) Last(context.Context) (uint64, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return uint64(len(j.events)), nil
}

func (j *memJournal) Replay(_ context.Context, from uint64, fn func(*model.Event) error) error {
	j.mu.Lock()
	stored := j.events
	j.mu.Unlock()
	for i := max(from, 1) - 1; i < uint64(len(stored)); i++ {
		e, err := model.DecodeEvent(stored[i])
		if err != nil {
			return err
		}
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// Follow is not used by the hub; the test journal does not offer it.
func (j *memJournal) Follow(context.Context, uint64, func(*model.Event) error) error {
	return errors.New("memJournal does not follow")
}

func (j *memJournal) Close() error { return nil }

func (j *memJournal) setFail(err error) {
	j.mu.Lock()
	j.failErr = err
	j.mu.Unlock()
}
