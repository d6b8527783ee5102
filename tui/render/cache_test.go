package render

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/vt"
)

// Terminals sharing a cache each end up showing their own frames, whether
// or not another terminal painted the same move first.
func TestTerminalsSharingACacheShowTheirOwnFrames(t *testing.T) {
	const width, height = 120, 40
	cache := NewCache()
	size := screenSize{width, height}
	type client struct {
		p  painter
		em *vt.Emulator
	}
	clients := make([]*client, 3)
	for i := range clients {
		clients[i] = &client{p: painter{cache: cache}, em: newEmulator(width, height)}
	}
	show := func(c *client, content string) []byte {
		var buf bytes.Buffer
		c.p.frame(&buf, tea.NewView(content), size, colorprofile.ANSI256)
		if _, err := c.em.Write(buf.Bytes()); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	for _, c := range clients[:2] {
		show(c, timelineFrame(width, height, 100))
	}
	show(clients[2], timelineFrame(width, height, 90)) // a client that was further behind
	for n := 101; n <= 105; n++ {
		frame := timelineFrame(width, height, n)
		first, second := show(clients[0], frame), show(clients[1], frame)
		if !bytes.Equal(first, second) {
			t.Fatalf("two screens showing the same frames were sent different bytes for entry %d", n)
		}
		show(clients[2], frame)
		for _, c := range clients {
			s := &screen{t: t, em: c.em}
			s.requireShows(frame)
		}
	}
}

// Many terminals painting the same frames at once wait for the one that
// works a move out, and all show every frame.
func TestManyTerminalsPaintingTheSameFramesAtOnce(t *testing.T) {
	const width, height, terminals = 80, 24, 32
	cache := NewCache()
	var wg sync.WaitGroup
	outs := make([]*bytes.Buffer, terminals)
	for i := range terminals {
		outs[i] = &bytes.Buffer{}
		wg.Go(func() {
			p := painter{cache: cache}
			for n := range 20 {
				p.frame(outs[i], tea.NewView(timelineFrame(width, height, 100+n)), screenSize{width, height}, colorprofile.TrueColor)
			}
		})
	}
	wg.Wait()
	for i, out := range outs {
		em := newEmulator(width, height)
		if _, err := em.Write(out.Bytes()); err != nil {
			t.Fatal(err)
		}
		s := &screen{t: t, em: em}
		s.t.Run(fmt.Sprint("terminal ", i), func(t *testing.T) {
			s.t = t
			s.requireShows(timelineFrame(width, height, 119))
		})
	}
}
