package users

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
)

func watch(t *testing.T, path string) (*Directory, *logRecorder) {
	t.Helper()
	logs := &logRecorder{}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	d, err := Watch(ctx, path, slog.New(logs))
	if err != nil {
		t.Fatal(err)
	}
	return d, logs
}

func TestWatchLooksUpUsersByKey(t *testing.T) {
	alice, bob, stranger := newKey(t), newKey(t), newKey(t)
	path := usersPath(t)
	writeFile(t, path, "alice admin "+authorized(alice, "")+"\nbob observer "+authorized(bob, "")+"\n")
	d, _ := watch(t, path)

	if a, ok := d.Lookup(bob); !ok || a != (model.Actor{Name: "bob", Level: model.LevelObserver}) {
		t.Errorf("Lookup(bob's key) = %+v, %v", a, ok)
	}
	if _, ok := d.Lookup(stranger); ok {
		t.Error("Lookup admitted a key that is not in the file")
	}
	if d.Empty() {
		t.Error("Empty() with two users configured")
	}
}

// Commands may name the users in the file, and learn who among them is
// an observer (who cannot be given a role, paged or own an action).
func TestLevelOfTellsWhoMayBeGivenWork(t *testing.T) {
	alice, bob := newKey(t), newKey(t)
	path := usersPath(t)
	writeFile(t, path, "alice admin "+authorized(alice, "")+"\nbob observer "+authorized(bob, "")+"\n")
	d, _ := watch(t, path)
	for _, c := range []struct {
		name  string
		level model.Level
		ok    bool
	}{
		{"alice", model.LevelAdmin, true},
		{"bob", model.LevelObserver, true},
		{"carol", 0, false},
	} {
		if level, ok := d.LevelOf(c.name); level != c.level || ok != c.ok {
			t.Errorf("LevelOf(%q) = %s, %t; want %s, %t", c.name, level, ok, c.level, c.ok)
		}
	}
	if got := d.Names(); !slices.Equal(got, []string{"alice", "bob"}) {
		t.Errorf("Names() = %v", got)
	}
}

// In open mode anyone may connect under any valid name, as a responder.
func TestLevelOfInOpenMode(t *testing.T) {
	d, _ := watch(t, usersPath(t))
	if level, ok := d.LevelOf("zed"); level != model.LevelResponder || !ok {
		t.Errorf("LevelOf(zed) = %s, %t; want responder", level, ok)
	}
	if _, ok := d.LevelOf("Zed"); ok {
		t.Error("LevelOf accepted a name nobody can connect under")
	}
}

func TestWatchRefusesInvalidFileAtStart(t *testing.T) {
	path := usersPath(t)
	writeFile(t, path, "alice admin nonsense\n")
	if _, err := Watch(context.Background(), path, nil); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("Watch = %v, want the broken line reported", err)
	}
}

func TestWatchPicksUpAddWithoutRestart(t *testing.T) {
	alice := newKey(t)
	path := usersPath(t)
	d, _ := watch(t, path)
	if !d.Empty() {
		t.Fatal("a missing users file should mean open mode")
	}

	if err := Add(path, "alice", model.LevelResponder, []byte(authorized(alice, ""))); err != nil {
		t.Fatal(err)
	}
	servertest.WaitFor(t, "alice to be admitted", func() bool { _, ok := d.Lookup(alice); return ok })
	if d.Empty() {
		t.Error("Empty() after a user was added")
	}
}

func TestWatchPicksUpHandEdit(t *testing.T) {
	alice, bob := newKey(t), newKey(t)
	path := usersPath(t)
	writeFile(t, path, "alice admin "+authorized(alice, "")+"\n")
	d, _ := watch(t, path)

	replaceFile(t, path, "alice observer "+authorized(alice, "")+"\nbob responder "+authorized(bob, "")+"\n")
	servertest.WaitFor(t, "bob to be admitted", func() bool { _, ok := d.Lookup(bob); return ok })
	if a, _ := d.Lookup(alice); a.Level != model.LevelObserver {
		t.Errorf("alice's level after the edit = %s, want observer", a.Level)
	}
}

func TestWatchKeepsPreviousUsersWhenEditBreaksFile(t *testing.T) {
	alice, bob := newKey(t), newKey(t)
	path := usersPath(t)
	writeFile(t, path, "alice admin "+authorized(alice, "")+"\n")
	d, logs := watch(t, path)

	replaceFile(t, path, "alice admin "+authorized(alice, "")+"\nbob responder "+authorized(bob, "")[:30]+"\n")
	servertest.WaitFor(t, "the broken file to be reported", func() bool { return logs.count("users file not reloaded") > 0 })
	if _, ok := d.Lookup(alice); !ok {
		t.Error("alice was dropped by a broken edit")
	}
	if _, ok := d.Lookup(bob); ok {
		t.Error("bob was admitted from a broken line")
	}

	replaceFile(t, path, "bob responder "+authorized(bob, "")+"\n")
	servertest.WaitFor(t, "the fixed file to be loaded", func() bool { _, ok := d.Lookup(bob); return ok })
	if _, ok := d.Lookup(alice); ok {
		t.Error("alice is still admitted after her line was removed")
	}
}

func TestWatchDoesNotFallOpenWhenEveryUserIsRemoved(t *testing.T) {
	alice := newKey(t)
	path := usersPath(t)
	writeFile(t, path, "alice admin "+authorized(alice, "")+"\n")
	d, logs := watch(t, path)

	replaceFile(t, path, "# everyone left\n")
	servertest.WaitFor(t, "the empty file to be reported", func() bool { return logs.count("users file has no users any more") > 0 })
	if d.Empty() {
		t.Error("removing every user switched the running server to open mode")
	}
	if _, ok := d.Lookup(alice); !ok {
		t.Error("alice was dropped")
	}
}

// BenchmarkLookup measures the check made on every SSH login, with a
// thousand users in the file.
func BenchmarkLookup(b *testing.B) {
	var file strings.Builder
	var last gossh.PublicKey
	for i := range 1000 {
		last = newKey(b)
		fmt.Fprintf(&file, "user%d responder %s\n", i, authorized(last, ""))
	}
	path := filepath.Join(b.TempDir(), "users")
	if err := os.WriteFile(path, []byte(file.String()), 0o600); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	d, err := Watch(ctx, path, nil)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, ok := d.Lookup(last); !ok {
			b.Fatal("user not found")
		}
	}
}
