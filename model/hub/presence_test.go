package hub

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// pending returns what sub has waiting without blocking, and whether there
// was anything.
func pending(t *testing.T, sub model.Subscription) (model.Update, bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // Next hands over what is pending before it looks at ctx
	u, err := sub.Next(ctx)
	return u, err == nil
}

func TestPresenceIsPublishedAndSurvivesCommits(t *testing.T) {
	h := openHub(t, &memJournal{})
	watcher := h.Subscribe(context.Background())
	id := declare(t, h, "presence")
	aliceSub, bobSub := h.Subscribe(context.Background()), h.Subscribe(context.Background())
	aliceSub.SetPresence("alice", id)
	bobSub.SetPresence("bob", "")
	declare(t, h, "another")
	u, ok := pending(t, watcher)
	if !ok {
		t.Fatal("the watcher has no update")
	}
	if got := u.State.PeopleIn(id); fmt.Sprint(got) != "[alice]" {
		t.Errorf("people in %s = %v, want [alice]", id, got)
	}
	if got := u.State.PeopleIn(""); fmt.Sprint(got) != "[bob]" {
		t.Errorf("people on the list = %v, want [bob]", got)
	}
	if len(u.Events) != 2 {
		t.Errorf("coalesced update has %d events, want 2", len(u.Events))
	}
}

func TestPresenceMovesWithTheSubscriber(t *testing.T) {
	h := openHub(t, &memJournal{})
	id := declare(t, h, "moving")
	sub := h.Subscribe(context.Background())
	sub.SetPresence("alice", "")
	sub.SetPresence("alice", id)
	s := h.Snapshot()
	if got := s.PeopleIn(id); fmt.Sprint(got) != "[alice]" {
		t.Errorf("people in %s = %v, want [alice]", id, got)
	}
	if got := s.PeopleIn(""); len(got) != 0 {
		t.Errorf("people on the list = %v after alice moved to %s", got, id)
	}
}

func TestEachSubscriptionIsItsOwnPresence(t *testing.T) {
	h := openHub(t, &memJournal{})
	laptop, phone := h.Subscribe(context.Background()), h.Subscribe(context.Background())
	laptop.SetPresence("alice", "")
	phone.SetPresence("alice", "")
	if p := h.Snapshot().Presence(); len(p) != 2 || p[0].Session == p[1].Session {
		t.Fatalf("presence = %+v, want two sessions of alice", p)
	}
	phone.Close()
	if got := h.Snapshot().PeopleIn(""); fmt.Sprint(got) != "[alice]" {
		t.Errorf("after one of alice's sessions closed, people on the list = %v, want [alice]", got)
	}
}

func TestUnchangedPresencePublishesNothing(t *testing.T) {
	h := openHub(t, &memJournal{})
	watcher := h.Subscribe(context.Background())
	sub := h.Subscribe(context.Background())
	sub.SetPresence("alice", "")
	if _, ok := pending(t, watcher); !ok {
		t.Fatal("the first presence was not published")
	}
	sub.SetPresence("alice", "")
	if u, ok := pending(t, watcher); ok {
		t.Errorf("repeating the same presence published %+v", u)
	}
}

func TestClosingRemovesPresence(t *testing.T) {
	h := openHub(t, &memJournal{})
	watcher := h.Subscribe(context.Background())
	sub := h.Subscribe(context.Background())
	sub.SetPresence("alice", "")
	pending(t, watcher)
	sub.Close()
	u, ok := pending(t, watcher)
	if !ok || len(u.State.Presence()) != 0 {
		t.Fatalf("after Close the watcher got update %v with presence %+v, want one without alice", ok, u.State)
	}
}

func TestPresenceEndsWithTheSubscriptionsContext(t *testing.T) {
	h := openHub(t, &memJournal{})
	watcher := h.Subscribe(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	sub := h.Subscribe(ctx)
	sub.SetPresence("alice", "")
	cancel()
	// The context's end closes the subscription on another goroutine;
	// the watcher hears of the removal when it happens.
	wait, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	for len(h.Snapshot().Presence()) != 0 {
		if _, err := watcher.Next(wait); err != nil {
			t.Fatalf("alice's presence outlived her subscription's context: %v", err)
		}
	}
}

// A report still in flight when the session ends must not bring the
// person back: after Close, SetPresence changes and publishes nothing.
func TestSetPresenceAfterCloseIsIgnored(t *testing.T) {
	h := openHub(t, &memJournal{})
	watcher := h.Subscribe(context.Background())
	sub := h.Subscribe(context.Background())
	sub.SetPresence("alice", "")
	sub.Close()
	pending(t, watcher)
	sub.SetPresence("alice", "INC-1")
	if p := h.Snapshot().Presence(); len(p) != 0 {
		t.Errorf("presence after a late report = %+v, want none", p)
	}
	if u, ok := pending(t, watcher); ok {
		t.Errorf("a late report published %+v", u)
	}
}

func TestClosingTheHubRemovesPresence(t *testing.T) {
	h := openHub(t, &memJournal{})
	sub := h.Subscribe(context.Background())
	sub.SetPresence("alice", "")
	h.Close()
	sub.SetPresence("alice", "INC-1")
	if p := h.Snapshot().Presence(); len(p) != 0 {
		t.Errorf("presence after the hub closed = %+v, want none", p)
	}
}
