// Package render draws an application's frames on one client's terminal,
// sending only the cells that changed since the frame before.
//
// It stands in for Bubble Tea's renderer in server sessions, where that one
// costs too much per session: it keeps two to three screens of 112-byte
// cells (about 1.4 MB at 120x40), parses every changed frame whole, and
// wakes 60 times a second to look for changes. A Terminal keeps the last
// frame as its lines of text (a few kilobytes), parses only the lines that
// differ, and paints only when handed a frame, on a goroutine of its own,
// so a client that reads slowly holds up nothing but its own screen: while
// it is behind, newer frames replace the one waiting, and it is sent the
// latest when it catches up.
package render

import (
	"bytes"
	"io"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Terminal paints frames on one client's terminal. Its methods may be
// called from any goroutine; the painting happens on the Terminal's own.
type Terminal struct {
	out  io.Writer
	wake chan struct{} // capacity 1: a frame or Close is waiting
	done chan struct{} // closed when the painter has restored the terminal

	mu      sync.Mutex
	next    tea.View // the newest frame not yet painted
	pending bool     // next holds a frame
	width   int
	height  int
	profile colorprofile.Profile
	resized bool // a window change came since the last frame
	closing bool

	paint painter // owned by the painting goroutine
}

// New starts a Terminal that writes to out, which is width x height cells
// and shows colours as profile allows. Terminals given the same cache
// share the work of painting the same frames; it may be nil. Nothing is
// written until the first frame.
func New(out io.Writer, width, height int, profile colorprofile.Profile, cache *Cache) *Terminal {
	t := &Terminal{
		out:     out,
		wake:    make(chan struct{}, 1),
		done:    make(chan struct{}),
		width:   max(width, 0),
		height:  max(height, 0),
		profile: profile,
		paint:   painter{cache: cache},
	}
	go t.run()
	return t
}

// Draw hands the terminal a frame to paint. It never waits for the client:
// a frame not yet painted is replaced by a newer one.
func (t *Terminal) Draw(v tea.View) {
	t.mu.Lock()
	t.next, t.pending = v, true
	t.mu.Unlock()
	t.signal()
}

// Resize records the client's window size; the next frame is painted
// whole, even when the size is the same: a terminal may have cleared or
// reflowed its screen on a window change, and Bubble Tea's renderer
// repaints too.
func (t *Terminal) Resize(width, height int) {
	t.mu.Lock()
	t.width, t.height = max(width, 0), max(height, 0)
	t.resized = true
	t.mu.Unlock()
}

// SetProfile records which colours the client shows; the next frame is
// painted whole.
func (t *Terminal) SetProfile(p colorprofile.Profile) {
	t.mu.Lock()
	t.profile = p
	t.mu.Unlock()
}

// Close paints the last frame handed over, then gives the client its
// terminal back as it was (main screen, cursor shown, modes off) and
// waits for that to be written, or to fail.
func (t *Terminal) Close() {
	t.mu.Lock()
	t.closing = true
	t.mu.Unlock()
	t.signal()
	<-t.done
}

func (t *Terminal) signal() {
	select {
	case t.wake <- struct{}{}:
	default: // a wake-up is already waiting and will see the newest state
	}
}

// run paints frames as they come until Close. A failed write means the
// client is gone: later frames are dropped, and Close still returns.
func (t *Terminal) run() {
	defer close(t.done)
	var buf bytes.Buffer
	broken := false
	for range t.wake {
		t.mu.Lock()
		v, pending, closing := t.next, t.pending, t.closing
		size := screenSize{t.width, t.height}
		profile := t.profile
		if t.resized && pending {
			t.paint.stale, t.resized = true, false
		}
		t.next, t.pending = tea.View{}, false
		t.mu.Unlock()

		buf.Reset()
		if pending {
			t.paint.frame(&buf, v, size, profile)
		}
		if closing {
			t.paint.restore(&buf)
		}
		if !broken && buf.Len() > 0 {
			if _, err := t.out.Write(buf.Bytes()); err != nil {
				broken = true
			}
		}
		if buf.Cap() > maxKeptBuffer {
			buf = bytes.Buffer{} // a full redraw of a big window is not kept between frames
		}
		if closing {
			return
		}
	}
}

// maxKeptBuffer bounds the output buffer kept between frames: enough for
// the changes of a typical frame, not for a full redraw of a big window.
const maxKeptBuffer = 16 << 10
