package server

import (
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
)

func TestSessionsPastTheCapAreRefusedWithAMessage(t *testing.T) {
	key := newKey(t)
	ts := startServer(t, func(cfg *Config) { cfg.MaxSessions = 2 })
	for range 2 {
		term := ts.openTerminal(t, "alice", key, 80, 24)
		term.WaitFor("No incidents", waitLimit) // the incident list is up: the session is admitted
	}

	got := ts.run(t, "alice", key, "incidents")
	if got.Code != 1 || !strings.Contains(got.Stderr, "server is full") {
		t.Fatalf("third session: exit %d, stderr %q; want exit 1 and a message that the server is full", got.Code, got.Stderr)
	}
	servertest.WaitFor(t, "the refusal in the log", func() bool { return ts.logs.Contains("session refused") })
}

// A quiet observer sends nothing for a long time; the server's keepalives
// and the client's replies are traffic, so the idle timeout spares it.
func TestKeepalivesKeepAQuietSessionOpenPastTheIdleTimeout(t *testing.T) {
	const idle = 500 * time.Millisecond
	ts := startServer(t, func(cfg *Config) { cfg.IdleTimeout, cfg.KeepAlive = idle, 100*time.Millisecond })
	term := ts.openTerminal(t, "alice", newKey(t), 80, 24)
	term.WaitFor("No incidents", waitLimit)

	select {
	case <-term.Ended():
		t.Fatalf("a quiet session with keepalives was dropped; the screen shows:\n%s", term.Screen())
	case <-time.After(6 * idle): // several idle periods without a keystroke
	}
	term.Type("?") // and it still answers
	term.WaitFor("closes help", waitLimit)
}

func TestAQuietSessionIsDroppedAtTheIdleTimeoutWithoutKeepalives(t *testing.T) {
	ts := startServer(t, func(cfg *Config) { cfg.IdleTimeout, cfg.KeepAlive = 500*time.Millisecond, -1 })
	term := ts.openTerminal(t, "alice", newKey(t), 80, 24)
	term.WaitFor("No incidents", waitLimit)

	term.WaitForEnd(waitLimit)
	servertest.WaitFor(t, "the server to forget the session", func() bool { return ts.sessionCount() == 0 })
}

// A multiplexing OpenSSH client closes a session and keeps the connection:
// the server notices through the keepalive on the session's channel.
func TestAClientThatClosesItsSessionEndsTheFollow(t *testing.T) {
	ts := startServer(t, func(cfg *Config) { cfg.KeepAlive = 50 * time.Millisecond })
	id := declare(t, ts.store, model.Actor{Name: "alice", Level: model.LevelResponder}, "checkout is slow")
	client := ts.mustDial(t, "alice", newKey(t))
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	stdout := &servertest.Buffer{}
	sess.Stdout = stdout
	if err := sess.Start("timeline " + id + " --follow"); err != nil {
		t.Fatal(err)
	}
	servertest.WaitFor(t, "the timeline so far", func() bool { return stdout.Contains("checkout is slow") })

	_ = sess.Close()
	servertest.WaitFor(t, "the server to end the follow", func() bool { return ts.sessionCount() == 0 })
	if !ts.logs.Contains(clientClosedSession) {
		t.Errorf("the log does not say why the session ended:\n%s", ts.logs.String())
	}
}

// A client that is connected but no longer answers (a laptop lid closed
// mid-follow) is let go after a few unanswered keepalives.
func TestAClientThatStopsAnsweringIsLetGo(t *testing.T) {
	ts := startServer(t, func(cfg *Config) { cfg.KeepAlive = 50 * time.Millisecond })
	id := declare(t, ts.store, model.Actor{Name: "alice", Level: model.LevelResponder}, "checkout is slow")
	client := ts.mustDial(t, "alice", newKey(t))
	// A bare channel whose requests (the keepalives) nobody answers.
	ch, _, err := client.OpenChannel("session", nil)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := ch.SendRequest("exec", true, gossh.Marshal(struct{ Command string }{"timeline " + id + " --follow"})); !ok || err != nil {
		t.Fatalf("exec: %v %v", ok, err)
	}
	servertest.WaitFor(t, "the session to start", func() bool { return ts.sessionCount() == 1 })

	servertest.WaitFor(t, "the server to let the silent client go", func() bool { return ts.sessionCount() == 0 })
	if !ts.logs.Contains(clientSilent) {
		t.Errorf("the log does not say why the session ended:\n%s", ts.logs.String())
	}
	closed := make(chan error, 1)
	go func() { closed <- client.Wait() }()
	select {
	case <-closed:
	case <-time.After(waitLimit):
		t.Fatal("the server kept the silent client's connection open")
	}
}
