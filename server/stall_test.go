package server

import (
	"fmt"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
)

// stalledWindow is more than an SSH client takes before it must read:
// x/crypto/ssh and OpenSSH both open a session's window at 2 MiB.
const stalledWindow = 3 << 20

// A client that never reads its output fills its SSH window, and the
// server's writes to it block. The server hangs up on it once a write has
// waited StallTimeout, and logs why; a TUI in the same room sees every
// note meanwhile and after.
func TestAStalledClientIsDisconnectedWhileOthersCarryOn(t *testing.T) {
	ts := startServer(t, func(cfg *Config) { cfg.StallTimeout = 300 * time.Millisecond })
	bob := model.Actor{Name: "bob", Level: model.LevelResponder}
	id := declare(t, ts.store, bob, "checkout is slow")
	finding := strings.Repeat("latency climbs on every shard ", model.MaxNoteBytes/30)
	for i := 0; i*len(finding) < stalledWindow; i++ {
		post(t, ts, bob, id, finding)
	}
	healthy := ts.roomOf(t, "bob", newKey(t), "checkout is slow")

	// The staller follows the timeline and never reads a byte of it.
	client := ts.mustDial(t, "staller", newKey(t))
	ch, _, err := client.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := ch.SendRequest("exec", true, gossh.Marshal(struct{ Command string }{"timeline " + id + " --follow"})); !ok || err != nil {
		t.Fatalf("exec: %v %v", ok, err)
	}

	round := 0
	servertest.WaitFor(t, "the server to hang up on the staller", func() bool {
		round++
		note := fmt.Sprintf("still here %d", round)
		post(t, ts, bob, id, note)
		healthy.WaitFor(note, waitLimit)
		return ts.logs.Contains("session output stalled")
	})
	requireHungUp(t, client)
	servertest.WaitFor(t, "the staller's session to end", func() bool { return ts.sessionCount() == 1 })
	post(t, ts, bob, id, "after the staller")
	healthy.WaitFor("after the staller", waitLimit)
}

func post(t *testing.T, ts *testServer, by model.Actor, id, text string) {
	t.Helper()
	if _, err := ts.store.Dispatch(t.Context(), by, model.PostNote{Incident: id, Text: text}); err != nil {
		t.Fatalf("post %q: %v", text, err)
	}
}

// requireHungUp fails the test unless the server closes client's
// connection within waitLimit.
func requireHungUp(t *testing.T, client *gossh.Client) {
	t.Helper()
	hungUp := make(chan error, 1)
	go func() { hungUp <- client.Wait() }()
	select {
	case <-hungUp:
	case <-time.After(waitLimit):
		t.Fatal("the staller's connection is still open")
	}
}
