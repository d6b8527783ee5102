package pager_test

import (
	"context"
	"net"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/pager"
	"github.com/warroom/warroom/server/servertest"
	"github.com/warroom/warroom/server/webhook"
)

func TestDeclarationPagesLevelOneOnEveryTarget(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	ops, chat := newReceiver(t), newReceiver(t)
	run(t, store, []webhook.Target{
		{Name: "ops", URL: ops.url},
		{Name: "chat", URL: chat.url, Format: webhook.FormatSlack},
	}, pager.Options{Now: c.Now})

	e := declare(t, store)
	got := ops.next(t).message(t)
	want := wireMessage{
		Kind: "page", Incident: "INC-1", Title: "checkout down", Severity: "SEV2",
		Status: "triage", Service: "payments", Level: 1, Users: []string{"alice"},
		By: "ic", At: e.Time.UTC().Format(time.RFC3339), Key: got.Key,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("page = %+v\nwant   %+v", got, want)
	}
	if got.Key == "" {
		t.Error("page has no idempotency key")
	}
	if slack := string(chat.next(t).body); !strings.Contains(slack, "INC-1 SEV2") || !strings.Contains(slack, "level 1 paged: alice") {
		t.Errorf("slack body = %s, want the page in one line", slack)
	}

	store.waitEntry(t, "INC-1", "webhook ops: delivered entry 1 (HTTP 200)")
	store.waitEntry(t, "INC-1", "webhook chat: delivered entry 1 (HTTP 200)")
	if n := store.deliveriesOf(t, "INC-1", e.Seq); n != 2 {
		t.Errorf("%d outcomes recorded for the page, want one per target", n)
	}
}

func TestNotesAreNotSent(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	rc := newReceiver(t)
	run(t, store, []webhook.Target{{Name: "ops", URL: rc.url}}, pager.Options{Now: c.Now})

	declare(t, store)
	rc.next(t)
	store.dispatch(t, ic, model.PostNote{Incident: "INC-1", Text: "looking at the load balancer"})
	store.dispatch(t, ic, model.PostUpdate{Incident: "INC-1", Text: "we are on it"})
	if m := rc.next(t).message(t); m.Kind != "update" {
		t.Errorf("after the note the receiver got a %s, want the update that followed it", m.Kind)
	}
}

func TestEscalationsPageTheirLevel(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	rc := newReceiver(t)
	run(t, store, []webhook.Target{{Name: "ops", URL: rc.url}}, pager.Options{Now: c.Now})
	declare(t, store)
	rc.next(t)

	store.dispatch(t, ic, model.Escalate{Incident: "INC-1"})
	got := rc.next(t).message(t)
	if got.Kind != "page" || got.Level != 2 || !slices.Equal(got.Users, []string{"bob", "dan"}) || got.By != "ic" || got.Text != "" {
		t.Errorf("manual escalation sent %+v, want level 2 paging bob and dan, by ic", got)
	}

	c.advance(level2Timeout)
	auto := store.dispatch(t, model.System(), model.Escalate{Incident: "INC-1", Auto: true, Level: 2})
	got = rc.next(t).message(t)
	if got.Level != 3 || !slices.Equal(got.Users, []string{"carol"}) || got.By != "" || got.Text != "level 2 not acknowledged in time" {
		t.Errorf("automatic escalation sent %+v, want level 3 paging carol, by nobody, saying why", got)
	}
	n := store.incident(t, "INC-1").EntryNumber(auto.Seq)
	store.waitEntry(t, "INC-1", "webhook ops: delivered entry "+strconv.Itoa(n))
}

func TestStakeholderUpdateIsSent(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	rc := newReceiver(t)
	run(t, store, []webhook.Target{{Name: "ops", URL: rc.url}}, pager.Options{Now: c.Now})
	declare(t, store)
	rc.next(t)
	store.dispatch(t, ic, model.SetStatus{Incident: "INC-1", Status: model.StatusIdentified})

	e := store.dispatch(t, ic, model.PostUpdate{Incident: "INC-1", Text: "rolled back the deploy"})
	got := rc.next(t).message(t)
	want := wireMessage{
		Kind: "update", Incident: "INC-1", Title: "checkout down", Severity: "SEV2",
		Status: "identified", Service: "payments", Users: []string{}, Text: "rolled back the deploy",
		By: "ic", At: e.Time.UTC().Format(time.RFC3339), Key: got.Key,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("update = %+v\nwant     %+v", got, want)
	}
	n := store.incident(t, "INC-1").EntryNumber(e.Seq)
	store.waitEntry(t, "INC-1", "webhook ops: delivered entry "+strconv.Itoa(n))
}

func TestDeadTargetDelaysNoOther(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	healthy := newReceiver(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()

	// The dead target's retries wait here until the test has seen the
	// healthy delivery recorded, so "promptly" needs no timing.
	parked, release := make(chan struct{}, 8), make(chan struct{})
	parkingSleep := func(ctx context.Context, _ time.Duration) error {
		parked <- struct{}{}
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	run(t, store, []webhook.Target{{Name: "dead", URL: dead}, {Name: "healthy", URL: healthy.url}},
		pager.Options{Now: c.Now, Webhook: webhook.Options{MaxAttempts: 3, Sleep: parkingSleep}})

	declare(t, store)
	select {
	case <-parked:
	case <-time.After(servertest.WaitLimit):
		t.Fatal("the dead target was never retried")
	}
	healthy.next(t)
	store.waitEntry(t, "INC-1", "webhook healthy: delivered entry 1")

	close(release)
	store.waitEntry(t, "INC-1", "webhook dead: could not deliver entry 1 after 3 attempts (connection refused)")
}

func TestNoTargetsReturnsAtOnce(t *testing.T) {
	c := newClock()
	store := newStore(t, c)
	done := make(chan error, 1)
	go func() { done <- pager.Run(context.Background(), store, nil, pager.Options{}) }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(servertest.WaitLimit):
		t.Fatal("Run without targets did not return")
	}
	if n := store.subscribes.Load(); n != 0 {
		t.Errorf("Run without targets subscribed %d times", n)
	}
}

func TestTargetsNeedDistinctNames(t *testing.T) {
	c := newClock()
	store := newStore(t, c)
	err := pager.Run(context.Background(), store, []webhook.Target{
		{URL: "https://hooks.example/a"}, {URL: "https://hooks.example/b"},
	}, pager.Options{})
	if err == nil || !strings.Contains(err.Error(), `"hooks.example"`) {
		t.Errorf("Run = %v, want an error naming the shared label", err)
	}
	if n := store.subscribes.Load(); n != 0 {
		t.Errorf("Run with clashing targets subscribed %d times", n)
	}
}

func TestStoreClosingEndsRun(t *testing.T) {
	checkNoLeaks(t)
	c := newClock()
	store := newStore(t, c)
	rc := newReceiver(t)
	done := make(chan error, 1)
	go func() {
		done <- pager.Run(context.Background(), store, []webhook.Target{{Name: "ops", URL: rc.url}}, pager.Options{Logger: quiet})
	}()
	servertest.WaitFor(t, "Run to subscribe", func() bool { return store.subscribes.Load() == 1 })
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "subscription ended") {
			t.Errorf("Run = %v, want an error saying the subscription ended", err)
		}
	case <-time.After(servertest.WaitLimit):
		t.Fatal("Run went on after the store closed")
	}
}
