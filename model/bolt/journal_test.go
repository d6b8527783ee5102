package bolt

import (
	"context"
	"reflect"
	"testing"

	"github.com/warroom/warroom/model"
)

func TestReopenReplaysTheSameEvents(t *testing.T) {
	path := tempPath(t)
	events := newEvents(1, 1200) // more than two read chunks
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	appendAll(t, j, events, 7)
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}

	j = openJournal(t, path)
	got := replayAll(t, j, 0)
	if !reflect.DeepEqual(got, events) {
		t.Fatalf("replayed %d events that differ from the %d appended", len(got), len(events))
	}
	last, err := j.Last(context.Background())
	if err != nil || last != 1200 {
		t.Fatalf("Last = %d, %v; want 1200", last, err)
	}
}

func TestReplayFromTheMiddle(t *testing.T) {
	j := openJournal(t, tempPath(t))
	events := newEvents(1, 20)
	appendAll(t, j, events, 20)
	tests := []struct {
		name string
		from uint64
		want []*model.Event
	}{
		{"zero means the start", 0, events},
		{"first", 1, events},
		{"middle", 11, events[10:]},
		{"newest", 20, events[19:]},
		{"past the end", 21, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := replayAll(t, j, tt.from); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Replay(%d) gave %d events, want %d", tt.from, len(got), len(tt.want))
			}
		})
	}
}

func TestNewJournalIsEmpty(t *testing.T) {
	j := openJournal(t, tempPath(t))
	last, err := j.Last(context.Background())
	if err != nil || last != 0 {
		t.Fatalf("Last = %d, %v; want 0", last, err)
	}
	if got := replayAll(t, j, 0); len(got) != 0 {
		t.Fatalf("a new journal replayed %d events", len(got))
	}
}

func TestReplayStopsAtTheFirstError(t *testing.T) {
	j := openJournal(t, tempPath(t))
	appendAll(t, j, newEvents(1, 10), 10)
	stop := model.Errorf(model.CodeInternal, "enough")
	var seen int
	err := j.Replay(context.Background(), 1, func(*model.Event) error {
		seen++
		if seen == 3 {
			return stop
		}
		return nil
	})
	if err != stop || seen != 3 {
		t.Fatalf("Replay returned %v after %d events; want fn's error after 3", err, seen)
	}
}

func TestAppendRefusals(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name         string
		expectedLast uint64
		batch        func(stored []*model.Event) []*model.Event
		code         model.Code
	}{
		{"behind the journal", 3, func([]*model.Event) []*model.Event { return newEvents(4, 2) }, model.CodeConflict},
		{"ahead of the journal", 9, func([]*model.Event) []*model.Event { return newEvents(10, 2) }, model.CodeConflict},
		{"a gap in the batch", 5, func([]*model.Event) []*model.Event {
			b := newEvents(6, 3)
			b[2].Seq = 9
			return b
		}, model.CodeInvalid},
		{"not after expectedLast", 5, func([]*model.Event) []*model.Event { return newEvents(7, 2) }, model.CodeInvalid},
		{"an id already stored", 5, func(stored []*model.Event) []*model.Event {
			b := newEvents(6, 3)
			b[2].ID = stored[1].ID
			return b
		}, model.CodeDuplicate},
		{"an id twice in the batch", 5, func([]*model.Event) []*model.Event {
			b := newEvents(6, 3)
			b[2].ID = b[0].ID
			return b
		}, model.CodeDuplicate},
		{"no id", 5, func([]*model.Event) []*model.Event {
			b := newEvents(6, 1)
			b[0].ID = ""
			return b
		}, model.CodeInvalid},
		{"no payload", 5, func([]*model.Event) []*model.Event {
			b := newEvents(6, 1)
			b[0].Data = nil
			return b
		}, model.CodeInvalid},
		{"no events", 5, func([]*model.Event) []*model.Event { return nil }, model.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := openJournal(t, tempPath(t))
			stored := newEvents(1, 5)
			appendAll(t, j, stored, 5)

			err := j.Append(ctx, tt.expectedLast, tt.batch(stored))
			wantCoded(t, err, tt.code)
			if got := replayAll(t, j, 0); !reflect.DeepEqual(got, stored) {
				t.Fatalf("after a refused append the journal holds %d events, want the 5 stored before", len(got))
			}
			// The journal still takes the right batch.
			appendAll(t, j, newEvents(6, 2), 2)
		})
	}
}

func TestDuplicateIsReportedOnRetry(t *testing.T) {
	// The writer retries an append whose outcome it did not learn: the
	// journal has moved on, but the id gives the retry away.
	j := openJournal(t, tempPath(t))
	batch := newEvents(1, 2)
	appendAll(t, j, batch, 2)
	retry := newEvents(3, 1)
	retry[0].ID = batch[1].ID
	wantCoded(t, j.Append(context.Background(), 2, retry), model.CodeDuplicate, batch[1].ID)
}

func TestClosedJournalRefusesEverything(t *testing.T) {
	ctx := context.Background()
	j, err := Open(tempPath(t))
	if err != nil {
		t.Fatal(err)
	}
	appendAll(t, j, newEvents(1, 3), 3)
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	_, err = j.Last(ctx)
	wantCoded(t, err, model.CodeUnavailable, "closed")
	wantCoded(t, j.Append(ctx, 3, newEvents(4, 1)), model.CodeUnavailable, "closed")
	wantCoded(t, j.Replay(ctx, 0, func(*model.Event) error { return nil }), model.CodeUnavailable, "closed")
	wantCoded(t, j.Follow(ctx, 0, func(*model.Event) error { return nil }), model.CodeUnavailable, "closed")
}
