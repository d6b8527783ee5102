package server

import (
	"slices"
	"testing"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
)

func TestANoteTypedInOneTerminalAppearsOnAnother(t *testing.T) {
	alice, bob := newKey(t), newKey(t)
	ts := startServer(t, func(cfg *Config) {
		addUser(t, cfg.DataDir, "alice", model.LevelResponder, alice)
		addUser(t, cfg.DataDir, "bob", model.LevelResponder, bob)
	})
	a := ts.openTerminal(t, "alice", alice, 80, 24)
	b := ts.openTerminal(t, "bob", bob, 100, 30)
	a.WaitFor("No incidents", waitLimit)
	b.WaitFor("No incidents", waitLimit)

	a.Type("d")
	a.WaitFor("Declare an incident", waitLimit)
	a.Type("login page returns 500\r")
	a.WaitFor("INC-1", waitLimit) // alice lands in the new room

	b.WaitFor("login page returns 500", waitLimit) // the list updates live
	b.Type("\r")                                   // and bob joins the selected incident
	b.WaitFor("alice", waitLimit)                  // where alice is present

	a.Type("rolled back the deploy\r")
	b.WaitFor("rolled back the deploy", waitLimit)

	inc, _ := ts.store.Snapshot().Incident("INC-1")
	if inc == nil || len(inc.Timeline) != 2 || inc.Timeline[1].Actor != "alice" {
		t.Fatalf("INC-1 = %+v; want the declaration and alice's note", inc)
	}
}

func TestAnObserversKeystrokesChangeNothing(t *testing.T) {
	olga := newKey(t)
	ts := startServer(t, func(cfg *Config) {
		addUser(t, cfg.DataDir, "olga", model.LevelObserver, olga)
	})
	id := declare(t, ts.store, model.Actor{Name: "alice", Level: model.LevelResponder}, "api latency is up")
	before := ts.store.Snapshot().Seq

	o := ts.openTerminal(t, "olga", olga, 80, 24)
	o.WaitFor("api latency is up", waitLimit)
	o.Type("d" + "a sneaky incident\r") // declare, from the list: observers have no such key
	o.WaitFor(id, waitLimit)            // enter joined the room instead
	o.Type("a sneaky note\r")
	o.Type("?") // help: once it shows, every key before it was handled
	o.WaitFor("closes help", waitLimit)

	if after := ts.store.Snapshot().Seq; after != before {
		t.Fatalf("the store moved from event %d to %d after an observer's keystrokes", before, after)
	}
	got := ts.run(t, "olga", olga, "note "+id+" 'a sneaky note'")
	if got.Code != 1 || got.Stderr != "warroom: olga is an observer and cannot change anything\n" {
		t.Fatalf("observer note: exit %d, stderr %q", got.Code, got.Stderr)
	}
}

func TestPresenceEndsWithTheTerminalSession(t *testing.T) {
	ts := startServer(t, nil)
	id := declare(t, ts.store, model.Actor{Name: "bob", Level: model.LevelResponder}, "cache hit rate dropped")
	term := ts.roomOf(t, "alice", newKey(t), "cache hit rate dropped")
	servertest.WaitFor(t, "alice to be present in "+id, func() bool {
		return slices.Contains(ts.store.Snapshot().PeopleIn(id), "alice")
	})

	term.Close()
	servertest.WaitFor(t, "alice's presence to end with her session", func() bool {
		return len(ts.store.Snapshot().Presence()) == 0
	})
}

// The renderer sizes its buffers from the window a client claims; the
// server bounds it, so no claim can exhaust its memory.
func TestOutlandishWindowSizesDoNotTakeTheServerDown(t *testing.T) {
	ts := startServer(t, nil)
	key := newKey(t)
	for i, claim := range []struct{ width, height int }{{65535, 65535}, {0, 0}, {1, 100000}} {
		term := ts.openTerminalClaiming(t, "alice", key, claim.width, claim.height, 80, 24)
		// Resize only once the session runs: charm.land/ssh records a
		// resize without a lock, which races with a session starting.
		servertest.WaitFor(t, "the session to start", func() bool { return ts.sessionCount() == i+1 })
		term.ClaimWindow(1<<30, 1<<30)
		term.Resize(100, 30)
		term.WaitFor("No incidents", waitLimit)
	}
}

// NO_COLOR reaches the room through the renderer: not one coloured cell,
// where the same room in colour has them.
func TestNoColorSessionsGetNoColour(t *testing.T) {
	ts := startServer(t, nil)
	const title = "colours are off"
	declare(t, ts.store, model.Actor{Name: "carol", Level: model.LevelResponder}, title)
	for _, tc := range []struct {
		env      []string
		coloured bool
	}{{nil, true}, {[]string{"NO_COLOR=1"}, false}} {
		term := servertest.OpenTerminal(t, ts.mustDial(t, "alice", newKey(t)), 100, 30, 100, 30, tc.env...)
		term.WaitFor(title, waitLimit)
		term.Type("\r")
		term.WaitFor("here: alice", waitLimit)
		if got := term.Coloured(); got != tc.coloured {
			t.Errorf("with env %q the room has colour: %v, want %v\n%s", tc.env, got, tc.coloured, term.Screen())
		}
	}
}
