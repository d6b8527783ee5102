package servertest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// Dial connects to addr and authenticates as user with key, the handshake
// bounded by limit, as a test client of the real server.
func Dial(addr, user string, key gossh.Signer, limit time.Duration) (*gossh.Client, error) {
	conn, err := net.DialTimeout("tcp", addr, limit)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(limit))
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), // loopback only
	})
	if err != nil {
		_ = conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

// Terminal is an interactive SSH session (with a PTY) whose output drives
// a terminal emulator, so tests read the screen a person would see.
type Terminal struct {
	t      *testing.T
	client *gossh.Client
	sess   *gossh.Session

	inMu  sync.Mutex // keystrokes and the emulator's replies share stdin
	stdin io.Writer

	screenMu sync.Mutex // the emulator is not safe for concurrent use
	emu      *vt.Emulator

	ended chan struct{} // closed when the session has ended
}

// OpenTerminal starts a shell session on client with a PTY that claims
// claimedWidth x claimedHeight, on an emulated screen of width x height
// (the same, unless the test plays a hostile client), sending env
// ("NAME=value") first as OpenSSH's SetEnv does. Like OpenSSH, it closes
// the connection when the session ends.
func OpenTerminal(t *testing.T, client *gossh.Client, claimedWidth, claimedHeight, width, height int, env ...string) *Terminal {
	t.Helper()
	sess, err := client.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		if err := sess.Setenv(name, value); err != nil {
			t.Fatalf("setenv %s: %v", name, err)
		}
	}
	term := &Terminal{t: t, client: client, sess: sess, emu: vt.NewEmulator(width, height), ended: make(chan struct{})}
	if term.stdin, err = sess.StdinPipe(); err != nil {
		t.Fatal(err)
	}
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

type screenWriter struct{ term *Terminal }

func (w screenWriter) Write(p []byte) (int, error) {
	w.term.screenMu.Lock()
	defer w.term.screenMu.Unlock()
	return w.term.emu.Write(p)
}

type keyWriter struct{ term *Terminal }

func (w keyWriter) Write(p []byte) (int, error) {
	w.term.inMu.Lock()
	defer w.term.inMu.Unlock()
	return w.term.stdin.Write(p)
}

// Screen returns the text on the emulated screen.
func (term *Terminal) Screen() string {
	term.screenMu.Lock()
	defer term.screenMu.Unlock()
	return term.emu.String()
}

// Resize changes the window, as a person dragging the terminal's corner.
func (term *Terminal) Resize(width, height int) {
	term.t.Helper()
	term.screenMu.Lock()
	term.emu.Resize(width, height)
	term.screenMu.Unlock()
	if err := term.sess.WindowChange(height, width); err != nil {
		term.t.Fatalf("window change: %v", err)
	}
}

// ClaimWindow reports a window size without changing the emulated screen,
// as a hostile client might.
func (term *Terminal) ClaimWindow(width, height int) {
	term.t.Helper()
	if err := term.sess.WindowChange(height, width); err != nil {
		term.t.Fatalf("window change: %v", err)
	}
}

// Type sends keystrokes as a terminal would ("\r" is enter), a piece at
// a time, so that the emulator's answers to terminal queries can go out
// between pieces of a long paste.
func (term *Terminal) Type(keys string) {
	term.t.Helper()
	const piece = 32 << 10
	for len(keys) > 0 {
		n := min(piece, len(keys))
		if _, err := (keyWriter{term}).Write([]byte(keys[:n])); err != nil {
			term.t.Fatalf("type %q: %v", keys[:min(n, 40)], err)
		}
		keys = keys[n:]
	}
}

// CountBells counts the bells the terminal rings: BEL bytes the emulator
// takes as the control character, not those ending an escape sequence
// (terminal queries end in BEL too, so raw 0x07 bytes alone prove
// nothing).
func (term *Terminal) CountBells() *atomic.Int32 {
	var bells atomic.Int32
	term.screenMu.Lock()
	term.emu.SetCallbacks(vt.Callbacks{Bell: func() { bells.Add(1) }})
	term.screenMu.Unlock()
	return &bells
}

// WaitUntil polls the screen until ok holds for it, failing the test
// after timeout with what it waited for.
func (term *Terminal) WaitUntil(what string, timeout time.Duration, ok func(screen string) bool) {
	term.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := term.Screen()
		if ok(s) {
			return
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("screen did not show %s within %s; it shows:\n%s", what, timeout, s)
		}
		time.Sleep(15 * time.Millisecond)
	}
}

// WaitFor polls the screen until it contains want.
func (term *Terminal) WaitFor(want string, timeout time.Duration) {
	term.t.Helper()
	term.WaitUntil("“"+want+"”", timeout, func(s string) bool { return strings.Contains(s, want) })
}

// WaitForEnd waits until the session has ended.
func (term *Terminal) WaitForEnd(timeout time.Duration) {
	term.t.Helper()
	select {
	case <-term.ended:
	case <-time.After(timeout):
		term.t.Fatalf("session did not end within %s; the screen shows:\n%s", timeout, term.Screen())
	}
}

// Coloured reports whether any cell on screen has a colour.
func (term *Terminal) Coloured() bool {
	term.screenMu.Lock()
	defer term.screenMu.Unlock()
	for y := range term.emu.Height() {
		for x := range term.emu.Width() {
			if c := term.emu.CellAt(x, y); c != nil && (c.Style.Fg != nil || c.Style.Bg != nil) {
				return true
			}
		}
	}
	return false
}

// Close drops the connection, as a client that was killed would.
func (term *Terminal) Close() { _ = term.client.Close() }

// Ended is closed when the session has ended.
func (term *Terminal) Ended() <-chan struct{} { return term.ended }

// AltScreen reports whether the program left the terminal on its
// alternate screen, as a program that did not restore it would.
func (term *Terminal) AltScreen() bool {
	term.screenMu.Lock()
	defer term.screenMu.Unlock()
	return term.emu.IsAltScreen()
}

// Ran is what one SSH command gave back.
type Ran struct {
	Stdout, Stderr string
	Code           int // the exit status
}

// Run runs one command line in a new session on client, without a
// terminal, as a script would. An error means there was no exit status:
// the connection broke, or the command took longer than limit (client is
// closed then).
func Run(client *gossh.Client, line string, limit time.Duration) (Ran, error) {
	sess, err := client.NewSession()
	if err != nil {
		return Ran{}, err
	}
	defer sess.Close()
	var stdout, stderr bytes.Buffer
	sess.Stdout, sess.Stderr = &stdout, &stderr
	done := make(chan error, 1)
	go func() { done <- sess.Run(line) }()
	var runErr error
	select {
	case runErr = <-done:
	case <-time.After(limit):
		_ = client.Close()
		<-done
		return Ran{}, fmt.Errorf("%q: no answer within %s", line, limit)
	}
	res := Ran{Stdout: stdout.String(), Stderr: stderr.String()}
	var exit *gossh.ExitError
	switch {
	case runErr == nil:
	case errors.As(runErr, &exit):
		res.Code = exit.ExitStatus()
	default:
		return Ran{}, fmt.Errorf("%q: %w", line, runErr)
	}
	return res, nil
}
