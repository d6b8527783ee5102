package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
)

// screens puts a fresh interface in each state a person can reach.
var screens = []struct {
	name  string
	actor model.Actor
	keys  []tea.Msg
}{
	{"list", alice, nil},
	{"list help", alice, []tea.Msg{tea.KeyPressMsg{Code: '?', Text: "?"}}},
	{"filter", alice, append([]tea.Msg{tea.KeyPressMsg{Code: '/', Text: "/"}}, typed("inc")...)},
	{"declare form", alice, append([]tea.Msg{tea.KeyPressMsg{Code: 'd', Text: "d"}}, typed("日本語🔥 title")...)},
	{"room", alice, append([]tea.Msg{tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyEnter}}, typed("draft")...)},
	{"room scrolled", alice, []tea.Msg{tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyEnter}, tea.KeyPressMsg{Code: tea.KeyPgUp}}},
	{"room help", alice, []tea.Msg{tea.KeyPressMsg{Code: tea.KeyEnter}, tea.KeyPressMsg{Code: '?', Text: "?"}}},
	{"observer room", olga, []tea.Msg{tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyEnter}}},
}

func TestEverySizeStaysInsideTheWindow(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	sizes := [][2]int{{0, 0}, {1, 1}, {20, 5}, {79, 24}, {80, 23}, {80, 24}, {81, 25}, {160, 48}, {10000, 10000}, {100000, 30}, {-5, -5}}
	for _, sc := range screens {
		for _, size := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				m := newApp(t, s, sc.actor, clock)
				sendAll(m, sc.keys...)
				// Resize after the keys too: a layout must survive both orders.
				sendAll(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				checkFits(t, m, size[0], size[1])
				sendAll(m, tea.KeyPressMsg{Code: tea.KeyPgUp}, tea.KeyPressMsg{Code: tea.KeyPgDown})
				checkFits(t, m, size[0], size[1])
			})
		}
	}
}

// checkFits asserts that m's view fits a width x height window (clamped
// to the largest area ever drawn) and says so when too small.
func checkFits(t *testing.T, m *app, width, height int) {
	t.Helper()
	v := m.View()
	w := min(max(width, 0), MaxWidth)
	h := min(max(height, 0), MaxHeight)
	lines := strings.Split(v.Content, "\n")
	if v.Content != "" && len(lines) > h {
		t.Errorf("%d lines in a window of %d", len(lines), h)
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Errorf("line %d is %d cells wide in a window of %d: %q", i, lw, w, ansi.Strip(l))
		}
	}
	small := w < minWidth || h < minHeight
	if small && w >= 20 && h >= 5 && !strings.Contains(ansi.Strip(v.Content), "too small") {
		t.Errorf("a %dx%d window does not say it is too small:\n%s", w, h, ansi.Strip(v.Content))
	}
	if !small && len(lines) != h {
		t.Errorf("%d lines fill a window of %d", len(lines), h)
	}
	if c := v.Cursor; c != nil && (c.X < 0 || c.Y < 0 || c.X >= w || c.Y >= h) {
		t.Errorf("cursor at %d,%d outside the %dx%d window", c.X, c.Y, w, h)
	}
}

func TestTooSmallSaysHowBigItIs(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	m := newApp(t, s, alice, clock)
	sendAll(m, tea.WindowSizeMsg{Width: 60, Height: 20})
	got := strings.Join(strings.Fields(ansi.Strip(m.View().Content)), " ")
	if want := "window too small (60x20); warroom needs 80x24"; got != want {
		t.Errorf("view = %q, want %q", got, want)
	}
	sendAll(m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if strings.Contains(m.View().Content, "too small") {
		t.Error("80x24 is still too small")
	}
}
