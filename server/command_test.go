package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
)

func TestCommandsOverSSH(t *testing.T) {
	alice, olga := newKey(t), newKey(t)
	ts := startServer(t, func(cfg *Config) {
		addUser(t, cfg.DataDir, "alice", model.LevelResponder, alice)
		addUser(t, cfg.DataDir, "olga", model.LevelObserver, olga)
	})

	// Steps share the server, in order: each builds on the one before.
	steps := []struct {
		name       string
		user       string
		cmdline    string
		wantCode   int
		wantStdout []string
		wantStderr string
	}{
		{name: "no incidents yet", user: "alice", cmdline: "incidents", wantStdout: []string{"no incidents"}},
		{name: "declare prints the id", user: "alice", cmdline: "declare --sev 2 checkout is failing", wantStdout: []string{"INC-1\n"}},
		{name: "note", user: "alice", cmdline: "note INC-1 'rolled back 4.2.1'"},
		{name: "incidents lists it", user: "alice", cmdline: "incidents", wantStdout: []string{"INC-1", "SEV2", "checkout is failing"}},
		{name: "incidents as JSON", user: "olga", cmdline: "incidents --json", wantStdout: []string{`"INC-1"`}},
		{name: "timeline", user: "olga", cmdline: "timeline INC-1", wantStdout: []string{"checkout is failing", "rolled back 4.2.1", "alice"}},
		{name: "verify walks the chain", user: "olga", cmdline: "verify INC-1", wantStdout: []string{"intact: 2 events, head sha256:", "INC-1: last event 2, sha256:"}},
		{name: "an observer cannot note", user: "olga", cmdline: "note INC-1 sneaky", wantCode: 1, wantStderr: "olga is an observer and cannot change anything"},
		{name: "an observer cannot declare", user: "olga", cmdline: "declare sneaky", wantCode: 1, wantStderr: "observer"},
		{name: "unknown incident", user: "alice", cmdline: "note INC-9 hello", wantCode: 1, wantStderr: "no incident INC-9"},
		{name: "no command is a usage error", user: "alice", cmdline: "", wantCode: 2, wantStderr: "usage"},
		{name: "unknown command", user: "alice", cmdline: "frobnicate", wantCode: 2, wantStderr: "unknown command"},
	}
	keys := map[string]gossh.Signer{"alice": alice, "olga": olga}
	for _, step := range steps {
		got := ts.run(t, step.user, keys[step.user], step.cmdline)
		if got.Code != step.wantCode {
			t.Errorf("%s: %q exited %d, want %d (stderr %q)", step.name, step.cmdline, got.Code, step.wantCode, got.Stderr)
		}
		for _, want := range step.wantStdout {
			if !strings.Contains(got.Stdout, want) {
				t.Errorf("%s: stdout %q lacks %q", step.name, got.Stdout, want)
			}
		}
		if !strings.Contains(got.Stderr, step.wantStderr) {
			t.Errorf("%s: stderr %q lacks %q", step.name, got.Stderr, step.wantStderr)
		}
	}
	if inc, _ := ts.store.Snapshot().Incident("INC-1"); inc == nil || len(inc.Timeline) != 2 {
		t.Errorf("INC-1 = %+v; want the declaration and alice's note, nothing from olga", inc)
	}
}

func TestTimelineFollowStreamsNotesUntilTheClientCloses(t *testing.T) {
	ts := startServer(t, nil)
	bob := model.Actor{Name: "bob", Level: model.LevelResponder}
	id := declare(t, ts.store, bob, "search is down")

	follow := ts.start(t, "olga", newKey(t), "timeline "+id+" --json --follow")
	follow.waitForOutput(t, "search is down")
	if _, err := ts.store.Dispatch(context.Background(), bob, model.PostNote{Incident: id, Text: "index rebuilt"}); err != nil {
		t.Fatal(err)
	}
	follow.waitForOutput(t, "index rebuilt")
	lines := strings.Split(strings.TrimSpace(follow.stdout.String()), "\n")
	var last struct{ Actor, Text string }
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || last.Actor != "bob" || last.Text != "index rebuilt" {
		t.Errorf("last line %q (%v); want bob's note as JSON", lines[len(lines)-1], err)
	}

	_ = follow.client.Close()
	servertest.WaitFor(t, "the server to end the follow", func() bool { return ts.sessionCount() == 0 })
}

// panicStore panics on every change, as a bug in the store would.
type panicStore struct{ model.Store }

func (panicStore) Dispatch(context.Context, model.Actor, model.Command) (*model.Event, error) {
	panic("the store fell over")
}

func TestAPanicInASessionEndsOnlyThatSession(t *testing.T) {
	ts := startServer(t, func(cfg *Config) { cfg.Store = panicStore{cfg.Store} })
	key := newKey(t)

	got := ts.run(t, "alice", key, "declare this will panic")
	if got.Code != 1 || !strings.Contains(got.Stderr, internalErrorLine) {
		t.Fatalf("panicking session: exit %d, stderr %q; want 1 and the internal error line", got.Code, got.Stderr)
	}
	servertest.WaitFor(t, "the panic in the log", func() bool { return ts.logs.Contains("the store fell over") })

	if got := ts.run(t, "alice", key, "incidents"); got.Code != 0 {
		t.Fatalf("after the panic: exit %d, stderr %q; want the server still serving", got.Code, got.Stderr)
	}
}

// `ssh -t HOST incidents` asks for a terminal and a command: it is told to
// leave out -t instead of landing in the war room it did not ask for.
func TestCommandWithATerminalIsTurnedAway(t *testing.T) {
	ts := startServer(t, nil)
	client := ts.mustDial(t, "alice", newKey(t))
	defer client.Close()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sess.Stdout = &out
	done := make(chan error, 1)
	go func() { done <- sess.Run("incidents") }()
	select {
	case err = <-done:
	case <-time.After(waitLimit):
		t.Fatal("the session did not end")
	}
	var exit *gossh.ExitError
	if !errors.As(err, &exit) || exit.ExitStatus() != 2 || !strings.Contains(out.String(), "leave out -t") {
		t.Errorf("ssh -t incidents = %v, %q; want exit 2 and the hint", err, out.String())
	}
}
