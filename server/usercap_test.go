package server

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/server/servertest"
)

func TestAUsersSessionsPastTheirCapAreRefusedWithAMessage(t *testing.T) {
	alice := newKey(t)
	ts := startServer(t, func(cfg *Config) { cfg.MaxSessionsPerUser = 2 })
	first := ts.openTerminal(t, "alice", alice, 80, 24)
	first.WaitFor("No incidents", waitLimit)
	ts.openTerminal(t, "alice", alice, 80, 24).WaitFor("No incidents", waitLimit)

	got := ts.run(t, "alice", alice, "incidents")
	if got.Code != 1 || !strings.Contains(got.Stderr, "alice already has 2 sessions open, the most one user may have") {
		t.Fatalf("alice's third session: exit %d, stderr %q; want exit 1 and the cap", got.Code, got.Stderr)
	}
	if got := ts.run(t, "bob", newKey(t), "incidents"); got.Code != 0 {
		t.Fatalf("bob's session while alice is at her cap: exit %d, stderr %q", got.Code, got.Stderr)
	}

	first.Close()
	servertest.WaitFor(t, "alice's first session to end", func() bool { return ts.sessionCount() == 1 })
	if got := ts.run(t, "alice", alice, "incidents"); got.Code != 0 {
		t.Fatalf("alice's session after closing one: exit %d, stderr %q", got.Code, got.Stderr)
	}
}
