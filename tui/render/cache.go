package render

import (
	"bytes"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
)

// Cache shares painting between terminals that show the same screen. In a
// room that the whole company piled into, hundreds of sessions of the same
// size see the same frame and then the same next frame; what it takes to
// turn one into the other is worked out by the first of them and written
// as it is to the rest. A Cache is safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	moves map[move]*outcome
}

// cacheEntries bounds a Cache: enough for the screens in use at once (a
// few sizes and themes of the busiest rooms), small enough that the frames
// it holds on to cost next to nothing.
const cacheEntries = 64

// NewCache returns an empty Cache.
func NewCache() *Cache { return &Cache{moves: map[move]*outcome{}} }

// move is everything that decides what a painter writes for a frame: the
// frame on screen and the state of the terminal, and the frame to show.
type move struct {
	shown, next string
	size        screenSize
	profile     colorprofile.Profile
	pen         string // the pen's SGR sequence
	x, y        int
	cursorShown bool
	mouse       bool
	hasCursor   bool // the next frame shows the cursor, at cursorX, cursorY
	cursorX     int
	cursorY     int
	wantMouse   bool
}

// outcome is what a move writes and the state it leaves the terminal in.
type outcome struct {
	ready chan struct{} // closed once the rest is set
	out   []byte

	pen         uv.Style
	x, y        int
	cursorShown bool
	mouse       bool
}

// claim returns the outcome of m and whether the caller must work it out
// (and then call settle). When another terminal is working it out, claim
// waits for it.
func (c *Cache) claim(m move) (*outcome, bool) {
	c.mu.Lock()
	if o, ok := c.moves[m]; ok {
		c.mu.Unlock()
		<-o.ready
		return o, false
	}
	if len(c.moves) >= cacheEntries {
		c.evictLocked()
	}
	o := &outcome{ready: make(chan struct{})}
	c.moves[m] = o
	c.mu.Unlock()
	return o, true
}

// evictLocked forgets settled moves, about half of them, in no order.
func (c *Cache) evictLocked() {
	for m, o := range c.moves {
		select {
		case <-o.ready:
			delete(c.moves, m)
		default: // still being worked out: someone may be waiting on it
		}
		if len(c.moves) < cacheEntries/2 {
			return
		}
	}
}

// settle publishes a claimed outcome. A nil out (the painter could not
// finish) sends the others to work it out themselves.
func (o *outcome) settle() { close(o.ready) }

// frame paints v, or writes what another terminal wrote for the same move.
func (p *painter) frame(buf *bytes.Buffer, v tea.View, size screenSize, profile colorprofile.Profile) {
	if p.cache == nil || !p.started || p.stale || size != p.size || profile != p.profile {
		p.paint(buf, v, size, profile)
		return
	}
	o, mine := p.cache.claim(p.key(v, size, profile))
	if !mine && o.out != nil {
		buf.Write(o.out)
		p.pen, p.x, p.y, p.cursorShown, p.mouse = o.pen, o.x, o.y, o.cursorShown, o.mouse
		p.shown = v.Content
		return
	}
	if mine {
		defer o.settle() // also when painting fails: the others then paint for themselves
	}
	start := buf.Len()
	p.paint(buf, v, size, profile)
	if mine {
		o.out = append(make([]byte, 0, buf.Len()-start), buf.Bytes()[start:]...)
		o.pen, o.x, o.y, o.cursorShown, o.mouse = p.pen, p.x, p.y, p.cursorShown, p.mouse
	}
}

// key is the move that painting v from p's present state makes.
func (p *painter) key(v tea.View, size screenSize, profile colorprofile.Profile) move {
	m := move{
		shown: p.shown, next: v.Content, size: size, profile: profile,
		pen: p.pen.String(), x: p.x, y: p.y, cursorShown: p.cursorShown, mouse: p.mouse,
		wantMouse: v.MouseMode != tea.MouseModeNone,
	}
	if v.Cursor != nil {
		m.hasCursor, m.cursorX, m.cursorY = true, v.Cursor.X, v.Cursor.Y
	}
	return m
}
