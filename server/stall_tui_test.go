//go:build !race

// The race detector slows the TUI's rendering of a full 500x250 screen so
// much that filling a client's SSH window through it would take minutes;
// TestAStalledClientIsDisconnectedWhileOthersCarryOn covers the same
// watch under -race with a command's output.

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

// A TUI whose client never reads its output is hung up on, like a
// command's: each resize redraws the whole of a big screen full of text
// until the client's window is full and the renderer's write blocks.
func TestAStalledTUIIsDisconnected(t *testing.T) {
	ts := startServer(t, func(cfg *Config) { cfg.StallTimeout = 300 * time.Millisecond })
	bob := model.Actor{Name: "bob", Level: model.LevelResponder}
	id := declare(t, ts.store, bob, "checkout is slow")
	for i := range 40 {
		post(t, ts, bob, id, fmt.Sprintf("finding %d: %s", i, strings.Repeat("latency climbs on every shard ", 130)))
	}

	client := ts.mustDial(t, "staller", newKey(t))
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sess.StdoutPipe(); err != nil { // and never read
		t.Fatal(err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", maxWindowHeight, maxWindowWidth, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	servertest.WaitFor(t, "the staller's incident list", func() bool { return inRoom(ts, "staller", "") })
	if _, err := stdin.Write([]byte("\r")); err != nil {
		t.Fatal(err)
	}
	servertest.WaitFor(t, "the staller to join the room", func() bool { return inRoom(ts, "staller", id) })

	round := 0
	servertest.WaitFor(t, "the server to hang up on the staller", func() bool {
		round++
		_ = sess.WindowChange(maxWindowHeight, maxWindowWidth-round%2)
		return ts.logs.Contains("session output stalled")
	})
	requireHungUp(t, client)
	servertest.WaitFor(t, "the staller's session to end", func() bool { return ts.sessionCount() == 0 })
}

// inRoom reports whether user is present in room ("" is the incident list).
func inRoom(ts *testServer, user, room string) bool {
	for _, p := range ts.store.Snapshot().Presence() {
		if p.User == user && p.Room == room {
			return true
		}
	}
	return false
}
