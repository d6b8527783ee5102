package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests drive the real binary through the OpenSSH client inside tmux,
// as a person would. They need ssh, ssh-keygen and tmux; without them they
// skip, except under WARROOM_E2E=1 (CI), where a missing tool is a failure.

func requireTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"ssh", "ssh-keygen", "tmux"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("WARROOM_E2E") == "1" {
				t.Fatalf("WARROOM_E2E=1 but %s is not installed", tool)
			}
			t.Skipf("end-to-end test needs %s, which is not installed", tool)
		}
	}
}

// buildBinary compiles cmd/warroom once per test into a temp dir.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "warroom")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

type e2e struct {
	t    *testing.T
	bin  string
	dir  string
	data string
	addr string
	srv  *exec.Cmd
	logs *bytes.Buffer
	tmux string // socket path of a private tmux server
}

func newE2E(t *testing.T) *e2e {
	requireTools(t)
	dir := t.TempDir()
	e := &e2e{t: t, bin: buildBinary(t), dir: dir, data: filepath.Join(dir, "data"), tmux: filepath.Join(dir, "tmux.sock")}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.addr = ln.Addr().String()
	ln.Close()
	t.Cleanup(func() {
		exec.Command("tmux", "-S", e.tmux, "kill-server").Run()
		e.stop(syscall.SIGKILL)
	})
	return e
}

func (e *e2e) run(args ...string) string {
	e.t.Helper()
	out, err := exec.Command(e.bin, args...).CombinedOutput()
	if err != nil {
		e.t.Fatalf("warroom %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// keygen makes an ed25519 key pair named name and returns the private key path.
func (e *e2e) keygen(name string) string {
	e.t.Helper()
	key := filepath.Join(e.dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name+"@e2e", "-f", key).CombinedOutput(); err != nil {
		e.t.Fatalf("ssh-keygen: %v\n%s", err, out)
	}
	return key
}

// start runs the server and waits until it accepts connections.
func (e *e2e) start() {
	e.t.Helper()
	e.logs = &bytes.Buffer{}
	e.srv = exec.Command(e.bin, "serve", "--ssh", e.addr, "--data", e.data)
	e.srv.Stdout, e.srv.Stderr = e.logs, e.logs
	if err := e.srv.Start(); err != nil {
		e.t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", e.addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("server did not listen on %s: %v\n%s", e.addr, err, e.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop signals the server and waits for it to exit.
func (e *e2e) stop(sig syscall.Signal) {
	if e.srv == nil || e.srv.Process == nil {
		return
	}
	e.srv.Process.Signal(sig)
	done := make(chan struct{})
	go func() { e.srv.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		e.srv.Process.Kill()
		<-done
		e.t.Errorf("server ignored %v for 10s", sig)
	}
	e.srv = nil
}

func (e *e2e) sshArgs(key, user string, remote ...string) []string {
	host, port, _ := net.SplitHostPort(e.addr)
	args := []string{"-p", port, "-i", key, "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", user + "@" + host}
	return append(args, remote...)
}

// sshCommand runs one SSH command without a terminal and returns stdout.
func (e *e2e) sshCommand(key, user string, remote ...string) string {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "ssh", e.sshArgs(key, user, remote...)...).Output()
	if err != nil {
		e.t.Fatalf("ssh %s: %v\n%s", strings.Join(remote, " "), err, out)
	}
	return string(out)
}

// openPane starts an interactive ssh session in its own tmux session, at
// 100x30, and returns the tmux target.
func (e *e2e) openPane(name, key, user string) string {
	e.t.Helper()
	cmd := "ssh -t " + strings.Join(e.sshArgs(key, user), " ")
	// remain-on-exit keeps the pane readable after ssh exits, so the
	// goodbye line can be checked.
	args := []string{"-S", e.tmux, "new-session", "-d", "-s", name, "-x", "100", "-y", "30", cmd,
		";", "set-option", "-t", name, "remain-on-exit", "on"}
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		e.t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	return name
}

// screen returns the pane's text with some scrollback, where lines printed
// after the TUI left its alternate screen may have scrolled.
func (e *e2e) screen(target string) string {
	out, err := exec.Command("tmux", "-S", e.tmux, "capture-pane", "-p", "-S", "-50", "-t", target).Output()
	if err != nil {
		return fmt.Sprintf("(capture-pane failed: %v)", err)
	}
	return string(out)
}

// waitFor polls the pane until it shows want.
func (e *e2e) waitFor(target, want string) {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := e.screen(target)
		if strings.Contains(s, want) {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("pane %s never showed %q; it shows:\n%s\nserver log:\n%s", target, want, s, e.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// keys sends tmux key names (Enter, Escape, C-c) or literal text with -l.
func (e *e2e) keys(target string, keys ...string) {
	e.t.Helper()
	args := append([]string{"-S", e.tmux, "send-keys", "-t", target}, keys...)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		e.t.Fatalf("tmux send-keys: %v\n%s", err, out)
	}
}

// post types text and presses enter: a note in a room, a title in a form.
func (e *e2e) post(target, text string) {
	e.t.Helper()
	e.keys(target, "-l", text)
	e.keys(target, "Enter")
}

// joinFirst waits for the incident list, joins the first incident and
// waits until the room shows want.
func (e *e2e) joinFirst(target, want string) {
	e.t.Helper()
	e.waitFor(target, "INC-1")
	e.keys(target, "Enter")
	e.waitFor(target, want)
}

// TestWarRoomEndToEnd is the product's promise in one go: two people ssh
// in, one declares and types notes, the other sees them at once; an
// observer watches and cannot post; kill -9 and restart lose nothing that
// was acknowledged; SIGTERM says goodbye.
func TestWarRoomEndToEnd(t *testing.T) {
	e := newE2E(t)
	alice, bob, olive := e.keygen("alice"), e.keygen("bob"), e.keygen("olive")
	e.run("user", "add", "alice", "--key", alice+".pub", "--level", "admin", "--data", e.data)
	e.run("user", "add", "bob", "--key", bob+".pub", "--data", e.data)
	e.run("user", "add", "olive", "--key", olive+".pub", "--level", "observer", "--data", e.data)
	if list := e.run("user", "list", "--data", e.data); !strings.Contains(list, "olive") || !strings.Contains(list, "observer") {
		t.Fatalf("user list does not show olive as an observer:\n%s", list)
	}
	e.start()

	a := e.openPane("alice", alice, "alice")
	e.waitFor(a, "Press d to declare")
	e.keys(a, "d")
	e.waitFor(a, "Title")
	e.post(a, "payments API returns 500s")
	e.waitFor(a, "declared SEV3: payments API returns 500s")

	b := e.openPane("bob", bob, "bob")
	e.joinFirst(b, "declared SEV3: payments API returns 500s")
	e.waitFor(a, "bob")

	e.post(a, "rolled back deploy 8121")
	e.waitFor(b, "rolled back deploy 8121")

	o := e.openPane("olive", olive, "olive")
	e.joinFirst(o, "rolled back deploy 8121")
	e.waitFor(o, "observer")
	e.post(o, "observers cannot post this")
	e.post(b, "bob was here")
	e.waitFor(o, "bob was here")
	if strings.Contains(e.screen(o), "observers cannot post this") || strings.Contains(e.screen(a), "observers cannot post this") {
		t.Fatalf("an observer's keystrokes reached the room:\n%s", e.screen(a))
	}

	// Everything acknowledged survives kill -9.
	e.stop(syscall.SIGKILL)
	e.start()
	timeline := e.sshCommand(alice, "alice", "timeline", "INC-1")
	for _, want := range []string{"payments API returns 500s", "rolled back deploy 8121", "bob was here"} {
		if !strings.Contains(timeline, want) {
			t.Errorf("after kill -9 and restart, the timeline lacks %q:\n%s", want, timeline)
		}
	}
	if strings.Contains(timeline, "observers cannot post this") {
		t.Errorf("the observer's text is on the timeline:\n%s", timeline)
	}

	// SIGTERM: connected people are told, and the server exits.
	a2 := e.openPane("alice2", alice, "alice")
	e.waitFor(a2, "INC-1")
	e.stop(syscall.SIGTERM)
	e.waitFor(a2, "goodbye")
}
