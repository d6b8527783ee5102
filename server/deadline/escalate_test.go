package deadline

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

func TestUnackedLevelEscalatesExactlyAtItsDeadlineOnce(t *testing.T) {
	e := newEnv(t)
	id := e.declare("checkout is down")
	due := t0.Add(level1Timeout)
	e.waitScheduled(due)

	e.clock.set(due.Add(-time.Nanosecond))
	if !e.clock.waitingFor(due) || len(e.incident(id).Ladder.Pages) != 1 {
		t.Fatal("level 1 escalated before its deadline")
	}

	e.clock.set(due)
	e.waitPages(id, 2)
	page := e.incident(id).Ladder.Pages[1]
	if !page.At.Equal(due) || !page.Auto || page.By != "" || len(page.Users) != 1 || page.Users[0] != "bob" {
		t.Fatalf("level 2 page = %+v; want bob paged automatically at %s", page, due)
	}
	e.waitScheduled(due.Add(level2Timeout)) // Run has moved on to level 2
	if n := e.entries(id, model.KindEscalated); n != 1 {
		t.Fatalf("%d escalations on the timeline; want 1", n)
	}
	if n := e.store.timesSent(model.Escalate{Incident: id, Auto: true, Level: 1}); n != 1 {
		t.Fatalf("level 1's escalation was sent %d times; want 1", n)
	}
}

func TestAckBeforeTheDeadlineStopsTheClock(t *testing.T) {
	e := newEnv(t)
	id := e.declare("checkout is down")
	e.waitScheduled(t0.Add(level1Timeout))

	e.clock.set(t0.Add(time.Minute))
	e.dispatch(alice, model.Acknowledge{Incident: id})
	e.passTime(time.Hour)

	if pages := e.incident(id).Ladder.Pages; len(pages) != 1 || pages[0].AckedBy != "alice" {
		t.Fatalf("pages = %+v; want only level 1, acknowledged by alice", pages)
	}
	if n := e.store.timesSent(model.Escalate{Incident: id, Auto: true, Level: 1}); n != 0 {
		t.Fatalf("Run sent level 1's escalation %d times after it was acknowledged", n)
	}
}

// An ack lands at the very moment the clock reaches the level's deadline,
// once per incident. Each race must end one of two ways, each recorded
// once: the ack first (level 1 acknowledged, no escalation), or the
// escalation first (level 2 paged, then acknowledged by alice, whom level
// 1 paged). Incidents are declared a second apart so that each race is
// run on its own.
func TestAckRacingTheEscalationIsRecordedOnceEitherWay(t *testing.T) {
	const racers = 24
	e := newEnv(t)
	ids := make([]string, racers)
	for i := range ids {
		e.clock.set(t0.Add(time.Duration(i) * time.Second))
		ids[i] = e.declare("racer")
	}

	for i, id := range ids {
		due := t0.Add(level1Timeout + time.Duration(i)*time.Second)
		e.waitScheduled(due)
		var racing sync.WaitGroup
		ready := make(chan struct{})
		racing.Go(func() {
			<-ready
			e.clock.set(due)
		})
		var ackErr error
		racing.Go(func() {
			<-ready
			_, ackErr = e.store.Dispatch(context.Background(), alice, model.Acknowledge{Incident: id})
		})
		close(ready)
		racing.Wait()
		if ackErr != nil {
			t.Fatalf("%s: alice's ack was refused: %v", id, ackErr)
		}
	}
	e.settle()

	ackFirst := 0
	for _, id := range ids {
		pages := e.incident(id).Ladder.Pages
		switch {
		case len(pages) == 1 && pages[0].AckedBy == "alice":
			ackFirst++
		case len(pages) == 2 && pages[0].AckedBy == "" && pages[1].Auto && pages[1].AckedBy == "alice":
		default:
			t.Errorf("%s: pages = %+v; want level 1 acknowledged, or level 2 paged and then acknowledged", id, pages)
		}
		if n := e.entries(id, model.KindPageAcked); n != 1 {
			t.Errorf("%s: %d acks on the timeline; want 1", id, n)
		}
		if n := e.store.timesSent(model.Escalate{Incident: id, Auto: true, Level: 1}); n > 1 {
			t.Errorf("%s: level 1's escalation was sent %d times; a refusal must not be retried", id, n)
		}
	}
	t.Logf("ack first in %d of %d races, escalation first in the rest", ackFirst, racers)
}

func TestTopLevelNeverEscalates(t *testing.T) {
	e := newEnv(t)
	id := e.declare("checkout is down")
	level2 := t0.Add(level1Timeout)
	e.waitScheduled(level2)
	e.clock.set(level2)
	e.waitPages(id, 2)
	level3 := level2.Add(level2Timeout)
	e.waitScheduled(level3)
	e.clock.set(level3)
	e.waitPages(id, 3)

	e.passTime(24 * time.Hour)
	if n := e.entries(id, model.KindEscalated); n != 2 {
		t.Fatalf("%d escalations; want 2 (levels 2 and 3, and none past the top)", n)
	}
	if n := e.store.timesSent(model.Escalate{Incident: id, Auto: true, Level: 3}); n != 0 {
		t.Fatalf("Run tried to escalate past the top level %d times", n)
	}
}

func TestResolveStopsTheClock(t *testing.T) {
	e := newEnv(t)
	id := e.declare("checkout is down")
	e.waitScheduled(t0.Add(level1Timeout))

	e.clock.set(t0.Add(time.Minute))
	e.dispatch(ic, model.SetStatus{Incident: id, Status: model.StatusResolved})
	e.passTime(time.Hour)

	if n := len(e.incident(id).Ladder.Pages); n != 1 {
		t.Fatalf("a resolved incident paged %d levels; want 1", n)
	}
	if n := e.store.timesSent(model.Escalate{Incident: id, Auto: true, Level: 1}); n != 0 {
		t.Fatalf("Run sent level 1's escalation %d times after the incident was resolved", n)
	}
}

func TestDeadlinesAtTheSameMomentAllFire(t *testing.T) {
	e := newEnv(t)
	a, b := e.declare("first"), e.declare("second")
	due := t0.Add(level1Timeout)
	// An offer made two minutes in lapses at the ladders' deadline too.
	e.clock.set(due.Add(-handoverTimeout))
	e.dispatch(ic, model.OfferHandover{Incident: b, To: "bob"})
	e.waitScheduled(due)

	e.clock.set(due)
	e.waitPages(a, 2)
	e.waitPages(b, 2)
	e.waitUntil("the offer on "+b+" lapsing", func(s *model.State) bool {
		inc, _ := s.Incident(b)
		return inc.Handover == nil
	})
}

// Failures of the store are retried after a wait on the clock, not in a
// loop: each retry happens only once the clock reaches it.
func TestUnavailableStoreIsRetriedAfterABackoff(t *testing.T) {
	e := newEnv(t)
	id := e.declare("checkout is down")
	due := t0.Add(level1Timeout)
	e.waitScheduled(due)
	e.store.failNext(2)
	escalate := model.Escalate{Incident: id, Auto: true, Level: 1}

	e.clock.set(due)
	e.waitScheduled(due.Add(firstRetry))
	if n := e.store.timesSent(escalate); n != 1 {
		t.Fatalf("sent %d times before the first retry; want 1", n)
	}
	e.clock.set(due.Add(firstRetry))
	e.waitScheduled(due.Add(3 * firstRetry)) // the wait doubled
	if n := e.store.timesSent(escalate); n != 2 {
		t.Fatalf("sent %d times before the second retry; want 2", n)
	}
	e.clock.set(due.Add(3 * firstRetry))
	e.waitPages(id, 2)
	if at := e.incident(id).Ladder.Pages[1].At; !at.Equal(due.Add(3 * firstRetry)) {
		t.Fatalf("level 2 paged at %s; want when the store took it, %s", at, due.Add(3*firstRetry))
	}
}

// Run's clock fires ahead of the store's, which stamps events (the wall
// clock stepped back while Run waited): the store refuses the escalation
// as not yet due, and Run tries again when the store's clock reaches the
// deadline, instead of taking the refusal as someone having acted first.
func TestEscalationRefusedAsEarlyIsTriedAgainWhenDue(t *testing.T) {
	const lag = 3 * time.Second
	e := startBehind(t, newFakeClock(), lag, filepath.Join(t.TempDir(), "journal.db"))
	id := e.declare("checkout is down")
	due := e.incident(id).DeclaredAt.Add(level1Timeout) // by the store's clock
	e.waitScheduled(due)

	e.clock.set(due) // Run's clock; the store's reads due-lag
	e.waitScheduled(due.Add(lag))
	if n := len(e.incident(id).Ladder.Pages); n != 1 {
		t.Fatalf("%d levels paged before the store's clock reached the deadline; want 1", n)
	}

	e.clock.set(due.Add(lag)) // the store's clock reaches due
	e.waitPages(id, 2)
	if page := e.incident(id).Ladder.Pages[1]; !page.Auto || !page.At.Equal(due) {
		t.Fatalf("level 2 page = %+v; want paged automatically at %s", page, due)
	}
	e.waitScheduled(due.Add(level2Timeout)) // Run has moved on to level 2
	if n := e.store.timesSent(model.Escalate{Incident: id, Auto: true, Level: 1}); n != 2 {
		t.Fatalf("level 1's escalation was sent %d times; want 2, refused early and then taken", n)
	}
	if n := e.entries(id, model.KindEscalated); n != 1 {
		t.Fatalf("%d escalations on the timeline; want 1", n)
	}
}
