package tui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
)

// epoch is when every test's clock starts: a fixed instant, so screens
// are the same on every run.
var epoch = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

// testClock is a clock the test moves by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *testClock { return &testClock{now: epoch} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// openStore opens the real store (storetest) on clock, closed when the
// test ends.
func openStore(t testing.TB, clock *testClock) *hub.Hub {
	t.Helper()
	return storetest.Open(t, hub.Options{Now: clock.Now})
}

var (
	alice = model.Actor{Name: "alice", Level: model.LevelResponder}
	bob   = model.Actor{Name: "bob", Level: model.LevelResponder}
	olga  = model.Actor{Name: "olga", Level: model.LevelObserver}
	// bystander is a responder who leads nothing and owes no update: only
	// elapsed times change on their screen.
	bystander = model.Actor{Name: "dave", Level: model.LevelResponder}
)

// dispatch runs cmd on the store as actor and fails the test on a refusal.
func dispatch(t testing.TB, s model.Store, actor model.Actor, cmd model.Command) *model.Event {
	t.Helper()
	ev, err := s.Dispatch(context.Background(), actor, cmd)
	if err != nil {
		t.Fatalf("%s: %T: %v", actor.Name, cmd, err)
	}
	return ev
}

// sessionOptions are the Options the server would pass for actor, with a
// subscription that ends with the test.
func sessionOptions(t testing.TB, s model.Store, actor model.Actor, clock *testClock) Options {
	sub := s.Subscribe(context.Background())
	t.Cleanup(sub.Close)
	return Options{Store: s, Updates: sub, Actor: actor, Now: clock.Now}
}

// press returns the key press that b matches, as the terminal would send
// it, so tests press keys by binding rather than by spelling.
func press(t testing.TB, b key.Binding) tea.KeyPressMsg {
	t.Helper()
	if len(b.Keys()) == 0 {
		t.Fatalf("binding %q has no keys", b.Help().Desc)
	}
	name := b.Keys()[0]
	codes := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "end": tea.KeyEnd, "tab": tea.KeyTab,
	}
	var msg tea.KeyPressMsg
	switch {
	case codes[name] != 0:
		msg = tea.KeyPressMsg{Code: codes[name]}
	case strings.HasPrefix(name, "ctrl+"):
		r, _ := utf8.DecodeRuneInString(strings.TrimPrefix(name, "ctrl+"))
		msg = tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl}
	default:
		r, _ := utf8.DecodeRuneInString(name)
		msg = tea.KeyPressMsg{Code: r, Text: name}
	}
	if msg.String() != name {
		t.Fatalf("press(%q) built a key that reads %q", name, msg.String())
	}
	return msg
}

// typed returns the key presses that type s.
func typed(s string) []tea.Msg {
	var out []tea.Msg
	for _, r := range s {
		out = append(out, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return out
}

// run executes cmd as a program would, batches concurrently, and hands
// every message it produces to visit. Commands that block (timers) are
// left running; they end on their own.
func run(cmd tea.Cmd, visit func(tea.Msg)) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, sub := range batch {
				run(sub, visit)
			}
			return
		}
		visit(msg)
	}()
}

// find runs cmd and returns the first message of type T it produces.
func find[T tea.Msg](t testing.TB, cmd tea.Cmd) T {
	t.Helper()
	found := make(chan T, 1)
	run(cmd, func(msg tea.Msg) {
		if m, ok := msg.(T); ok {
			select {
			case found <- m:
			default:
			}
		}
	})
	select {
	case msg := <-found:
		return msg
	case <-time.After(10 * time.Second):
		var zero T
		t.Fatalf("no %T from the command", zero)
		return zero
	}
}

// terminal runs a model in a real tea.Program (teatest) and keeps a
// terminal emulator fed with its output, so tests read the screen a
// person would see.
type terminal struct {
	t   testing.TB
	tm  *teatest.TestModel
	emu *vt.Emulator
	raw strings.Builder // every byte the program wrote
}

// startTerminal runs m at width x height with colour stripped and a pinned
// environment, as the screen goldens need.
func startTerminal(t testing.TB, m tea.Model, width, height int) *terminal {
	return startTerminalWith(t, m, width, height, []string{"TERM=xterm-256color"}, colorprofile.Ascii)
}

func startTerminalWith(t testing.TB, m tea.Model, width, height int, env []string, profile colorprofile.Profile) *terminal {
	t.Helper()
	term := &terminal{t: t, emu: vt.NewEmulator(width, height)}
	// The emulator answers the program's terminal queries through a pipe
	// that must be drained, or its writes block.
	go func() { _, _ = io.Copy(io.Discard, term.emu) }()
	term.tm = teatest.NewTestModel(t, m,
		teatest.WithInitialTermSize(width, height),
		teatest.WithProgramOptions(tea.WithEnvironment(env), tea.WithColorProfile(profile)),
	)
	t.Cleanup(func() {
		_ = term.tm.Quit()
		term.tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
		if c, ok := term.emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	})
	return term
}

// screen feeds what the program wrote so far to the emulator and returns
// the visible text.
func (term *terminal) screen() string {
	b, err := io.ReadAll(term.tm.Output())
	if err != nil {
		term.t.Fatalf("read program output: %v", err)
	}
	term.raw.Write(b)
	// The program writes for a terminal whose line discipline turns LF
	// into CR LF (ONLCR), as a PTY does; the emulator needs it done.
	_, _ = term.emu.Write(bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")))
	return term.emu.String()
}

// waitFor polls the screen until it holds every one of want, and fails
// with the last screen after the deadline.
func (term *terminal) waitFor(want ...string) string {
	term.t.Helper()
	return term.waitUntil(func(s string) bool {
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	}, "screen to show %q", want)
}

// waitUntil polls the screen until ok holds.
func (term *terminal) waitUntil(ok func(string) bool, what string, args ...any) string {
	term.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s := term.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			term.t.Fatalf("timed out waiting for "+what+"; screen:\n%s", append(args, s)...)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// settled waits for want and then for the program to stop drawing, and
// returns the final screen.
func (term *terminal) settled(want ...string) string {
	term.t.Helper()
	term.waitFor(want...)
	last, quiet := "", 0
	return term.waitUntil(func(s string) bool {
		if s == last {
			quiet++
		} else {
			last, quiet = s, 0
		}
		return quiet >= 5
	}, "screen to settle")
}

// send delivers msgs to the program in order.
func (term *terminal) send(msgs ...tea.Msg) {
	for _, m := range msgs {
		term.tm.Send(m)
	}
}

// waitForStore polls the store until ok holds for its snapshot.
func waitForStore(t testing.TB, s model.Store, what string, ok func(*model.State) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok(s.Snapshot()) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for the store: %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
