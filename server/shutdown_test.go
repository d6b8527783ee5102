package server

import (
	"context"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
)

func TestShutdownSaysGoodbyeToEverySessionAndEndsThem(t *testing.T) {
	ts := startServer(t, nil)
	id := declare(t, ts.store, model.Actor{Name: "alice", Level: model.LevelResponder}, "payments are down")
	key := newKey(t)
	terms := []*servertest.Terminal{ts.openTerminal(t, "alice", key, 80, 24), ts.openTerminal(t, "bob", key, 120, 40)}
	for _, term := range terms {
		term.WaitFor("payments are down", waitLimit)
	}
	follow := ts.startFollow(t, "carol", key, id)
	follow.waitForOutput(t, "payments are down")

	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	start := time.Now()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	t.Logf("Shutdown took %s", time.Since(start))

	for _, term := range terms {
		term.WaitForEnd(waitLimit)
		term.WaitFor(goodbyeLine, waitLimit)
		if term.AltScreen() {
			t.Error("a terminal was left on the TUI's alternate screen")
		}
	}
	follow.waitForEnd(t)
	if !follow.stderr.Contains(goodbyeLine) {
		t.Errorf("the follow's stderr %q lacks the goodbye line", follow.stderr.String())
	}
	if _, err := ts.dial("dave", key); err == nil {
		t.Error("a new connection was accepted after Shutdown")
	}
}
