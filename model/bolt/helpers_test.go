package bolt

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// newEvents returns n notes numbered from first on, as the store's writer
// would hand them to Append.
func newEvents(first uint64, n int) []*model.Event {
	out := make([]*model.Event, n)
	for i := range out {
		seq := first + uint64(i)
		out[i] = &model.Event{
			Seq:      seq,
			ID:       model.NewEventID(),
			Incident: "INC-1",
			Time:     time.Date(2025, 3, 1, 12, 0, 0, int(seq), time.UTC),
			Actor:    "alice",
			Data:     model.NotePosted{Text: fmt.Sprintf("note number %d: the database is on fire", seq)},
		}
	}
	return out
}

func tempPath(t testing.TB) string {
	return filepath.Join(t.TempDir(), "journal.db")
}

func openJournal(t testing.TB, path string) *Journal {
	t.Helper()
	j, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { _ = j.Close() })
	return j
}

// appendAll appends events one batch of size at a time after what is there.
func appendAll(t testing.TB, j *Journal, events []*model.Event, size int) {
	t.Helper()
	ctx := context.Background()
	for len(events) > 0 {
		n := min(size, len(events))
		if err := j.Append(ctx, events[0].Seq-1, events[:n]); err != nil {
			t.Fatalf("Append %d events at %d: %v", n, events[0].Seq, err)
		}
		events = events[n:]
	}
}

func replayAll(t testing.TB, j *Journal, from uint64) []*model.Event {
	t.Helper()
	var got []*model.Event
	if err := j.Replay(context.Background(), from, func(e *model.Event) error {
		got = append(got, e)
		return nil
	}); err != nil {
		t.Fatalf("Replay from %d: %v", from, err)
	}
	return got
}

// wantCoded fails unless err is a coded error with code whose message
// contains every one of parts.
func wantCoded(t testing.TB, err error, code model.Code, parts ...string) {
	t.Helper()
	var coded *model.Error
	if !errors.As(err, &coded) {
		t.Fatalf("got error %v, want a coded %s error", err, code)
	}
	if coded.Code != code {
		t.Fatalf("got code %s (%v), want %s", coded.Code, err, code)
	}
	for _, p := range parts {
		if !strings.Contains(coded.Message, p) {
			t.Fatalf("message %q does not mention %q", coded.Message, p)
		}
	}
}
