package render

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/vt"
)

// screen is a client's terminal: what the painter writes, as a terminal
// would show it.
type screen struct {
	t  *testing.T
	em *vt.Emulator
	p  painter
}

func newScreen(t *testing.T, width, height int) *screen {
	return &screen{t: t, em: vt.NewEmulator(width, height)}
}

// show paints content (with the cursor at cur, or hidden when nil) and
// returns how many bytes it took.
func (s *screen) show(content string, cur *tea.Cursor) int {
	var buf bytes.Buffer
	v := tea.NewView(content)
	v.Cursor = cur
	s.p.frame(&buf, v, screenSize{s.em.Width(), s.em.Height()}, colorprofile.TrueColor)
	if _, err := s.em.Write(buf.Bytes()); err != nil {
		s.t.Fatal(err)
	}
	return buf.Len()
}

// requireShows fails unless every cell on screen has the text and style
// content gives it.
func (s *screen) requireShows(content string) {
	s.t.Helper()
	want := uv.NewScreenBuffer(s.em.Width(), s.em.Height())
	uv.NewStyledString(content).Draw(want, want.Bounds())
	for y := range s.em.Height() {
		for x := range s.em.Width() {
			w, g := want.CellAt(x, y), s.em.CellAt(x, y)
			if w.Width == 0 {
				continue // the second half of a wide character
			}
			if g == nil || g.Content != w.Content || !g.Style.Equal(&w.Style) {
				s.t.Fatalf("cell %d,%d shows %+v, want %+v\nscreen:\n%s\nwant:\n%s", x, y, g, w, s.em.String(), want.String())
			}
		}
	}
}

func TestRandomFramesLeaveTheScreenAsTheLastFrameSays(t *testing.T) {
	const width, height = 30, 8
	rng := rand.New(rand.NewPCG(1, 2))
	styles := []lipgloss.Style{
		lipgloss.NewStyle(),
		lipgloss.NewStyle().Bold(true),
		lipgloss.NewStyle().Foreground(lipgloss.Color("#ff8800")),
		lipgloss.NewStyle().Background(lipgloss.Color("4")).Foreground(lipgloss.Color("15")),
		lipgloss.NewStyle().Reverse(true).Underline(true),
	}
	words := []string{"INC-1", "checkout", "slow", "漢字", "→", " ", "00:01:23", "é", "─────", "🔥"}
	line := func() string {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(styles[rng.IntN(len(styles))].Render(words[rng.IntN(len(words))]))
		}
		return b.String()
	}
	lines := make([]string, height)
	s := newScreen(t, width, height)
	for frame := range 300 {
		for range 1 + rng.IntN(3) {
			lines[rng.IntN(height)] = line()
		}
		if frame%37 == 0 {
			lines = append(lines[1:], line()) // everything moves up a row
		}
		content := strings.Join(lines, "\n")
		var cur *tea.Cursor
		if rng.IntN(2) == 0 {
			cur = tea.NewCursor(rng.IntN(width), rng.IntN(height))
		}
		s.show(content, cur)
		s.requireShows(content)
		if cur != nil {
			if got := s.em.CursorPosition(); got.X != cur.X || got.Y != cur.Y {
				t.Fatalf("frame %d: cursor at %v, want %d,%d", frame, got, cur.X, cur.Y)
			}
		}
	}
}

// A room's clock ticks every second; a tick must cost a screen a few
// bytes, not a redraw.
func TestAClockTickSendsOnlyWhatChanged(t *testing.T) {
	header := lipgloss.NewStyle().Bold(true).Background(lipgloss.Color("#303030"))
	frame := func(clock string) string {
		return header.Render(fmt.Sprintf("%-*s%s", 112, " SEV2  INC-7  investigating  checkout is slow", clock)) +
			strings.Repeat("\n#12  09:24:52 alice   the database is on fire", 37) + "\n> "
	}
	s := newScreen(t, 120, 40)
	prompt := tea.NewCursor(2, 39)
	s.show(frame("00:01:22"), prompt)
	s.show(frame("00:01:23"), prompt)
	n := s.show(frame("00:01:24"), prompt)
	s.requireShows(frame("00:01:24"))
	if n > 20 {
		t.Errorf("a clock tick took %d bytes, want at most 20", n)
	}
	if n := s.show(frame("00:01:24"), prompt); n != 0 {
		t.Errorf("an unchanged frame took %d bytes, want none", n)
	}
}

func TestANewWindowSizeRepaintsEverything(t *testing.T) {
	s := newScreen(t, 40, 6)
	content := "first line\nsecond line\n\nlast"
	s.show(content, nil)
	s.em.Resize(20, 3)
	s.em.Write([]byte("\x1b[2J")) // what a terminal shows after a resize is anyone's guess
	s.show(content, nil)
	s.requireShows(content)
}

func TestLinesAreCutAtTheWindowsEdges(t *testing.T) {
	s := newScreen(t, 10, 2)
	s.show("a line longer than the window\nsecond\nthird is below the window", nil)
	s.requireShows("a line lon\nsecond")
}

// lockedBuffer is a client that may be slow to read.
type lockedBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	blocked chan struct{} // writes wait until it is closed
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	<-b.blocked
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func TestASlowClientGetsTheNewestFrameAndBlocksNoOne(t *testing.T) {
	out := &lockedBuffer{blocked: make(chan struct{})}
	term := New(out, 20, 2, colorprofile.TrueColor)
	returned := make(chan struct{})
	go func() {
		for i := range 1000 {
			term.Draw(tea.NewView(fmt.Sprintf("frame %d", i)))
		}
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(10 * time.Second):
		t.Fatal("Draw waited for a client that does not read")
	}
	close(out.blocked)
	term.Close()

	em := vt.NewEmulator(20, 2)
	if _, err := em.Write(out.buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	// Close gave the terminal back, so look at the frame before that.
	got := out.buf.String()
	if !strings.Contains(got, "frame 999") {
		t.Errorf("the client never got the last frame; it got %q", got)
	}
	if strings.Count(got, "frame") > 10 {
		t.Errorf("the client got %d frames; frames waiting should be replaced by newer ones", strings.Count(got, "frame"))
	}
	if em.IsAltScreen() || em.CursorHidden() {
		t.Errorf("after Close the terminal is still in the alternate screen (%v) or hides its cursor (%v)", em.IsAltScreen(), em.CursorHidden())
	}
}
