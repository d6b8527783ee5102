package main

import (
	"bufio"
	"crypto/ed25519"
	"encoding/json"
	"net"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server"
	"github.com/warroom/warroom/server/users"

	"github.com/warroom/warroom/server/servertest"
)

// The fault tests run the real binary, as the e2e tests do, and abuse it:
// kill -9 under load, a journal that cannot grow. They drive it with SSH
// clients in this process rather than OpenSSH and tmux, so they need
// nothing but the Go toolchain and run wherever the package's tests do.

// faultWait bounds every wait of the fault tests on the server.
const faultWait = 20 * time.Second

// faultRig is the real warroom binary serving a data directory, with a
// key for each of its users.
type faultRig struct {
	*e2e
	keys map[string]gossh.Signer
	// openKey logs in under any name when the rig has no users: the
	// server is in open mode.
	openKey gossh.Signer
}

// newFaultRig builds the binary and adds names as responders to a fresh
// data directory, or none for open mode; the server is not started.
func newFaultRig(t *testing.T, names ...string) *faultRig {
	t.Helper()
	dir := t.TempDir()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r := &faultRig{
		e2e:     &e2e{t: t, bin: buildBinary(t), dir: dir, data: filepath.Join(dir, "data"), addr: addr},
		keys:    map[string]gossh.Signer{},
		openKey: newSigner(t),
	}
	t.Cleanup(func() { r.stop(syscall.SIGKILL) })
	for _, name := range names {
		r.keys[name] = newSigner(t)
		if err := users.Add(filepath.Join(r.data, server.UsersFile), name, model.LevelResponder, gossh.MarshalAuthorizedKey(r.keys[name].PublicKey())); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func newSigner(t *testing.T) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// dial connects and authenticates as user, the handshake bounded by
// faultWait.
func (r *faultRig) dial(user string) (*gossh.Client, error) {
	key, ok := r.keys[user]
	if !ok {
		key = r.openKey
	}
	return servertest.Dial(r.addr, user, key, faultWait)
}

func (r *faultRig) mustDial(user string) *gossh.Client {
	r.t.Helper()
	client, err := r.dial(user)
	if err != nil {
		r.t.Fatalf("dial as %s: %v", user, err)
	}
	r.t.Cleanup(func() { _ = client.Close() })
	return client
}

// command runs line as user on a connection of its own.
func (r *faultRig) command(user, line string) servertest.Ran {
	r.t.Helper()
	client := r.mustDial(user)
	defer client.Close()
	res, err := servertest.Run(client, line, faultWait)
	if err != nil {
		r.t.Fatalf("ssh %s: %v\nserver log:\n%s", line, err, r.logs)
	}
	return res
}

// succeed runs line as user and fails the test unless it succeeds.
func (r *faultRig) succeed(user, line string) string {
	r.t.Helper()
	res := r.command(user, line)
	if res.Code != 0 {
		r.t.Fatalf("ssh %s: exit %d\n%s", line, res.Code, res.Stderr)
	}
	return res.Stdout
}

// timelineEntry is the part of a `timeline --json` line the fault tests
// look at.
type timelineEntry struct {
	Seq  uint64 `json:"seq"`
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// timeline reads an incident's timeline over SSH.
func (r *faultRig) timeline(user, incident string) []timelineEntry {
	r.t.Helper()
	out := r.succeed(user, "timeline "+incident+" --json")
	var entries []timelineEntry
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var e timelineEntry
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			r.t.Fatalf("timeline line %q: %v", sc.Text(), err)
		}
		entries = append(entries, e)
	}
	return entries
}

// onTimeline reports whether an entry of timeline has text.
func onTimeline(timeline []timelineEntry, text string) bool {
	return slices.ContainsFunc(timeline, func(e timelineEntry) bool { return e.Text == text })
}

var intactLine = regexp.MustCompile(`^intact: (\d+) events, head sha256:[0-9a-f]{64}\n$`)

// verifyIntact runs `warroom verify` on the stopped server's data
// directory and fails the test unless the hash chain is intact.
func (r *faultRig) verifyIntact() {
	r.t.Helper()
	out, err := exec.Command(r.bin, "verify", "--data", r.data).CombinedOutput()
	if err != nil || !intactLine.Match(out) {
		r.t.Fatalf("warroom verify: %v\n%s", err, out)
	}
}
