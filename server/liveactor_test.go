package server

import (
	"os"
	"path/filepath"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
	"github.com/warroom/warroom/server/users"
)

// refusedNote types a note into term and checks that the TUI shows why it
// was refused and the store did not change.
func (ts *testServer) refusedNote(t *testing.T, term *servertest.Terminal, why string) {
	t.Helper()
	before := ts.store.Snapshot().Seq
	term.Type("still posting after the change\r")
	term.WaitFor(why, waitLimit)
	if after := ts.store.Snapshot().Seq; after != before {
		t.Fatalf("the store moved from event %d to %d on a refused note", before, after)
	}
}

func TestADemotedResponderCannotWriteFromAnOpenSession(t *testing.T) {
	alice := newKey(t)
	ts := startServer(t, func(cfg *Config) { addUser(t, cfg.DataDir, "alice", model.LevelResponder, alice) })
	id := declare(t, ts.store, model.Actor{Name: "bob", Level: model.LevelResponder}, "payments are failing")
	term := ts.roomOf(t, "alice", alice, "payments are failing")
	term.Type("looking into it\r")
	term.WaitFor("looking into it", waitLimit)

	addUser(t, ts.dataDir, "alice", model.LevelObserver, alice)
	servertest.WaitFor(t, "the users file to be reloaded", func() bool {
		actor, _ := ts.users.Lookup(alice.PublicKey())
		return actor.Level == model.LevelObserver
	})
	ts.refusedNote(t, term, "alice is an observer and cannot change anything")

	got := ts.run(t, "alice", alice, "note "+id+" 'from a script'")
	if got.Code != 1 || got.Stderr != "warroom: alice is an observer and cannot change anything\n" {
		t.Fatalf("demoted note command: exit %d, stderr %q; want 1 and the observer refusal", got.Code, got.Stderr)
	}
	if inc, _ := ts.store.Snapshot().Incident(id); len(inc.Timeline) != 2 {
		t.Errorf("INC-1 has %d entries; want the declaration and the note from before the change", len(inc.Timeline))
	}
}

func TestARemovedUserCannotWriteFromAnOpenSession(t *testing.T) {
	alice, bob := newKey(t), newKey(t)
	ts := startServer(t, func(cfg *Config) {
		addUser(t, cfg.DataDir, "alice", model.LevelResponder, alice)
		addUser(t, cfg.DataDir, "bob", model.LevelResponder, bob)
	})
	declare(t, ts.store, model.Actor{Name: "bob", Level: model.LevelResponder}, "queue is backing up")
	term := ts.roomOf(t, "alice", alice, "queue is backing up")

	// A users file with bob alone replaces the file, as an editor would.
	next := filepath.Join(ts.dataDir, UsersFile+".next")
	if err := users.Add(next, "bob", model.LevelResponder, gossh.MarshalAuthorizedKey(bob.PublicKey())); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(next, filepath.Join(ts.dataDir, UsersFile)); err != nil {
		t.Fatal(err)
	}
	servertest.WaitFor(t, "the users file to be reloaded", func() bool {
		_, ok := ts.users.Lookup(alice.PublicKey())
		return !ok
	})
	ts.refusedNote(t, term, "your key is no longer in the users file")

	// Nor does the removed user go on showing up in rooms.
	term.Type("\x1b") // esc: back to the list, which reports presence
	servertest.WaitFor(t, "alice to vanish from the presence list", func() bool {
		for _, p := range ts.store.Snapshot().Presence() {
			if p.User == "alice" {
				return false
			}
		}
		return true
	})
}
