package server

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
)

// session is the server's record of one SSH session.
type session struct {
	ssh     ssh.Session // what every middleware after the first gets: its output watched for stalls
	started time.Time
	// What the client asked for, read once: charm.land/ssh writes the
	// window of a resize without a lock, so Pty is not read again.
	pty     ssh.Pty
	windows <-chan ssh.Window
	isPty   bool

	// Set when admitted.
	id       string
	actor    model.Actor
	openMode bool // admitted because no users are configured

	// ctx ends with the connection, at Shutdown for commands, and when
	// the client is found gone; every piece of work of the session runs
	// under it.
	ctx    context.Context
	cancel context.CancelCauseFunc

	mu       sync.Mutex
	program  *tea.Program // nil for commands, and until the TUI starts
	updates  model.Subscription
	goodbye  bool // the server is shutting down: say so on the way out
	crashed  bool // the interface panicked: say so, and exit 1
	exitCode int
}

// newSession records sess. With a positive stallLimit its output is
// watched: onStall runs when the client has not taken any of it for that
// long.
func newSession(sess ssh.Session, stallLimit time.Duration, onStall func(*session)) *session {
	l := &session{ssh: sess, started: time.Now()}
	l.pty, l.windows, l.isPty = sess.Pty()
	if stallLimit > 0 {
		l.ssh = &watchedSession{Session: sess, watch: newStallWatch(stallLimit, func() { onStall(l) })}
	}
	return l
}

// hangUp closes the session's whole connection, as sshd does with a
// client it gives up on: whatever is blocked writing to it is freed (see
// forwardWindows for what else that takes).
func (l *session) hangUp() {
	if conn, ok := l.ssh.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
		_ = conn.Close()
	}
}

// attach records the session's TUI program and subscription, so that
// Shutdown can quit it and the session's end closes the subscription. It
// refuses once the server is shutting down, so no program starts late.
func (l *session) attach(p *tea.Program, updates model.Subscription) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.goodbye {
		return false
	}
	l.program, l.updates = p, updates
	return true
}

// stop asks the session to end because the server is shutting down.
func (l *session) stop() {
	l.mu.Lock()
	l.goodbye = true
	l.mu.Unlock()
	l.end(errShuttingDown)
}

// errShuttingDown is why a session's work is cancelled at shutdown, so
// that a command such as `timeline --follow` can tell it from the client
// leaving and fail, prompting a script to reconnect.
var errShuttingDown = model.Errorf(model.CodeUnavailable, "the server is shutting down")

// end asks the session to end, for cause: a TUI quits (restoring the
// client's terminal), a command is cancelled.
func (l *session) end(cause error) {
	l.mu.Lock()
	p := l.program
	l.mu.Unlock()
	if p == nil {
		l.cancel(cause)
		return
	}
	// Quit waits until the program's loop takes the message; a program
	// stuck on a stalled client must not hold up the caller.
	go p.Quit()
}

// crash records that the session's interface hit a bug.
func (l *session) crash() {
	l.mu.Lock()
	l.crashed, l.exitCode = true, 1
	l.mu.Unlock()
}

func (l *session) setExitCode(code int) {
	l.mu.Lock()
	l.exitCode = code
	l.mu.Unlock()
}

// finish closes what the session opened and reports how it should end.
// Closing a TUI's subscription is its leaving: the store removes its
// presence then, and ignores any report still in flight. Cancelling first
// stops the session's work before its subscription goes.
func (l *session) finish() (exitCode int, goodbye, crashed bool) {
	l.cancel(nil)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.updates != nil {
		l.updates.Close()
	}
	return l.exitCode, l.goodbye, l.crashed
}

// messages is where the server's own lines go: stderr, so that a script's
// stdout stays clean; but on a terminal, stdout, because the client copies
// the two streams separately and a line on stderr can overtake the TUI's
// last frame (and vanish with its alternate screen).
func (l *session) messages() io.Writer {
	if l.isPty {
		return l.ssh
	}
	return l.ssh.Stderr()
}

// what names the session's work for logs: "tui", or the command's name
// (not its arguments, which may hold a note's text).
func (l *session) what() string {
	if l.isPty {
		return "tui"
	}
	if args := l.ssh.Command(); len(args) > 0 {
		return model.Sanitize(truncate(args[0], 40), false)
	}
	return "usage"
}

// connAttrs describe the session for logs before it is admitted.
func (l *session) connAttrs() []any {
	fingerprint := "none"
	if key := l.ssh.PublicKey(); key != nil {
		fingerprint = gossh.FingerprintSHA256(key)
	}
	return []any{
		slog.String("remote", l.ssh.RemoteAddr().String()),
		slog.String("ssh_user", l.ssh.User()),
		slog.String("fingerprint", fingerprint),
		slog.String("command", l.what()),
	}
}

// attrs describe an admitted session for logs.
func (l *session) attrs() []any {
	return append([]any{
		slog.String("session", l.id),
		slog.String("user", l.actor.Name),
		slog.String("level", l.actor.Level.String()),
	}, l.connAttrs()...)
}
