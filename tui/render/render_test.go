package render

import (
	"bytes"
	"fmt"
	"io"
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

// newEmulator is a terminal of width x height whose answers to queries
// (the painter asks for the background colour) are read and dropped: the
// emulator writes them to a pipe that blocks until read.
func newEmulator(width, height int) *vt.Emulator {
	em := vt.NewEmulator(width, height)
	go func() { _, _ = io.Copy(io.Discard, em) }()
	return em
}

func newScreen(t *testing.T, width, height int) *screen {
	return &screen{t: t, em: newEmulator(width, height)}
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
	writes  int
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	<-b.blocked
	b.mu.Lock()
	defer b.mu.Unlock()
	b.writes++
	return b.buf.Write(p)
}

func (b *lockedBuffer) writeCount() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.writes
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// screen is what a terminal of width x height shows after the output so far.
func (b *lockedBuffer) screen(width, height int) string {
	em := newEmulator(width, height)
	_, _ = em.Write([]byte(b.String()))
	return em.String()
}

func TestASlowClientGetsTheNewestFrameAndBlocksNoOne(t *testing.T) {
	out := &lockedBuffer{blocked: make(chan struct{})}
	term := New(out, 20, 2, colorprofile.TrueColor, nil)
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
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.screen(20, 2), "frame 999") {
		if time.Now().After(deadline) {
			t.Fatalf("the client never got the last frame; it shows %q", out.screen(20, 2))
		}
		time.Sleep(10 * time.Millisecond)
	}
	if writes := out.writeCount(); writes > 10 {
		t.Errorf("the client was sent %d frames of 1000; frames waiting should be replaced by newer ones", writes)
	}

	term.Close()
	em := newEmulator(20, 2)
	if _, err := em.Write([]byte(out.String())); err != nil {
		t.Fatal(err)
	}
	if em.IsAltScreen() || em.CursorHidden() {
		t.Errorf("after Close the terminal is still in the alternate screen (%v) or hides its cursor (%v)", em.IsAltScreen(), em.CursorHidden())
	}
}

// A timeline that gains an entry at the bottom moves every row up: the
// painter scrolls the terminal rather than repainting each row, also with
// a pane beside the timeline.
func TestATimelineThatMovesUpIsScrolledNotRepainted(t *testing.T) {
	const width, height = 120, 40
	frame := func(newest int) string { return timelineFrame(width, height, newest) }
	s := newScreen(t, width, height)
	s.show(frame(100), tea.NewCursor(2, height-1))
	total := 0
	for n := 101; n <= 110; n++ {
		total += s.show(frame(n), tea.NewCursor(2, height-1))
		s.requireShows(frame(n))
	}
	if perNote := total / 10; perNote > 400 {
		t.Errorf("a new timeline entry cost %d bytes a screen, want at most 400", perNote)
	}
}

// timelineFrame is a room at width x height whose timeline ends with entry
// newest, with a pane beside it.
func timelineFrame(width, height, newest int) string {
	muted := lipgloss.NewStyle().Foreground(lipgloss.Color("245"))
	pane := []string{" Roles ──────", " Incident Commander  alice", " Tech Lead  vacant", "", " Ladder ─────", " no escalation policy"}
	rows := []string{"SEV2 INC-7 header 00:01:23", "IC alice", "declared 3m ago", strings.Repeat("─", width)}
	for i := range height - 6 {
		n := newest - (height - 7) + i
		entry := fmt.Sprintf("%-*s", 78, muted.Render(fmt.Sprintf("#%-4d", n))+fmt.Sprintf(" 09:%02d:%02d someone  note number %d says something different %x", n/60%60, n%60, n, n*7919))
		side := ""
		if i < len(pane) {
			side = pane[i]
		}
		rows = append(rows, entry+"│"+side)
	}
	return strings.Join(append(rows, strings.Repeat("─", width), "> "), "\n")
}

// BenchmarkPaintANewTimelineEntry is what each screen in a room pays for a
// note: a 120x40 frame whose timeline moved up a row.
func BenchmarkPaintANewTimelineEntry(b *testing.B) {
	frames := make([]tea.View, 64)
	for i := range frames {
		frames[i] = tea.NewView(timelineFrame(120, 40, 100+i))
	}
	var p painter
	var buf bytes.Buffer
	size := screenSize{120, 40}
	p.frame(&buf, frames[0], size, colorprofile.ANSI256)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		buf.Reset()
		p.frame(&buf, frames[(i+1)%len(frames)], size, colorprofile.ANSI256)
	}
}

// A window change repaints the whole screen even when the size did not
// change: the terminal may have cleared or reflowed it.
func TestAWindowChangeToTheSameSizeRepaints(t *testing.T) {
	out := &lockedBuffer{blocked: make(chan struct{})}
	close(out.blocked)
	term := New(out, 20, 2, colorprofile.TrueColor, nil)
	term.Draw(tea.NewView("steady"))
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; output %q", what, out.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor("the first frame", func() bool { return strings.Contains(out.String(), "steady") })
	term.Resize(20, 2)
	term.Draw(tea.NewView("steady"))
	waitFor("a repaint", func() bool { return strings.Count(out.String(), "steady") == 2 })
	term.Close()
}
