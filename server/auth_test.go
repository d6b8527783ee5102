package server

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
)

func TestUnknownKeyIsRefusedWhenUsersExist(t *testing.T) {
	alice := newKey(t)
	ts := startServer(t, func(cfg *Config) { addUser(t, cfg.DataDir, "alice", model.LevelResponder, alice) })
	stranger := newKey(t)

	if client, err := ts.dial("alice", stranger); err == nil {
		client.Close()
		t.Fatal("a key that is not in the users file was admitted")
	}
	fingerprint := gossh.FingerprintSHA256(stranger.PublicKey())
	servertest.WaitFor(t, "the refusal in the log", func() bool { return ts.logs.Contains(fingerprint) })

	if got := ts.run(t, "anything", alice, "incidents"); got.Code != 0 {
		t.Fatalf("alice's own key: exit %d, stderr %q", got.Code, got.Stderr)
	}
}

func TestOpenModeAdmitsAnyKeyAsAResponderNamedByTheSSHUser(t *testing.T) {
	ts := startServer(t, nil)

	got := ts.run(t, "Dave.Ops!", newKey(t), "declare 'disk full on db-1'")
	if got.Code != 0 {
		t.Fatalf("declare in open mode: exit %d, stderr %q", got.Code, got.Stderr)
	}
	inc, ok := ts.store.Snapshot().Incident("INC-1")
	if !ok {
		t.Fatal("no INC-1 after declaring")
	}
	if inc.DeclaredBy != "dave.ops" {
		t.Errorf("declared by %q, want the SSH user name cleaned to %q", inc.DeclaredBy, "dave.ops")
	}
}

func TestOpenModeRefusesAUserNameWithNothingUsable(t *testing.T) {
	ts := startServer(t, nil)

	got := ts.run(t, "!!!", newKey(t), "incidents")
	if got.Code != 1 || !strings.Contains(got.Stderr, "connect as NAME@host") {
		t.Fatalf("exit %d, stderr %q; want 1 and advice to pick a user name", got.Code, got.Stderr)
	}
}

func TestOpenModeNamesAreCleaned(t *testing.T) {
	cases := []struct{ sshUser, want string }{
		{"alice", "alice"},
		{"Alice", "alice"},
		{"-_.bob", "bob"},
		{"carol\x1b[31m", "carol31m"},
		{"ünïcode-ok", "ncode-ok"},
		{strings.Repeat("x", 100), strings.Repeat("x", 32)},
	}
	for _, c := range cases {
		got, err := openModeName(c.sshUser)
		if err != nil || got != c.want {
			t.Errorf("openModeName(%q) = %q, %v; want %q", c.sshUser, got, err, c.want)
		}
	}
}

func TestNewRefusesOpenModeOnAPublicAddress(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:2222", ":2222", "192.0.2.7:22", "warroom.example:22"} {
		_, err := New(t.Context(), Config{Addr: addr, DataDir: t.TempDir(), Store: storeNotUsed{}})
		if err == nil || !strings.Contains(err.Error(), "--allow-open") {
			t.Errorf("New on %s with no users: %v; want an error that mentions --allow-open", addr, err)
		}
	}
	for _, cfg := range []Config{
		{Addr: "0.0.0.0:2222", AllowOpen: true},
		{Addr: "127.0.0.1:2222"},
		{Addr: "[::1]:2222"},
		{Addr: "localhost:2222"},
	} {
		cfg.DataDir, cfg.Store = t.TempDir(), storeNotUsed{}
		if _, err := New(t.Context(), cfg); err != nil {
			t.Errorf("New on %s (allow open %v): %v", cfg.Addr, cfg.AllowOpen, err)
		}
	}
}

func TestNewAcceptsUsersOnAPublicAddress(t *testing.T) {
	dataDir := t.TempDir()
	addUser(t, dataDir, "alice", model.LevelAdmin, newKey(t))
	if _, err := New(t.Context(), Config{Addr: "0.0.0.0:2222", DataDir: dataDir, Store: storeNotUsed{}}); err != nil {
		t.Fatalf("New with users on a public address: %v", err)
	}
}

func TestAUserAddedWhileRunningIsAdmittedWithoutRestart(t *testing.T) {
	alice, bob := newKey(t), newKey(t)
	ts := startServer(t, func(cfg *Config) { addUser(t, cfg.DataDir, "alice", model.LevelResponder, alice) })
	if client, err := ts.dial("bob", bob); err == nil {
		client.Close()
		t.Fatal("bob was admitted before being added")
	}

	addUser(t, ts.dataDir, "bob", model.LevelResponder, bob)
	servertest.WaitFor(t, "bob's key to be admitted", func() bool {
		client, err := ts.dial("bob", bob)
		if err == nil {
			client.Close()
		}
		return err == nil
	})

	if got := ts.run(t, "whoever", bob, "declare 'bob was here'"); got.Code != 0 {
		t.Fatalf("declare as bob: exit %d, stderr %q", got.Code, got.Stderr)
	}
	if inc, _ := ts.store.Snapshot().Incident("INC-1"); inc == nil || inc.DeclaredBy != "bob" {
		t.Fatalf("INC-1 = %+v; want it declared by bob, the name in the users file", inc)
	}
}

func TestTheHostKeyIsGeneratedOnceAndKept(t *testing.T) {
	dataDir := t.TempDir()
	hostKey := func() []byte {
		srv, err := New(t.Context(), Config{Addr: "127.0.0.1:0", DataDir: dataDir, Store: storeNotUsed{}, Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() { _ = srv.Serve(ln) }()
		defer func() { _ = srv.Shutdown(context.Background()) }()
		var seen []byte
		_, _, _, err = gossh.NewClientConn(mustDialTCP(t, ln.Addr().String()), "", &gossh.ClientConfig{
			User: "x",
			HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
				seen = key.Marshal()
				return errStopHandshake
			},
		})
		if seen == nil {
			t.Fatalf("no host key offered: %v", err)
		}
		return seen
	}
	first, second := hostKey(), hostKey()
	if !bytes.Equal(first, second) {
		t.Error("the host key changed between two starts on one data directory")
	}
	if _, err := gossh.ParsePrivateKey(mustRead(t, filepath.Join(dataDir, HostKeyFile))); err != nil {
		t.Errorf("host key file: %v", err)
	}
}
