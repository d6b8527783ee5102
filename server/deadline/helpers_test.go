package deadline

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
	"github.com/warroom/warroom/server/servertest"
)

// t0 is when every test's clock starts.
var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// The test policy: three levels, each paging one person.
const (
	level1Timeout   = 5 * time.Minute
	level2Timeout   = 10 * time.Minute
	level3Timeout   = 15 * time.Minute
	handoverTimeout = 3 * time.Minute
)

var (
	ic    = model.Actor{Name: "ic", Level: model.LevelResponder}
	alice = model.Actor{Name: "alice", Level: model.LevelResponder} // level 1
	bob   = model.Actor{Name: "bob", Level: model.LevelResponder}   // level 2
)

func testRules() *model.Rules {
	r := model.DefaultRules()
	r.Policies = []model.Policy{{Name: "default", Levels: []model.PolicyLevel{
		{Targets: []string{"alice"}, Timeout: level1Timeout},
		{Targets: []string{"bob"}, Timeout: level2Timeout},
		{Targets: []string{"carol"}, Timeout: level3Timeout},
	}}}
	r.HandoverTimeout = handoverTimeout
	return r
}

// fakeClock is moved by the test. After registers a waiter that fires when
// the clock is set at or past its moment; the waiters it keeps tell the
// test what Run is waiting for.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	at time.Time
	ch chan time.Time // buffered: firing never waits for a reader
}

func newFakeClock() *fakeClock { return &fakeClock{now: t0} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	w := waiter{at: c.now.Add(d), ch: make(chan time.Time, 1)}
	if d <= 0 {
		w.ch <- c.now
		return w.ch
	}
	c.waiters = append(c.waiters, w)
	return w.ch
}

// set moves the clock to now and fires every waiter it reached.
func (c *fakeClock) set(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = now
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if now.Before(w.at) {
			kept = append(kept, w)
			continue
		}
		w.ch <- now
	}
	c.waiters = kept
}

// waitingFor reports whether some waiter is due exactly at at.
func (c *fakeClock) waitingFor(at time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range c.waiters {
		if w.at.Equal(at) {
			return true
		}
	}
	return false
}

// recordingStore is the real store with a record of what Run dispatched,
// and failures to inject in front of it.
type recordingStore struct {
	*hub.Hub

	mu        sync.Mutex
	sent      []model.Command // every command Run dispatched, in order
	failAhead int             // refuse this many more as unavailable
}

var errDown = model.Errorf(model.CodeUnavailable, "the disk is gone (injected)")

func (s *recordingStore) Dispatch(ctx context.Context, actor model.Actor, cmd model.Command) (*model.Event, error) {
	if actor == model.System() {
		s.mu.Lock()
		s.sent = append(s.sent, cmd)
		fail := s.failAhead > 0
		if fail {
			s.failAhead--
		}
		s.mu.Unlock()
		if fail {
			return nil, errDown
		}
	}
	return s.Hub.Dispatch(ctx, actor, cmd)
}

// commands returns what Run dispatched so far.
func (s *recordingStore) commands() []model.Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.sent)
}

// failNext makes the next n dispatches of Run fail as unavailable.
func (s *recordingStore) failNext(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failAhead = n
}

// timesSent counts how often Run dispatched cmd.
func (s *recordingStore) timesSent(cmd model.Command) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.sent {
		if c == cmd {
			n++
		}
	}
	return n
}

// env is one life of the server: the real store on a journal file, with
// Run keeping its deadlines by the shared fake clock.
type env struct {
	t     testing.TB
	clock *fakeClock
	store *recordingStore
	stop  func()
}

// start opens the store on path and runs the deadline clock on it; both
// stop when tb ends, Run first.
func start(tb testing.TB, clock *fakeClock, path string) *env {
	tb.Helper()
	return startBehind(tb, clock, 0, path)
}

// startBehind is start with the store's clock lag behind Run's, as when
// the wall clock steps back while Run waits on its timer.
func startBehind(tb testing.TB, clock *fakeClock, lag time.Duration, path string) *env {
	tb.Helper()
	quiet := slog.New(slog.DiscardHandler)
	storeNow := func() time.Time { return clock.Now().Add(-lag) }
	h := storetest.OpenAt(tb, path, hub.Options{Now: storeNow, Rules: testRules(), Logger: quiet})
	store := &recordingStore{Hub: h}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, store, clock, quiet) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					tb.Errorf("Run: %v", err)
				}
			case <-time.After(servertest.WaitLimit):
				tb.Errorf("Run did not return within %s of its context ending", servertest.WaitLimit)
			}
		})
	}
	tb.Cleanup(stop)
	return &env{t: tb, clock: clock, store: store, stop: stop}
}

// newEnv starts one life on a fresh journal.
func newEnv(tb testing.TB) *env {
	tb.Helper()
	return start(tb, newFakeClock(), filepath.Join(tb.TempDir(), "journal.db"))
}

func (e *env) dispatch(actor model.Actor, cmd model.Command) *model.Event {
	e.t.Helper()
	ev, err := e.store.Dispatch(context.Background(), actor, cmd)
	if err != nil {
		e.t.Fatalf("%s: %T: %v", actor.Name, cmd, err)
	}
	return ev
}

// declare opens an incident now, its ladder paging level 1.
func (e *env) declare(title string) string {
	e.t.Helper()
	return e.dispatch(ic, model.Declare{Title: title}).Incident
}

func (e *env) incident(id string) *model.Incident {
	e.t.Helper()
	inc, ok := e.store.Snapshot().Incident(id)
	if !ok {
		e.t.Fatalf("no incident %s", id)
	}
	return inc
}

// waitUntil polls the store's state until cond holds.
func (e *env) waitUntil(what string, cond func(*model.State) bool) {
	e.t.Helper()
	servertest.WaitFor(e.t, what, func() bool { return cond(e.store.Snapshot()) })
}

// waitPages waits until id has paged n levels.
func (e *env) waitPages(id string, n int) {
	e.t.Helper()
	e.waitUntil(fmt.Sprintf("%s paging level %d", id, n), func(s *model.State) bool {
		inc, _ := s.Incident(id)
		return len(inc.Ladder.Pages) == n
	})
}

// waitScheduled waits until Run asks the clock to wake it at at. Run only
// ever waits for its earliest deadline, so this also says that it has
// taken in every change before and holds nothing due sooner.
func (e *env) waitScheduled(at time.Time) {
	e.t.Helper()
	servertest.WaitFor(e.t, "the clock waiting for "+at.Format(time.TimeOnly), func() bool { return e.clock.waitingFor(at) })
}

// settle waits until Run has taken in every change so far and is done
// dispatching: it declares a canary incident and waits until Run waits
// for the canary's first deadline, which also proves Run holds nothing
// due sooner. It returns the canary.
func (e *env) settle() string {
	e.t.Helper()
	canary := e.declare("canary")
	e.waitScheduled(e.incident(canary).DeclaredAt.Add(level1Timeout))
	return canary
}

// passTime settles, moves the clock on by d (at least the canary's
// timeout) and waits until Run has fired the canary's deadline, and so
// anything else due by then.
func (e *env) passTime(d time.Duration) {
	e.t.Helper()
	canary := e.settle()
	e.clock.set(e.clock.Now().Add(max(d, level1Timeout)))
	e.waitPages(canary, 2)
}

// entries counts id's timeline entries of kind.
func (e *env) entries(id string, kind model.Kind) int {
	n := 0
	for _, en := range e.incident(id).Timeline {
		if en.Kind == kind {
			n++
		}
	}
	return n
}
