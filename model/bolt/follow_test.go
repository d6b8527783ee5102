package bolt

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

func TestFollowDeliversLaterAppendsInOrder(t *testing.T) {
	j := openJournal(t, tempPath(t))
	appendAll(t, j, newEvents(1, 5), 5)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := make(chan uint64, 100)
	done := make(chan error, 1)
	go func() {
		done <- j.Follow(ctx, 3, func(e *model.Event) error {
			got <- e.Seq
			return nil
		})
	}()

	// Appends from several goroutines, one at a time through the journal's
	// optimistic check, interleaved with the follower's reads.
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range 4 {
		wg.Go(func() {
			for range 10 {
				mu.Lock()
				last, err := j.Last(context.Background())
				if err == nil {
					err = j.Append(context.Background(), last, newEvents(last+1, 2))
				}
				mu.Unlock()
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()

	deadline := time.After(10 * time.Second)
	for want := uint64(3); want <= 85; want++ {
		select {
		case seq := <-got:
			if seq != want {
				t.Fatalf("Follow delivered event %d, want %d", seq, want)
			}
		case <-deadline:
			t.Fatalf("Follow had not delivered event %d after 10s", want)
		}
	}

	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Follow returned %v after cancel, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Follow did not return after its context was cancelled")
	}
	if len(got) != 0 {
		t.Fatalf("Follow delivered %d events past the last one appended", len(got))
	}
}

func TestFollowEndsWhenTheJournalCloses(t *testing.T) {
	j, err := Open(tempPath(t))
	if err != nil {
		t.Fatal(err)
	}
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- j.Follow(context.Background(), 0, func(*model.Event) error {
			close(started)
			return nil
		})
	}()
	appendAll(t, j, newEvents(1, 1), 1)
	<-started
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		wantCoded(t, err, model.CodeUnavailable, "closed")
	case <-time.After(10 * time.Second):
		t.Fatal("Follow did not return after Close")
	}
}

func TestFollowStopsAtTheFirstError(t *testing.T) {
	j := openJournal(t, tempPath(t))
	appendAll(t, j, newEvents(1, 3), 3)
	stop := errors.New("client went away")
	err := j.Follow(context.Background(), 0, func(e *model.Event) error {
		if e.Seq == 2 {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Fatalf("Follow returned %v, want fn's error", err)
	}
}
