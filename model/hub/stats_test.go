package hub

import (
	"context"
	"fmt"
	"testing"

	"github.com/warroom/warroom/model"
)

func TestStatsCountCommitsEventsAndTheirLatency(t *testing.T) {
	h := openHub(t, &memJournal{})
	id := declare(t, h, "stats")
	for i := range 4 {
		if _, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: id, Text: fmt.Sprint("note ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	// A refusal commits nothing.
	if _, err := h.Dispatch(context.Background(), olive, model.PostNote{Incident: id, Text: "no"}); err == nil {
		t.Fatal("observer note was accepted")
	}
	st := h.Stats()
	if st.Commits != 5 || st.Events != 5 {
		t.Errorf("commits %d events %d, want 5 and 5 (one per sequential dispatch)", st.Commits, st.Events)
	}
	lat := st.CommitLatency
	if lat.Count != st.Commits || lat.Sum <= 0 {
		t.Errorf("latency count %d sum %v, want one observation per commit and a positive sum", lat.Count, lat.Sum)
	}
	if len(lat.Bounds) != len(lat.Cumulative) {
		t.Fatalf("%d bounds but %d buckets", len(lat.Bounds), len(lat.Cumulative))
	}
	for i := 1; i < len(lat.Cumulative); i++ {
		if lat.Bounds[i] <= lat.Bounds[i-1] || lat.Cumulative[i] < lat.Cumulative[i-1] {
			t.Errorf("bucket %d: bound %v after %v, count %d after %d; want both ascending", i, lat.Bounds[i], lat.Bounds[i-1], lat.Cumulative[i], lat.Cumulative[i-1])
		}
	}
	if last := lat.Cumulative[len(lat.Cumulative)-1]; last > lat.Count {
		t.Errorf("last bounded bucket holds %d of %d observations", last, lat.Count)
	}
}

func TestStatsCountSubscribersAsTheyComeAndGo(t *testing.T) {
	h, err := Open(context.Background(), &memJournal{}, Options{Now: fixedClock()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := h.Subscribe(context.Background())
	h.Subscribe(ctx)
	h.Subscribe(context.Background())
	if n := h.Stats().Subscribers; n != 3 {
		t.Errorf("%d subscribers after three subscribed, want 3", n)
	}
	a.Close()
	a.Close() // a second close counts nothing
	if n := h.Stats().Subscribers; n != 2 {
		t.Errorf("%d subscribers after one closed, want 2", n)
	}
	cancel()
	h.Close()
	if n := h.Stats().Subscribers; n != 0 {
		t.Errorf("%d subscribers after the hub closed, want 0", n)
	}
	h.Subscribe(context.Background())
	if n := h.Stats().Subscribers; n != 0 {
		t.Errorf("%d subscribers after subscribing to a closed hub, want 0", n)
	}
}

func TestStatsCountAResyncOncePerOverflow(t *testing.T) {
	h, err := Open(context.Background(), &memJournal{}, Options{Now: fixedClock(), SubscriberBuffer: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	stalled := h.Subscribe(context.Background())
	id := declare(t, h, "overflow")
	for i := range 5 {
		if _, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: id, Text: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if n := h.Stats().Resyncs; n != 1 {
		t.Errorf("%d resyncs after one subscriber overflowed, want 1", n)
	}
	if u, err := stalled.Next(context.Background()); err != nil || !u.Resync {
		t.Fatalf("stalled subscriber: resync %v err %v, want a resync", u.Resync, err)
	}
	for i := range 3 {
		if _, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: id, Text: fmt.Sprint("again ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if n := h.Stats().Resyncs; n != 2 {
		t.Errorf("%d resyncs after it overflowed again, want 2", n)
	}
}

func TestStatsShowTheLagOfASubscriberThatDoesNotRead(t *testing.T) {
	h, err := Open(context.Background(), &memJournal{}, Options{Now: fixedClock(), SubscriberBuffer: 64})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	reader := h.Subscribe(context.Background())
	id := declare(t, h, "lag")
	if _, err := reader.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	stalled := h.Subscribe(context.Background())
	if st := h.Stats(); st.PendingEvents != 0 || st.MaxPendingEvents != 0 || st.SubscriberBuffer != 64 {
		t.Errorf("pending %d max %d buffer %d before any dispatch, want 0, 0 and 64", st.PendingEvents, st.MaxPendingEvents, st.SubscriberBuffer)
	}
	for i := 1; i <= 3; i++ {
		if _, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: id, Text: fmt.Sprint("note ", i)}); err != nil {
			t.Fatal(err)
		}
		// Neither reads: the reader is i behind, the stalled one too.
		st := h.Stats()
		if st.MaxPendingEvents != i || st.PendingEvents != 2*i {
			t.Errorf("after %d notes: pending %d max %d, want %d and %d", i, st.PendingEvents, st.MaxPendingEvents, 2*i, i)
		}
	}
	if _, err := reader.Next(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := h.Stats(); st.PendingEvents != 3 || st.MaxPendingEvents != 3 {
		t.Errorf("after one subscriber read: pending %d max %d, want 3 and 3", st.PendingEvents, st.MaxPendingEvents)
	}
	if u, err := stalled.Next(context.Background()); err != nil || len(u.Events) != 3 {
		t.Fatalf("stalled subscriber got %d events, err %v; want the 3 notes", len(u.Events), err)
	}
	if st := h.Stats(); st.PendingEvents != 0 || st.MaxPendingEvents != 0 {
		t.Errorf("after both read: pending %d max %d, want 0", st.PendingEvents, st.MaxPendingEvents)
	}
}
