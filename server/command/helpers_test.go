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

var (
	alice = model.Actor{Name: "alice", Level: model.LevelResponder}
	olive = model.Actor{Name: "olive", Level: model.LevelObserver}
)

// start is when the test clock starts; each event is one minute later
// than the one before.
var start = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// newStore opens the real store (storetest) with a clock that ticks one
// minute per event.
func newStore(t testing.TB, opts hub.Options) *hub.Hub {
	t.Helper()
	var ticks atomic.Int64
	opts.Now = func() time.Time { return start.Add(time.Duration(ticks.Add(1)-1) * time.Minute) }
	opts.Logger = slog.New(slog.DiscardHandler)
	return storetest.Open(t, opts)
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
