package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// watcher is one session without a PTY running `timeline INC --follow`,
// the cheap way for a big audience to watch an incident: it sees a note
// when the note's line shows in its output.
type watcher struct {
	client *gossh.Client
	sess   *gossh.Session

	mu       sync.Mutex // guards the expectation and the stream's first output
	want     streamMatch
	sighting chan sighting // receives once when want shows
	started  chan struct{} // closed at the stream's first output
	begun    bool

	received atomic.Int64 // bytes of output so far
	goodbye  *goodbyeWatch
	errText  *stderrHead
	done     chan struct{} // closed once the stream has ended
	stopped  sync.WaitGroup
}

// followCommand is what a watcher runs: the incident's timeline, then
// every entry as it is committed.
func followCommand(incident string) string { return "timeline " + incident + " --follow" }

// watch connects as user and follows the incident's timeline until the
// stream has printed the timeline so far: from then on the server has the
// watcher subscribed, so every later note must reach it.
func watch(ctx context.Context, p plan, user string) (*watcher, error) {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	client, err := dialClient(ctx, p.addr, user, p.key)
	if err != nil {
		return nil, err
	}
	w, err := startFollowing(client, p.incident)
	if err != nil {
		_ = client.Close()
		return nil, fmt.Errorf("%s: %w", user, err)
	}
	select {
	case <-w.started:
		return w, nil
	case <-w.done:
		w.close()
		return nil, fmt.Errorf("%s: %s ended before printing anything: %s", user, followCommand(p.incident), w.errText.String())
	case <-ctx.Done():
		w.close()
		return nil, fmt.Errorf("%s: %s printed nothing within %s", user, followCommand(p.incident), p.timeout)
	}
}

func startFollowing(client *gossh.Client, incident string) (*watcher, error) {
	sess, err := client.NewSession()
	if err != nil {
		return nil, fmt.Errorf("new session: %w", err)
	}
	stdout, err := sess.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("stdout: %w", err)
	}
	w := &watcher{
		client: client, sess: sess, started: make(chan struct{}),
		goodbye: newGoodbyeWatch(), errText: &stderrHead{}, done: make(chan struct{}),
	}
	// The goodbye and any error come on stderr when there is no PTY.
	sess.Stderr = io.MultiWriter(w.goodbye, w.errText)
	if err := sess.Start(followCommand(incident)); err != nil {
		return nil, fmt.Errorf("run %s: %w", followCommand(incident), err)
	}
	w.stopped.Add(1)
	go func() {
		defer w.stopped.Done()
		defer close(w.done)
		w.readStream(stdout)
		_ = sess.Wait() // the stream's end is what counts, not the status
	}()
	return w, nil
}

// readStream scans the stream for the expected text until it ends.
func (w *watcher) readStream(stdout io.Reader) {
	buf := make([]byte, 32<<10)
	for {
		n, err := stdout.Read(buf)
		if n > 0 {
			w.saw(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

func (w *watcher) saw(p []byte) {
	received := w.received.Add(int64(len(p)))
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.begun {
		w.begun = true
		close(w.started)
	}
	if w.want.text != "" && w.want.feed(p) {
		w.sighting <- sighting{at: time.Now(), received: received}
		w.want = streamMatch{}
	}
}

// expect arms the watcher to report when text next shows in its stream.
// It replaces any earlier expectation.
func (w *watcher) expect(text string) <-chan sighting {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.want = streamMatch{text: text}
	w.sighting = make(chan sighting, 1)
	return w.sighting
}

func (w *watcher) bytesReceived() int64   { return w.received.Load() }
func (w *watcher) ended() <-chan struct{} { return w.done }
func (w *watcher) goodbyeAt() time.Time   { return w.goodbye.seenAt() }

// close ends the session and waits for its reader.
func (w *watcher) close() {
	_ = w.client.Close()
	w.stopped.Wait()
}

// stderrHead keeps the start of a session's stderr, for the reason a
// watcher failed.
type stderrHead struct {
	mu   sync.Mutex
	text strings.Builder
}

const stderrKept = 300

func (h *stderrHead) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if room := stderrKept - h.text.Len(); room > 0 {
		h.text.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (h *stderrHead) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.text.Len() == 0 {
		return "no message"
	}
	return strings.TrimSpace(h.text.String())
}
