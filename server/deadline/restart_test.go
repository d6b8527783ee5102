package deadline

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
	"github.com/warroom/warroom/server/servertest"
)

// A deadline that passes while the server is down fires once when it comes
// back, and a later restart finds it done: the deadlines come from the
// events, so nothing is lost or repeated.
func TestDeadlinePassedWhileDownFiresOnceAfterRestart(t *testing.T) {
	clock := newFakeClock()
	path := filepath.Join(t.TempDir(), "journal.db")
	var id string
	back := t0.Add(level1Timeout + 2*time.Minute)

	t.Run("declared, then the server stops", func(t *testing.T) {
		e := start(t, clock, path)
		id = e.declare("checkout is down")
		e.waitScheduled(t0.Add(level1Timeout))
	})
	clock.set(back) // while down

	t.Run("back after the deadline: it fires at once", func(t *testing.T) {
		e := start(t, clock, path)
		e.waitPages(id, 2)
		e.waitScheduled(back.Add(level2Timeout))
		page := e.incident(id).Ladder.Pages[1]
		if !page.Auto || !page.At.Equal(back) {
			t.Fatalf("level 2 page = %+v; want paged automatically on restart at %s", page, back)
		}
	})

	t.Run("a second restart adds nothing", func(t *testing.T) {
		e := start(t, clock, path)
		e.waitScheduled(back.Add(level2Timeout))
		if n := e.entries(id, model.KindEscalated); n != 1 {
			t.Fatalf("%d escalations after two restarts; want 1", n)
		}
		if sent := e.store.commands(); len(sent) != 0 {
			t.Fatalf("Run sent %v after the second restart; want nothing", sent)
		}
	})
}

func TestRunReturnsAnErrorWhenTheStoreCloses(t *testing.T) {
	clock := newFakeClock()
	h := storetest.Open(t, hub.Options{Now: clock.Now, Rules: testRules(), Logger: slog.New(slog.DiscardHandler)})
	done := make(chan error, 1)
	go func() { done <- Run(context.Background(), h, clock, nil) }()
	if _, err := h.Dispatch(context.Background(), ic, model.Declare{Title: "checkout is down"}); err != nil {
		t.Fatal(err)
	}
	servertest.WaitFor(t, "the clock waiting for the first deadline", func() bool { return clock.waitingFor(t0.Add(level1Timeout)) })

	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("Run returned nil after the store closed; want an error saying so")
		}
	case <-time.After(servertest.WaitLimit):
		t.Fatalf("Run still running %s after the store closed", servertest.WaitLimit)
	}
}
