package command

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
)

// Actors of every level. alice declares the test incidents, so she is
// their incident commander; bob, carol and dave are responders without
// a role.
var (
	alice = model.Actor{Name: "alice", Level: model.LevelResponder}
	bob   = model.Actor{Name: "bob", Level: model.LevelResponder}
	carol = model.Actor{Name: "carol", Level: model.LevelResponder}
	dave  = model.Actor{Name: "dave", Level: model.LevelResponder}
	ada   = model.Actor{Name: "ada", Level: model.LevelAdmin}
	olive = model.Actor{Name: "olive", Level: model.LevelObserver}
)

// start is when the test clock starts; each event is one minute later
// than the one before.
var start = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// testStore is the real store with its clock in view: Now is the time the
// next event will be stamped with, as commands read the store's clock.
type testStore struct {
	*hub.Hub
	ticks   atomic.Int64 // events stamped so far
	skipped atomic.Int64 // time the clock was moved on, in nanoseconds
}

// Now implements the clock commands look for on a store.
func (s *testStore) Now() time.Time {
	return start.Add(time.Duration(s.ticks.Load())*time.Minute + time.Duration(s.skipped.Load()))
}

// skip moves the clock on by d, as time passing between events.
func (s *testStore) skip(d time.Duration) { s.skipped.Add(int64(d)) }

// newStore opens the real store (storetest) with a clock that ticks one
// minute per event.
func newStore(t testing.TB, opts hub.Options) *testStore {
	t.Helper()
	s := &testStore{}
	opts.Now = func() time.Time {
		now := s.Now()
		s.ticks.Add(1)
		return now
	}
	opts.Logger = slog.New(slog.DiscardHandler)
	s.Hub = storetest.Open(t, opts)
	return s
}

// pagingRules are the default rules with an escalation policy: carol is
// paged first, dave five minutes later; payments incidents page bob.
func pagingRules() *model.Rules {
	r := model.DefaultRules()
	r.Policies = []model.Policy{
		{Name: "default", Levels: []model.PolicyLevel{{Targets: []string{"carol"}, Timeout: 5 * time.Minute}, {Targets: []string{"dave"}, Timeout: 10 * time.Minute}}},
		{Name: "payments", Service: "payments", Levels: []model.PolicyLevel{{Targets: []string{"bob"}, Timeout: 5 * time.Minute}}},
	}
	return r
}

// dispatch commits cmd as actor, failing the test if it is refused.
func dispatch(t testing.TB, s model.Store, actor model.Actor, cmd model.Command) *model.Event {
	t.Helper()
	e, err := s.Dispatch(context.Background(), actor, cmd)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs the command line that OpenSSH sends for `ssh HOST ARGS...`: the
// arguments joined by spaces.
func run(t testing.TB, s model.Store, actor model.Actor, args ...string) result {
	t.Helper()
	return runWithStdin(t, s, actor, "", args...)
}

func runWithStdin(t testing.TB, s model.Store, actor model.Actor, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), s, actor, strings.Join(args, " "), strings.NewReader(stdin), &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

func lines(s string) []string { return strings.Split(strings.TrimSuffix(s, "\n"), "\n") }

// seq is how many events the store has committed.
func seq(s model.Store) uint64 { return s.Snapshot().Seq }
