package tui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/render"
)

// FuzzNoUserBytesReachAnotherScreenRaw puts arbitrary bytes into the store
// through every path a person types or pipes text into — incident title
// and service, note, action item, stakeholder update, review field, role
// holder, attachment name, note and content — and a paste into the
// viewer's own command line, then draws the incident list, the room, the
// open attachment and the review for another responder through a real
// tea.Program, and checks every byte the renderer wrote (renderCheck).
// Plain `go test` runs the seeds; `go test -fuzz` searches further.
func FuzzNoUserBytesReachAnotherScreenRaw(f *testing.F) {
	for _, seed := range hostileSeeds() {
		f.Add(seed)
	}
	f.Fuzz(checkUserBytesNeverReachTheScreenRaw)
}

// The megabyte of junk is too big a seed for the fuzzer to mutate at any
// speed; it is checked on its own.
func TestMegabyteOfJunkNeverReachesTheScreenRaw(t *testing.T) {
	junk := make([]byte, 1<<20)
	for i := range junk {
		// Every byte value, ESC and C1 included, in a pattern that does
		// not repeat every 256 bytes.
		junk[i] = byte(i*7 + i>>8)
	}
	checkUserBytesNeverReachTheScreenRaw(t, junk)
}

func checkUserBytesNeverReachTheScreenRaw(t *testing.T, input []byte) {
	clock := newClock()
	s := openStore(t, clock)
	fillFromUser(t, s, string(input))
	for _, frame := range drawForBob(t, s, clock, string(input)) {
		if err := checkRendered(frame.raw); err != nil {
			t.Fatalf("%s: %v\ninput %q", frame.screen, err, truncateForLog(input))
		}
	}
}

// hostileSeeds are inputs known to break terminals: screen clears,
// clipboard writes, hyperlinks, device control strings, 8-bit controls,
// bidirectional overrides, broken and surrogate UTF-8, wide and invisible
// characters, a line longer than a note.
func hostileSeeds() [][]byte {
	return [][]byte{
		[]byte("plain words"),
		[]byte("\x1b[2J\x1b[H wiped"),
		[]byte("\x1b]52;c;aGVsbG8=\x07 clipboard"),
		[]byte("\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"),
		[]byte("\x1bP+q544e\x1b\\ dcs"),
		[]byte("\x1b_Gf=100;AAAA\x1b\\ apc \x1b^pm\x1b\\ \x1bXsos\x1b\\"),
		[]byte("\x9b2J c1 csi \x9d0;title\x9c \xc2\x9b2J encoded c1"),
		[]byte("\u202eevil\u202c \u2066isolate\u2069 \u200f"),
		[]byte("bad \xff\xfe utf8 \xc3 \xe2\x82"),
		[]byte("surrogate \xed\xa0\x80\xed\xbf\xbf"),
		[]byte("wide 日本語🔥👩‍👩‍👧 zero\u200bwidth e\u0301 \ufeff"),
		[]byte("\x1b[31mred\x1b[0m \x1b7\x1b8 \x1bc reset \x1b"),
		[]byte("cr\rlf\nnul\x00del\x7fbs\x08tab\tbell\x07"),
		[]byte("\x1b[?1049l\x1b[?25l\x1b[6n\x1b[>c\x1b[=c"),
		[]byte(strings.Repeat("\x1b[31mlong\x9b\u202e line ", 400)),
	}
}

// fillFromUser dispatches input through each user-text command as alice,
// so INC-1 carries it everywhere it can be shown. A command the store
// refuses (too long, empty once cleaned) is tried again with the input
// cut, so long inputs still reach the screen.
func fillFromUser(t *testing.T, s model.Store, input string) {
	t.Helper()
	ctx := context.Background()
	try := func(cmds ...model.Command) {
		for _, c := range cmds {
			if _, err := s.Dispatch(ctx, alice, c); err == nil {
				return
			}
		}
	}
	short, line := cut(input, 150), cut(input, model.MaxNoteBytes)
	try(model.Declare{Title: input, Service: short}, model.Declare{Title: short}, model.Declare{Title: "fuzzed incident"})
	try(model.PostNote{Incident: "INC-1", Text: input}, model.PostNote{Incident: "INC-1", Text: line})
	try(model.AddAction{Incident: "INC-1", Title: input}, model.AddAction{Incident: "INC-1", Title: short})
	try(model.PostUpdate{Incident: "INC-1", Text: input}, model.PostUpdate{Incident: "INC-1", Text: line})
	try(model.SetReviewField{Incident: "INC-1", Field: string(model.ReviewSummary), Text: line})
	try(model.AssignRole{Incident: "INC-1", Role: "scribe", User: short})
	content := cut(input, 32<<10)
	sum := sha256.Sum256([]byte(input))
	try(model.Attach{
		Incident: "INC-1", Name: short, Note: short, Content: content,
		Size: int64(len(input)), SHA256: hex.EncodeToString(sum[:]), Truncated: len(content) < len(input),
	})
}

// cut is the first n bytes of s, split wherever that falls: the store
// must cope with a cut through a character too.
func cut(s string, n int) string { return s[:min(len(s), n)] }

// renderedFrame is what one screen made the renderer write.
type renderedFrame struct {
	screen string
	raw    []byte
}

// drawForBob draws bob's screens in turn: the list, the room, the
// attachment opened from the timeline, the review, and the room again
// with the input pasted into his own command line (last, so that what it
// pastes cannot change what the keys before it do).
func drawForBob(t *testing.T, s model.Store, clock *testClock, input string) []renderedFrame {
	t.Helper()
	const width, height = 160, 48
	m := New(sessionOptions(t, s, bob, clock)).(*app)
	sendAll(m, tea.EnvMsg{"TERM=xterm-256color"}, tea.WindowSizeMsg{Width: width, Height: height})
	var frames []renderedFrame
	draw := func(screen string) {
		frames = append(frames, renderedFrame{screen, renderThroughProgram(t, m, width, height)})
	}
	draw("list")
	sendAll(m, enterKey)
	if m.room == nil {
		t.Fatal("enter on the list did not open the room")
	}
	draw("room")
	sendAll(m, tabKey, enterKey)
	draw("attachment")
	sendAll(m, escKey)
	m.openReview()
	draw("review")
	sendAll(m, escKey)
	m.room.setFocus(focusInput)
	sendAll(m, tea.PasteMsg{Content: input})
	draw("own paste")
	return frames
}

// renderThroughProgram runs m as a server session does: in a tea.Program
// without Bubble Tea's renderer, its frames painted by tui/render, both
// writing to one output (here a buffer, there the SSH channel). It stops
// the program at once, paints the last frame and gives the terminal back,
// and returns every byte written.
func renderThroughProgram(t *testing.T, m tea.Model, width, height int) []byte {
	t.Helper()
	out := &serialBuffer{}
	term := render.New(out, width, height, colorprofile.TrueColor, nil)
	painted := render.Model(m, term)
	p := tea.NewProgram(painted,
		tea.WithInput(nil), tea.WithOutput(out), tea.WithoutRenderer(),
		tea.WithWindowSize(width, height),
		tea.WithEnvironment([]string{"TERM=xterm-256color"}),
		tea.WithColorProfile(colorprofile.TrueColor),
		tea.WithoutSignalHandler(),
	)
	done := make(chan error, 1)
	go func() {
		_, err := p.Run()
		done <- err
	}()
	p.Quit()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("program: %v", err)
		}
	case <-time.After(10 * time.Second):
		p.Kill()
		t.Fatal("program did not quit")
	}
	painted.View() // the frame as it stands, whichever messages the program took before quitting
	term.Close()
	return out.bytes()
}

// serialBuffer is an output two writers share, one write at a time.
type serialBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *serialBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *serialBuffer) bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Clone(b.buf.Bytes())
}

func truncateForLog(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

func TestRenderCheckCatchesWhatItShould(t *testing.T) {
	for _, tc := range []struct {
		name string
		raw  string
		bad  bool
	}{
		{"renderer's own sequences", "\x1b[?1049h\x1b[H\x1b[2J\x1b[38;2;1;2;3mhi\x1b[m\r\n\x1b[3;4H\x1b[K\x1b]11;?\x07", false},
		{"stray escape", "text \x1b", true},
		{"clipboard write", "\x1b]52;c;aGk=\x07", true},
		{"hyperlink", "\x1b]8;;https://x/\x1b\\", true},
		{"device control string", "\x1bP$qm\x1b\\", true},
		{"application program command", "\x1b_Gi=1\x1b\\", true},
		{"8-bit CSI", "\x9b2J", true},
		{"encoded C1", "a\u009bb", true},
		{"invalid UTF-8", "a\xffb", true},
		{"bidi override", "a\u202eb", true},
		{"reset terminal", "\x1bc", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := checkRendered([]byte(tc.raw))
			if (err != nil) != tc.bad {
				t.Errorf("checkRendered(%q) = %v, want bad=%t", tc.raw, err, tc.bad)
			}
		})
	}
}

// The fuzz test proves something only if the input is on every screen it
// draws: a marker in the input must show on each.
func TestFuzzedTextReachesEveryScreen(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	const input = "\x1b[2J wiped marker"
	fillFromUser(t, s, input)
	frames := drawForBob(t, s, clock, input)
	for _, f := range frames {
		if !strings.Contains(ansi.Strip(string(f.raw)), "wiped marker") {
			t.Errorf("%s does not show the input:\n%s", f.screen, ansi.Strip(string(f.raw)))
		}
	}
	if got := ansi.Strip(string(frames[2].raw)); !strings.Contains(got, "esc close") {
		t.Errorf("the attachment screen is not the open attachment:\n%s", got)
	}
}
