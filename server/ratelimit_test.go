package server

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
)

const slowDown = "slow down: you are making changes faster than"

// A user's scripts share one budget of changes, whichever connection
// they come in on; past it each is refused with a reason, and another
// user is not held back at all.
func TestAUsersChangesAreLimitedAcrossTheirSessions(t *testing.T) {
	ts := startServer(t, func(cfg *Config) { cfg.ChangesPerSecond, cfg.ChangeBurst = 0.001, 5 })
	id := declare(t, ts.store, model.Actor{Name: "bob", Level: model.LevelResponder}, "checkout is slow")
	mallory := newKey(t)

	for i := range 5 {
		if got := ts.run(t, "mallory", mallory, fmt.Sprintf("note %s 'flood %d'", id, i)); got.Code != 0 {
			t.Fatalf("note %d within the burst: exit %d, stderr %q", i, got.Code, got.Stderr)
		}
	}
	got := ts.run(t, "mallory", mallory, "note "+id+" 'one too many'")
	if got.Code != 1 || !strings.Contains(got.Stderr, slowDown+" 0.001 a second; try again in a moment") {
		t.Fatalf("note past the burst: exit %d, stderr %q; want 1 and a request to slow down", got.Code, got.Stderr)
	}

	if got := ts.run(t, "bob", newKey(t), "note "+id+" 'bob is unaffected'"); got.Code != 0 {
		t.Fatalf("bob's note: exit %d, stderr %q", got.Code, got.Stderr)
	}
	inc, _ := ts.store.Snapshot().Incident(id)
	if last := inc.Timeline[len(inc.Timeline)-1]; last.Text != "bob is unaffected" || len(inc.Timeline) != 7 {
		t.Errorf("timeline has %d entries ending with %q; want the declaration, 5 floods and bob's note", len(inc.Timeline), last.Text)
	}
}

// One user posting 10,000 notes a minute gets the burst and then the
// sustained rate, each refusal saying why; another user's note goes in
// meanwhile.
func TestAFloodingUserDoesNotHoldUpAnother(t *testing.T) {
	ts := startServer(t, nil) // the default limits
	id := declare(t, ts.store, model.Actor{Name: "bob", Level: model.LevelResponder}, "checkout is slow")
	mallory := model.Actor{Name: "mallory", Level: model.LevelResponder}
	flooder := &liveActorStore{Store: ts.store, users: ts.users, key: newKey(t).PublicKey(), admitted: mallory, openMode: true, changes: ts.changes}

	ctx, stop := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	var accepted, refused atomic.Int64
	started := time.Now()
	wg.Go(func() {
		tick := time.NewTicker(time.Minute / 10_000)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			_, err := flooder.Dispatch(ctx, mallory, model.PostNote{Incident: id, Text: fmt.Sprintf("flood %d", i)})
			switch {
			case err == nil:
				accepted.Add(1)
			case strings.Contains(model.ErrorMessage(err), slowDown):
				refused.Add(1)
			case ctx.Err() == nil:
				t.Errorf("flood %d: %v", i, err)
				return
			}
		}
	})
	servertest.WaitFor(t, "mallory to be refused", func() bool { return refused.Load() > 0 })

	got := ts.run(t, "bob", newKey(t), "note "+id+" 'bob is unaffected'")
	stop()
	wg.Wait()
	elapsed := time.Since(started)
	if got.Code != 0 {
		t.Fatalf("bob's note during the flood: exit %d, stderr %q", got.Code, got.Stderr)
	}
	if most := DefaultChangeBurst + int(DefaultChangesPerSecond*elapsed.Seconds()) + 1; accepted.Load() > int64(most) {
		t.Errorf("mallory got %d notes in within %s; the limit allows %d", accepted.Load(), elapsed, most)
	}
}

// The TUI shows the refusal where the note was typed, and keeps the text.
func TestATUIPastTheLimitShowsWhyAndKeepsTheNote(t *testing.T) {
	ts := startServer(t, func(cfg *Config) { cfg.ChangesPerSecond, cfg.ChangeBurst = 0.001, 1 })
	declare(t, ts.store, model.Actor{Name: "bob", Level: model.LevelResponder}, "checkout is slow")
	term := ts.roomOf(t, "alice", newKey(t), "checkout is slow")

	term.Type("first look\r")
	term.WaitFor("first look", waitLimit)
	term.Type("second look\r")
	term.WaitFor("slow down", waitLimit)
	term.WaitFor("second look", waitLimit)
	if inc, _ := ts.store.Snapshot().Incident("INC-1"); len(inc.Timeline) != 2 {
		t.Errorf("INC-1 has %d entries; want the declaration and the first note", len(inc.Timeline))
	}
}

func TestIdleUsersLimitsAreForgotten(t *testing.T) {
	clock := time.Unix(0, 0)
	limits := newChangeLimiter(5, 30)
	limits.now = func() time.Time { return clock }
	for i := range 100 {
		if err := limits.allow(fmt.Sprintf("user-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	clock = clock.Add(changeLimiterSweep)
	if err := limits.allow("user-new"); err != nil {
		t.Fatal(err)
	}
	if n := len(limits.users); n != 1 {
		t.Errorf("the limiter keeps %d users after all but one had been idle for a minute; want 1", n)
	}
}
