package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"
)

// screen is one interactive SSH session with a PTY whose output drives a
// terminal emulator, so that "the token shows" means what a person would
// see: the renderer redraws only changed cells, so the raw bytes of a
// note need not hold its text in one piece.
type screen struct {
	client *gossh.Client
	sess   *gossh.Session

	inMu  sync.Mutex // keystrokes and the emulator's replies share stdin
	stdin io.Writer

	mu       sync.Mutex // guards emu and the expectation
	emu      *vt.Emulator
	want     string
	sighting chan sighting // receives once when want shows
	row      []byte        // one row's text, reused by shows

	received atomic.Int64 // bytes of output so far
	goodbye  *goodbyeWatch
	// stalled stops the output copier: from then on the session's output
	// is left unread in its SSH channel, as a stalled client leaves it.
	stalled atomic.Bool
	copied  chan struct{} // closed when the output copier returns
	endedAt time.Time     // when the session ended; read after done closes
	done    chan struct{} // closed once the session ended and its output is copied
	stopped sync.WaitGroup
}

// sighting is when an expected text showed on a screen, and how many
// bytes the screen had received by then.
type sighting struct {
	at       time.Time
	received int64
}

// dialScreen connects as user and starts a shell at width x height, the
// connection and handshake bounded by ctx.
func dialScreen(ctx context.Context, addr, user string, key gossh.Signer, width, height int) (*screen, error) {
	client, err := dialClient(ctx, addr, user, key)
	if err != nil {
		return nil, err
	}
	s, err := startShell(client, width, height)
	if err != nil {
		_ = client.Close()
		return nil, fmt.Errorf("start the TUI as %s: %w", user, err)
	}
	return s, nil
}

// dialClient opens one SSH connection as user, bounded by ctx.
func dialClient(ctx context.Context, addr, user string, key gossh.Signer) (*gossh.Client, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("dial %s: %w", addr, err)
	}
	if deadline, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(deadline)
	}
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), // loopback only, see requireLoopback
	})
	if err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("ssh handshake as %s: %w", user, err)
	}
	_ = conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

func startShell(client *gossh.Client, width, height int) (*screen, error) {
	sess, err := client.NewSession()
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	stdin, err := sess.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("stdin: %w", err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("stdout: %w", err)
	}
	s := &screen{
		client: client, sess: sess, stdin: stdin, emu: vt.NewEmulator(width, height),
		goodbye: newGoodbyeWatch(), copied: make(chan struct{}), done: make(chan struct{}),
	}
	sess.Stderr = screenWriter{s} // a terminal shows stderr too
	if err := sess.RequestPty("xterm-256color", height, width, gossh.TerminalModes{}); err != nil {
		return nil, fmt.Errorf("request pty: %w", err)
	}
	if err := sess.Shell(); err != nil {
		return nil, fmt.Errorf("shell: %w", err)
	}
	s.stopped.Add(3)
	go func() {
		defer s.stopped.Done()
		defer close(s.copied)
		s.copyOutput(stdout)
	}()
	go func() {
		defer s.stopped.Done()
		_ = sess.Wait() // how it ended matters less than when
		s.endedAt = time.Now()
		<-s.copied
		close(s.done)
	}()
	// The emulator answers the program's terminal queries through a pipe
	// that blocks until read: send the answers back, or it deadlocks.
	go func() {
		defer s.stopped.Done()
		_, _ = io.Copy(keyWriter{s}, s.emu)
	}()
	return s, nil
}

// copyOutput feeds the session's output to the emulator until it ends or
// the session is stalled.
func (s *screen) copyOutput(stdout io.Reader) {
	buf := make([]byte, 32<<10)
	for !s.stalled.Load() {
		n, err := stdout.Read(buf)
		if n > 0 {
			_, _ = screenWriter{s}.Write(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// stall stops reading the session's output for good; it takes effect
// after at most one more read.
func (s *screen) stall() { s.stalled.Store(true) }

// close ends the session and waits for its goroutines.
func (s *screen) close() {
	_ = s.client.Close()
	<-s.done
	// The output copier has ended with the connection; closing the input
	// pipe ends the replies copier.
	if c, ok := s.emu.InputPipe().(io.Closer); ok {
		_ = c.Close()
	}
	s.stopped.Wait()
}

// expect arms the screen to report when text shows, and reports at once
// if it already does. It replaces any earlier expectation.
func (s *screen) expect(text string) <-chan sighting {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.want = text
	s.sighting = make(chan sighting, 1)
	s.check()
	return s.sighting
}

// check reports the expected text if it shows; called with mu held.
// It runs after every write to hundreds of screens, on the cores the
// server uses too, so it looks row by row from the bottom, where a new
// note lands, and stops at the first row that has it, rather than build
// the whole screen as a string (120 us at 120x40, more than the server
// spends on a screen's note).
func (s *screen) check() {
	if s.want == "" || !s.shows(s.want) {
		return
	}
	s.sighting <- sighting{at: time.Now(), received: s.received.Load()}
	s.want = ""
}

// shows reports whether one row of the screen holds text; called with mu
// held.
func (s *screen) shows(text string) bool {
	w, h := s.emu.Width(), s.emu.Height()
	for y := h - 1; y >= 0; y-- {
		s.row = s.row[:0]
		for x := 0; x < w; x++ {
			if c := s.emu.CellAt(x, y); c != nil && c.Content != "" {
				s.row = append(s.row, c.Content...)
			} else if c == nil || c.Width != 0 {
				s.row = append(s.row, ' ')
			}
		}
		if bytes.Contains(s.row, []byte(text)) {
			return true
		}
	}
	return false
}

func (s *screen) bytesReceived() int64   { return s.received.Load() }
func (s *screen) ended() <-chan struct{} { return s.done }
func (s *screen) goodbyeAt() time.Time   { return s.goodbye.seenAt() }

// text is what the screen shows.
func (s *screen) text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.emu.String()
}

// typeKeys sends keystrokes as a terminal would ("\r" is enter).
func (s *screen) typeKeys(keys string) error {
	if _, err := (keyWriter{s}).Write([]byte(keys)); err != nil {
		return fmt.Errorf("type %q: %w", keys, err)
	}
	return nil
}

type screenWriter struct{ s *screen }

func (w screenWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	w.s.received.Add(int64(len(p)))
	_, _ = w.s.goodbye.Write(p)
	n, err := w.s.emu.Write(p)
	w.s.check()
	return n, err
}

type keyWriter struct{ s *screen }

func (w keyWriter) Write(p []byte) (int, error) {
	w.s.inMu.Lock()
	defer w.s.inMu.Unlock()
	return w.s.stdin.Write(p)
}
