package server

import (
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// vterm is an interactive SSH session (with a PTY) whose output drives
// a terminal emulator, so tests read the screen a person would see.
type vterm struct {
	t      *testing.T
	client *gossh.Client
	sess   *gossh.Session

	inMu  sync.Mutex // keystrokes and the emulator's replies share stdin
	stdin io.Writer

	screenMu sync.Mutex // the emulator is not safe for concurrent use
	emu      *vt.Emulator

	ended chan struct{} // closed when the session has ended
}

// openTerminal connects as user and starts a shell session at width x
// height. Like OpenSSH, it closes the connection when the session ends.
func (ts *testServer) openTerminal(t *testing.T, user string, key gossh.Signer, width, height int) *vterm {
	t.Helper()
	return ts.openTerminalClaiming(t, user, key, width, height, width, height)
}

// openTerminalClaiming is openTerminal with a PTY request that claims
// another size than the emulated screen has, as a hostile client might.
func (ts *testServer) openTerminalClaiming(t *testing.T, user string, key gossh.Signer, claimedWidth, claimedHeight, width, height int) *vterm {
	t.Helper()
	client := ts.mustDial(t, user, key)
	sess, err := client.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	term := &vterm{t: t, client: client, sess: sess, emu: vt.NewEmulator(width, height), ended: make(chan struct{})}
	stdin, err := sess.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	term.stdin = stdin
	stdout, err := sess.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	sess.Stderr = screenWriter{term} // a terminal shows stderr too (the goodbye line is on it)
	if err := sess.RequestPty("xterm-256color", claimedHeight, claimedWidth, gossh.TerminalModes{}); err != nil {
		t.Fatalf("request pty: %v", err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatalf("shell: %v", err)
	}
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		_, _ = io.Copy(screenWriter{term}, stdout)
	}()
	// The emulator answers the program's terminal queries through a pipe
	// that blocks until read: send the answers back, or it deadlocks.
	go func() { _, _ = io.Copy(keyWriter{term}, term.emu) }()
	go func() {
		_ = sess.Wait()
		<-copied
		close(term.ended)
		_ = client.Close()
	}()
	t.Cleanup(func() {
		_ = client.Close()
		<-term.ended
		_ = term.emu.InputPipe().(io.Closer).Close() // ends the replies copier
	})
	return term
}

type screenWriter struct{ term *vterm }

func (w screenWriter) Write(p []byte) (int, error) {
	w.term.screenMu.Lock()
	defer w.term.screenMu.Unlock()
	return w.term.emu.Write(p)
}

type keyWriter struct{ term *vterm }

func (w keyWriter) Write(p []byte) (int, error) {
	w.term.inMu.Lock()
	defer w.term.inMu.Unlock()
	return w.term.stdin.Write(p)
}

// roomOf opens a TUI as user and joins the incident listed first, once
// its title shows: the window is wide enough for the list to show a title
// of 30 characters whole.
func (ts *testServer) roomOf(t *testing.T, user string, key gossh.Signer, title string) *vterm {
	t.Helper()
	term := ts.openTerminal(t, user, key, 100, 30)
	term.waitForScreen(title, waitLimit)
	term.typeKeys("\r")
	term.waitForScreen("here: "+user, waitLimit)
	return term
}

// screen returns the text on the emulated screen.
func (term *vterm) screen() string {
	term.screenMu.Lock()
	defer term.screenMu.Unlock()
	return term.emu.String()
}

// resize changes the window, as a person dragging the terminal's corner.
func (term *vterm) resize(width, height int) {
	term.t.Helper()
	term.screenMu.Lock()
	term.emu.Resize(width, height)
	term.screenMu.Unlock()
	if err := term.sess.WindowChange(height, width); err != nil {
		term.t.Fatalf("window change: %v", err)
	}
}

// claimWindow reports a window size without changing the emulated screen,
// as a hostile client might.
func (term *vterm) claimWindow(width, height int) {
	term.t.Helper()
	if err := term.sess.WindowChange(height, width); err != nil {
		term.t.Fatalf("window change: %v", err)
	}
}

// typeKeys sends keystrokes as a terminal would ("\r" is enter).
func (term *vterm) typeKeys(keys string) {
	term.t.Helper()
	if _, err := (keyWriter{term}).Write([]byte(keys)); err != nil {
		term.t.Fatalf("type %q: %v", keys, err)
	}
}

// waitForScreen polls the screen until it contains want.
func (term *vterm) waitForScreen(want string, timeout time.Duration) {
	term.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := term.screen()
		if strings.Contains(s, want) {
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("screen did not show %q within %s; it shows:\n%s", want, timeout, s)
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// waitForEnd waits until the session has ended.
func (term *vterm) waitForEnd(timeout time.Duration) {
	term.t.Helper()
	select {
	case <-term.ended:
	case <-time.After(timeout):
		term.t.Fatalf("session did not end within %s; the screen shows:\n%s", timeout, term.screen())
	}
}

// altScreen reports whether the program left the terminal on its
// alternate screen, as a program that did not restore it would.
func (term *vterm) altScreen() bool {
	term.screenMu.Lock()
	defer term.screenMu.Unlock()
	return term.emu.IsAltScreen()
}
