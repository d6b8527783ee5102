package pager_test

import (
	"context"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/pager"
	"github.com/warroom/warroom/server/servertest"
	"github.com/warroom/warroom/server/webhook"
)

// A page sent but cut short by the shutdown before its outcome came back
// is sent again at the next start, with the same key, and recorded once.
func TestRestartResendsUnrecordedPage(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	rc := newReceiver(t)
	targets := []webhook.Target{{Name: "ops", URL: rc.url}}
	rc.holding.Store(true)
	stop := run(t, store, targets, pager.Options{Now: c.Now, Grace: time.Millisecond})

	e := declare(t, store)
	first := rc.next(t)
	stop()
	if n := store.deliveriesOf(t, "INC-1", e.Seq); n != 0 {
		t.Fatalf("%d outcomes recorded for a delivery the shutdown cut short, want none", n)
	}

	rc.holding.Store(false)
	run(t, store, targets, pager.Options{Now: c.Now})
	again := rc.next(t)
	if again.key != first.key {
		t.Errorf("resent page has key %q, want the first send's %q", again.key, first.key)
	}
	if m := again.message(t); m.Kind != "page" || m.Level != 1 || m.By != "ic" {
		t.Errorf("resent %+v, want the level 1 page", m)
	}
	store.waitEntry(t, "INC-1", "webhook ops: delivered entry 1 (HTTP 200)")
	checkNothingElseSent(t, store, rc)
	if n := store.deliveriesOf(t, "INC-1", e.Seq); n != 1 {
		t.Errorf("%d outcomes recorded for the page, want 1", n)
	}
}

func TestRestartDoesNotRepeatRecordedPage(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	rc := newReceiver(t)
	targets := []webhook.Target{{Name: "ops", URL: rc.url}}
	stop := run(t, store, targets, pager.Options{Now: c.Now})
	declare(t, store)
	rc.next(t)
	store.waitEntry(t, "INC-1", "webhook ops: delivered entry 1")
	stop()

	run(t, store, targets, pager.Options{Now: c.Now})
	checkNothingElseSent(t, store, rc)
}

// Only the targets without an outcome are sent the page again.
func TestRestartResendsOnlyToTargetsWithoutOutcome(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	done, cut := newReceiver(t), newReceiver(t)
	cut.holding.Store(true)
	targets := []webhook.Target{{Name: "done", URL: done.url}, {Name: "cut", URL: cut.url}}
	stop := run(t, store, targets, pager.Options{Now: c.Now, Grace: time.Millisecond})
	declare(t, store)
	done.next(t)
	cut.next(t)
	store.waitEntry(t, "INC-1", "webhook done: delivered entry 1")
	stop()

	cut.holding.Store(false)
	run(t, store, targets, pager.Options{Now: c.Now})
	cut.next(t)
	store.waitEntry(t, "INC-1", "webhook cut: delivered entry 1")
	checkNothingElseSent(t, store, done)
}

// Pages and updates older than a day are not sent at start, even with no
// outcome and their incident busy since.
func TestRestartLeavesOldNewsAlone(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	declare(t, store)
	store.dispatch(t, ic, model.PostUpdate{Incident: "INC-1", Text: "old news"})
	c.advance(25 * time.Hour)
	store.dispatch(t, ic, model.PostNote{Incident: "INC-1", Text: "still digging"})

	rc := newReceiver(t)
	run(t, store, []webhook.Target{{Name: "ops", URL: rc.url}}, pager.Options{Now: c.Now})
	checkNothingElseSent(t, store, rc)
}

// Nobody is paged for a resolved incident at start, but its last
// stakeholder update still goes out.
func TestRestartSendsUpdatesButNoPagesOfResolvedIncidents(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	declare(t, store)
	store.dispatch(t, ic, model.SetStatus{Incident: "INC-1", Status: model.StatusResolved})
	store.dispatch(t, ic, model.PostUpdate{Incident: "INC-1", Text: "all clear"})

	rc := newReceiver(t)
	run(t, store, []webhook.Target{{Name: "ops", URL: rc.url}}, pager.Options{Now: c.Now})
	if m := rc.next(t).message(t); m.Kind != "update" || m.Text != "all clear" || m.Status != "resolved" {
		t.Errorf("at start the receiver got %+v, want the update and not the page", m)
	}
	checkNothingElseSent(t, store, rc)
}

// An update sent again at start says what it said when it was written:
// the status and severity of that moment, not the incident's current ones.
func TestRestartResendsAnUpdateAsItWasWritten(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	declare(t, store)
	store.dispatch(t, ic, model.SetStatus{Incident: "INC-1", Status: model.StatusIdentified})
	store.dispatch(t, ic, model.PostUpdate{Incident: "INC-1", Text: "we found the bad deploy"})
	store.dispatch(t, ic, model.SetStatus{Incident: "INC-1", Status: model.StatusResolved})
	store.dispatch(t, ic, model.SetSeverity{Incident: "INC-1", Severity: model.Sev4})

	rc := newReceiver(t)
	run(t, store, []webhook.Target{{Name: "ops", URL: rc.url}}, pager.Options{Now: c.Now})
	m := rc.next(t).message(t)
	if m.Kind != "update" || m.Text != "we found the bad deploy" || m.Status != "identified" || m.Severity != "SEV2" {
		t.Errorf("at start the receiver got %+v, want the update as identified, SEV2", m)
	}
	checkNothingElseSent(t, store, rc)
}

// Events the subscription dropped are found in the state and sent.
func TestResyncSendsWhatWasDropped(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	rc := newReceiver(t)
	run(t, store, []webhook.Target{{Name: "ops", URL: rc.url}}, pager.Options{Now: c.Now})
	declare(t, store)
	rc.next(t)
	store.waitEntry(t, "INC-1", "webhook ops: delivered entry 1")

	store.dropNext(model.KindUpdate)
	e := store.dispatch(t, ic, model.PostUpdate{Incident: "INC-1", Text: "rolled back"})
	if m := rc.next(t).message(t); m.Kind != "update" || m.Text != "rolled back" {
		t.Errorf("after the resync the receiver got %+v, want the dropped update (and no repeated page)", m)
	}
	store.waitEntry(t, "INC-1", "webhook ops: delivered entry")
	servertest.WaitFor(t, "the update's outcome", func() bool { return store.deliveriesOf(t, "INC-1", e.Seq) == 1 })
	if n := store.resyncs.Load(); n != 1 {
		t.Errorf("%d resyncs, want 1", n)
	}
}

// A resync while a page is on its way does not send it a second time.
func TestResyncSkipsDeliveriesInFlight(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	rc := newReceiver(t)
	rc.holding.Store(true)
	run(t, store, []webhook.Target{{Name: "ops", URL: rc.url}}, pager.Options{Now: c.Now})
	e := declare(t, store)
	rc.next(t) // held: the page is in flight

	before := store.snapshots.Load()
	store.dropNext(model.KindNote)
	store.dispatch(t, ic, model.PostNote{Incident: "INC-1", Text: "looking"})
	servertest.WaitFor(t, "the catch-up after the resync", func() bool { return store.snapshots.Load() > before })

	rc.release()
	store.waitEntry(t, "INC-1", "webhook ops: delivered entry 1 (HTTP 200)")
	checkNothingElseSent(t, store, rc)
	if n := store.deliveriesOf(t, "INC-1", e.Seq); n != 1 {
		t.Errorf("%d outcomes recorded for the page, want 1", n)
	}
}

// An event committed between Run's subscribing and its first snapshot is
// in both; it is sent once.
func TestEventBetweenSubscribeAndSnapshotIsSentOnce(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	store.afterSubscribe = func() {
		if _, err := store.Dispatch(context.Background(), ic, model.Declare{Title: "checkout down"}); err != nil {
			t.Errorf("declare: %v", err)
		}
	}
	rc := newReceiver(t)
	run(t, store, []webhook.Target{{Name: "ops", URL: rc.url}}, pager.Options{Now: c.Now})
	if m := rc.next(t).message(t); m.Kind != "page" || m.Incident != "INC-1" {
		t.Errorf("the receiver got %+v, want the page of INC-1", m)
	}
	checkNothingElseSent(t, store, rc)
}
