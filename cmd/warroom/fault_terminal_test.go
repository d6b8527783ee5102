package main

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// faultTerm is an interactive SSH session with a PTY whose output drives
// a terminal emulator, so a fault test reads the screen a person would
// see. (The server package's tests have a fuller one; this is the part a
// fault test needs.)
type faultTerm struct {
	t *testing.T

	inMu  sync.Mutex // keystrokes and the emulator's replies share stdin
	stdin io.Writer

	screenMu sync.Mutex // the emulator is not safe for concurrent use
	emu      *vt.Emulator
}

// openTerm connects as user and starts the war room at 100x30.
func (r *faultRig) openTerm(user string) *faultTerm {
	r.t.Helper()
	const width, height = 100, 30
	client := r.mustDial(user)
	sess, err := client.NewSession()
	if err != nil {
		r.t.Fatalf("new session: %v", err)
	}
	term := &faultTerm{t: r.t, emu: vt.NewEmulator(width, height)}
	if term.stdin, err = sess.StdinPipe(); err != nil {
		r.t.Fatal(err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := sess.RequestPty("xterm-256color", height, width, gossh.TerminalModes{}); err != nil {
		r.t.Fatalf("request pty: %v", err)
	}
	if err := sess.Shell(); err != nil {
		r.t.Fatalf("shell: %v", err)
	}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		_, _ = io.Copy(screenOf{term}, stdout)
	}()
	// The emulator answers the program's terminal queries through a pipe
	// that blocks until read: send the answers back, or it deadlocks.
	go func() { _, _ = io.Copy(keysOf{term}, term.emu) }()
	r.t.Cleanup(func() {
		_ = client.Close()
		<-copied
		_ = term.emu.InputPipe().(io.Closer).Close() // ends the replies copier
	})
	return term
}

type screenOf struct{ term *faultTerm }

func (w screenOf) Write(p []byte) (int, error) {
	w.term.screenMu.Lock()
	defer w.term.screenMu.Unlock()
	return w.term.emu.Write(p)
}

type keysOf struct{ term *faultTerm }

func (w keysOf) Write(p []byte) (int, error) {
	w.term.inMu.Lock()
	defer w.term.inMu.Unlock()
	return w.term.stdin.Write(p)
}

func (term *faultTerm) screen() string {
	term.screenMu.Lock()
	defer term.screenMu.Unlock()
	return term.emu.String()
}

// typeKeys sends keystrokes as a terminal would ("\r" is enter).
func (term *faultTerm) typeKeys(keys string) {
	term.t.Helper()
	if _, err := (keysOf{term}).Write([]byte(keys)); err != nil {
		term.t.Fatalf("type %q: %v", keys, err)
	}
}

// waitUntil polls the screen until ok holds for it.
func (term *faultTerm) waitUntil(what string, ok func(screen string) bool) {
	term.t.Helper()
	deadline := time.Now().Add(faultWait)
	for {
		s := term.screen()
		if ok(s) {
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("the screen never showed %s; it shows:\n%s", what, s)
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// waitFor polls the screen until it shows want.
func (term *faultTerm) waitFor(want string) {
	term.t.Helper()
	term.waitUntil("“"+want+"”", func(s string) bool { return strings.Contains(s, want) })
}
