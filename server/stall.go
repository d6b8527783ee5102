package server

import (
	"io"
	"sync"
	"time"

	"charm.land/ssh"
)

// stallWatch notices a client that stopped reading a session's output.
// A write to an SSH channel blocks once the client's window is used up
// (2 MiB unread, for OpenSSH), and stays blocked for as long as the client
// does not read: the TUI's renderer would then hang in Write forever,
// holding its frame and everything queued behind it. When a write has been
// waiting for limit without any write finishing, onStall runs (once) to
// hang up. Nothing ticks while the output flows: the timer only runs
// while a write is in flight.
type stallWatch struct {
	limit time.Duration
	timer *time.Timer

	mu       sync.Mutex
	inFlight int
}

func newStallWatch(limit time.Duration, onStall func()) *stallWatch {
	var once sync.Once // writes failing after the hang-up restart the timer
	w := &stallWatch{limit: limit, timer: time.AfterFunc(limit, func() { once.Do(onStall) })}
	w.timer.Stop()
	return w
}

// write runs one write to the session's output under the watch.
func (w *stallWatch) write(out io.Writer, p []byte) (int, error) {
	w.mu.Lock()
	if w.inFlight++; w.inFlight == 1 {
		w.timer.Reset(w.limit)
	}
	w.mu.Unlock()

	n, err := out.Write(p)

	w.mu.Lock()
	if w.inFlight--; w.inFlight == 0 {
		w.timer.Stop()
	} else {
		w.timer.Reset(w.limit) // the output moved: time the writes still waiting from now
	}
	w.mu.Unlock()
	return n, err
}

// watchedSession is an SSH session whose output, on stdout and stderr
// alike, goes through a stallWatch.
type watchedSession struct {
	ssh.Session
	watch *stallWatch
}

func (s *watchedSession) Write(p []byte) (int, error) { return s.watch.write(s.Session, p) }

// Stderr returns the session's stderr, watched.
func (s *watchedSession) Stderr() io.ReadWriter {
	return watchedStream{ReadWriter: s.Session.Stderr(), watch: s.watch}
}

type watchedStream struct {
	io.ReadWriter
	watch *stallWatch
}

func (s watchedStream) Write(p []byte) (int, error) { return s.watch.write(s.ReadWriter, p) }
