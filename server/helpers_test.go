package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
	"github.com/warroom/warroom/server/servertest"
	"github.com/warroom/warroom/server/users"
)

// waitLimit bounds every wait on the network in these tests.
const waitLimit = servertest.WaitLimit

// testServer is a running server on 127.0.0.1:0 with a real hub over a
// real bolt journal in a temporary data directory.
type testServer struct {
	*Server
	addr    string
	dataDir string
	store   *hub.Hub
	logs    *servertest.Buffer
	served  chan error
}

// startServer starts a server. configure may add users to the data
// directory (before the server loads them) and change the Config.
func startServer(t *testing.T, configure func(cfg *Config)) *testServer {
	t.Helper()
	dataDir := t.TempDir()
	// The journal lives in the data directory, as cmd puts it. The store
	// closes at cleanup after the server has shut down (cleanups run last
	// registered first).
	store := storetest.OpenAt(t, filepath.Join(dataDir, "journal.db"), hub.Options{Logger: slog.New(slog.DiscardHandler)})
	logs := &servertest.Buffer{}
	cfg := Config{
		Addr:    "127.0.0.1:0",
		DataDir: dataDir,
		Store:   store,
		Logger:  slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := New(t.Context(), cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	ts := &testServer{Server: srv, addr: ln.Addr().String(), dataDir: dataDir, store: store, logs: logs, served: make(chan error, 1)}
	go func() { ts.served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		select {
		case err := <-ts.served:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-ctx.Done():
			t.Errorf("Serve did not return after Shutdown")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	return ts
}

// addUser writes a user into the data directory's users file.
func addUser(t *testing.T, dataDir, name string, level model.Level, key gossh.Signer) {
	t.Helper()
	if err := users.Add(filepath.Join(dataDir, UsersFile), name, level, gossh.MarshalAuthorizedKey(key.PublicKey())); err != nil {
		t.Fatalf("add user %s: %v", name, err)
	}
}

func newKey(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// dial connects and authenticates as user with key, the handshake bounded
// by waitLimit.
func (ts *testServer) dial(user string, key gossh.Signer) (*gossh.Client, error) {
	return servertest.Dial(ts.addr, user, key, waitLimit)
}

func (ts *testServer) mustDial(t *testing.T, user string, key gossh.Signer) *gossh.Client {
	t.Helper()
	client, err := ts.dial(user, key)
	if err != nil {
		t.Fatalf("dial as %s: %v", user, err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}

// result is what a command session gave back.
// run runs one command in a session without a PTY, as a script would.
func (ts *testServer) run(t *testing.T, user string, key gossh.Signer, cmdline string) servertest.Ran {
	t.Helper()
	client := ts.mustDial(t, user, key)
	defer client.Close()
	res, err := servertest.Run(client, cmdline, waitLimit)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// sessionCount is how many sessions the server has admitted and not yet
// ended.
func (s *Server) sessionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

func declare(t *testing.T, store model.Store, by model.Actor, title string) string {
	t.Helper()
	e, err := store.Dispatch(context.Background(), by, model.Declare{Title: title})
	if err != nil {
		t.Fatalf("declare %q: %v", title, err)
	}
	return e.Incident
}

// storeNotUsed satisfies Config.Store in tests that never reach a session.
type storeNotUsed struct{ model.Store }

var errStopHandshake = errors.New("stop the handshake: the test has what it needs")

func mustDialTCP(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, waitLimit)
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.SetDeadline(time.Now().Add(waitLimit))
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// running is a command session that has started and not necessarily ended,
// such as `timeline INC-1 --follow`. Like OpenSSH, its client closes the
// connection when the session ends.
type running struct {
	client         *gossh.Client
	sess           *gossh.Session
	stdout, stderr *servertest.Buffer
	ended          chan error
}

func (ts *testServer) start(t *testing.T, user string, key gossh.Signer, cmdline string) *running {
	t.Helper()
	client := ts.mustDial(t, user, key)
	sess, err := client.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	r := &running{client: client, sess: sess, stdout: &servertest.Buffer{}, stderr: &servertest.Buffer{}, ended: make(chan error, 1)}
	sess.Stdout, sess.Stderr = r.stdout, r.stderr
	if err := sess.Start(cmdline); err != nil {
		t.Fatalf("start %q: %v", cmdline, err)
	}
	go func() {
		r.ended <- sess.Wait()
		_ = client.Close()
	}()
	return r
}

func (ts *testServer) startFollow(t *testing.T, user string, key gossh.Signer, incident string) *running {
	return ts.start(t, user, key, "timeline "+incident+" --follow")
}

func (r *running) waitForOutput(t *testing.T, text string) {
	t.Helper()
	servertest.WaitFor(t, fmt.Sprintf("%q on stdout", text), func() bool { return r.stdout.Contains(text) })
}

// waitForEnd waits for the session to end and returns its exit error.
func (r *running) waitForEnd(t *testing.T) error {
	t.Helper()
	select {
	case err := <-r.ended:
		return err
	case <-time.After(waitLimit):
		t.Fatalf("the session did not end within %s; stdout so far:\n%s", waitLimit, r.stdout.String())
		return nil
	}
}
