package hub

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

var (
	alice = model.Actor{Name: "alice", Level: model.LevelResponder}
	olive = model.Actor{Name: "olive", Level: model.LevelObserver}
)

func fixedClock() func() time.Time {
	t0 := time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	return func() time.Time { return t0 }
}

func openHub(t testing.TB, j model.Journal) *Hub {
	t.Helper()
	h, err := Open(context.Background(), j, Options{Now: fixedClock()})
	if err != nil {
		t.Fatalf("open hub: %v", err)
	}
	t.Cleanup(func() { h.Close() })
	return h
}

func declare(t testing.TB, h *Hub, title string) string {
	t.Helper()
	e, err := h.Dispatch(context.Background(), alice, model.Declare{Title: title})
	if err != nil {
		t.Fatalf("declare %q: %v", title, err)
	}
	return e.Incident
}

func TestDispatchCommitsAndSnapshotShowsIt(t *testing.T) {
	h := openHub(t, &memJournal{})
	id := declare(t, h, "checkout is down")
	e, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: id, Text: "rolling back"})
	if err != nil {
		t.Fatalf("note: %v", err)
	}
	if e.Seq != 2 || e.ID == "" {
		t.Errorf("note event has seq %d id %q, want seq 2 and an id", e.Seq, e.ID)
	}
	inc, ok := h.Snapshot().Incident(id)
	if !ok {
		t.Fatalf("snapshot has no %s", id)
	}
	if got := inc.Timeline[len(inc.Timeline)-1].Text; got != "rolling back" {
		t.Errorf("last timeline entry = %q, want the note", got)
	}
}

func TestRefusalIsReturnedAndNothingIsStored(t *testing.T) {
	j := &memJournal{}
	h := openHub(t, j)
	_, err := h.Dispatch(context.Background(), olive, model.Declare{Title: "x"})
	if model.ErrorCode(err) != model.CodeForbidden {
		t.Fatalf("observer declare: err %v, want forbidden", err)
	}
	if n, _ := j.Last(context.Background()); n != 0 {
		t.Errorf("journal has %d events after a refusal", n)
	}
}

func TestReopenReplaysTheSameState(t *testing.T) {
	j := &memJournal{}
	h := openHub(t, j)
	id := declare(t, h, "db failover")
	for i := range 5 {
		if _, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: id, Text: fmt.Sprint("note ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	h.Close()
	again := openHub(t, j)
	before, after := h.Snapshot(), again.Snapshot()
	if before.Seq != after.Seq {
		t.Fatalf("reopened at seq %d, want %d", after.Seq, before.Seq)
	}
	a, _ := before.Incident(id)
	b, _ := after.Incident(id)
	if fmt.Sprint(a.Timeline) != fmt.Sprint(b.Timeline) {
		t.Errorf("replayed timeline differs:\n%v\n%v", b.Timeline, a.Timeline)
	}
}

func TestFailedAppendIsAnErrorAndStateStaysPut(t *testing.T) {
	j := &memJournal{}
	h := openHub(t, j)
	id := declare(t, h, "disk trouble")
	j.setFail(errors.New("no space left on device"))
	_, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: id, Text: "lost?"})
	if model.ErrorCode(err) != model.CodeUnavailable || !strings.Contains(model.ErrorMessage(err), "nothing was recorded") {
		t.Fatalf("err = %v, want unavailable and that nothing was recorded", err)
	}
	if h.Snapshot().Seq != 1 {
		t.Errorf("state moved to seq %d although nothing was saved", h.Snapshot().Seq)
	}
	j.setFail(nil)
	if _, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: id, Text: "back"}); err != nil {
		t.Fatalf("after space returned: %v", err)
	}
	if h.Snapshot().Seq != 2 {
		t.Errorf("seq %d after recovery, want 2", h.Snapshot().Seq)
	}
}

// A change whose append reported an error but reached the journal anyway
// is shown and confirmed, so that nobody retries it into a second copy.
func TestAppendThatFailedButLandedIsConfirmed(t *testing.T) {
	j := &memJournal{}
	h := openHub(t, j)
	id := declare(t, h, "flaky disk")
	j.mu.Lock()
	j.failErr, j.landThenFail = errors.New("fsync: input/output error"), true
	j.mu.Unlock()
	e, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: id, Text: "saved after all"})
	if err != nil {
		t.Fatalf("dispatch = %v; want success, the note is in the journal", err)
	}
	if e.Seq != 2 || h.Snapshot().Seq != 2 {
		t.Errorf("event seq %d, state seq %d; want both 2", e.Seq, h.Snapshot().Seq)
	}
	if n, _ := j.Last(context.Background()); n != 2 {
		t.Errorf("journal holds %d events, want 2", n)
	}
}

func TestConflictCatchesUpWithAnotherWriter(t *testing.T) {
	j := &memJournal{}
	h := openHub(t, j)
	id := declare(t, h, "shared journal")
	// Another server appends to the same journal behind this hub's back.
	foreign := &model.Event{Seq: 2, ID: model.NewEventID(), Incident: id, Time: time.Now(), Actor: "bob", Data: model.NotePosted{Text: "from elsewhere"}}
	if err := j.Append(context.Background(), 1, []*model.Event{foreign}); err != nil {
		t.Fatal(err)
	}
	e, err := h.Dispatch(context.Background(), alice, model.PostNote{Incident: id, Text: "mine"})
	if err != nil {
		t.Fatalf("dispatch after a foreign append: %v", err)
	}
	if e.Seq != 3 {
		t.Errorf("my note got seq %d, want 3 (after the foreign one)", e.Seq)
	}
	inc, _ := h.Snapshot().Incident(id)
	if len(inc.Timeline) != 3 || inc.Timeline[1].Text != "from elsewhere" {
		t.Errorf("timeline = %v, want the foreign note before mine", inc.Timeline)
	}
}

func TestCloseRefusesWritesAndEndsSubscriptions(t *testing.T) {
	h := openHub(t, &memJournal{})
	sub := h.Subscribe(context.Background())
	h.Close()
	if _, err := h.Dispatch(context.Background(), alice, model.Declare{Title: "late"}); model.ErrorCode(err) != model.CodeUnavailable {
		t.Errorf("dispatch after close: %v, want unavailable", err)
	}
	if _, err := sub.Next(context.Background()); err == nil {
		t.Error("Next after close returned no error")
	}
}

func TestSubscriptionEndsWithItsContext(t *testing.T) {
	h := openHub(t, &memJournal{})
	ctx, cancel := context.WithCancel(context.Background())
	sub := h.Subscribe(ctx)
	errc := make(chan error, 1)
	go func() { _, err := sub.Next(context.Background()); errc <- err }()
	cancel()
	select {
	case err := <-errc:
		if err == nil {
			t.Error("Next returned no error after the context ended")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Next still blocked after the subscription's context ended")
	}
}

// Many subscribers, one of which never reads: the others receive every
// event in one order, and the stalled one is told to resync instead of
// holding anyone up.
func TestFanOutWithAStalledSubscriber(t *testing.T) {
	h, err := Open(context.Background(), &memJournal{}, Options{Now: fixedClock(), SubscriberBuffer: 512})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	const subscribers, writers, perWriter = 200, 8, 100
	const total = 1 + writers*perWriter
	stalled := h.Subscribe(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	orders := make([][]uint64, subscribers-1)
	var wg sync.WaitGroup
	for i := range orders {
		sub := h.Subscribe(ctx)
		wg.Go(func() {
			for len(orders[i]) < total {
				u, err := sub.Next(ctx)
				if err != nil {
					t.Errorf("subscriber %d: %v after %d events", i, err, len(orders[i]))
					return
				}
				if u.Resync {
					t.Errorf("subscriber %d that keeps up was told to resync", i)
					return
				}
				for _, e := range u.Events {
					orders[i] = append(orders[i], e.Seq)
				}
			}
		})
	}
	id := declare(t, h, "fan-out")
	var writersWG sync.WaitGroup
	for w := range writers {
		writersWG.Go(func() {
			for n := range perWriter {
				if _, err := h.Dispatch(ctx, alice, model.PostNote{Incident: id, Text: fmt.Sprintf("w%d n%d", w, n)}); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	writersWG.Wait()
	wg.Wait()
	for i, o := range orders {
		for k, seq := range o {
			if seq != uint64(k+1) {
				t.Fatalf("subscriber %d saw seq %d at position %d", i, seq, k)
			}
		}
	}
	u, err := stalled.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !u.Resync || len(u.Events) != 0 || u.State.Seq != total {
		t.Errorf("stalled subscriber got resync=%v events=%d seq=%d, want a resync at seq %d", u.Resync, len(u.Events), u.State.Seq, total)
	}
}
