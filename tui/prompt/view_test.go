package prompt

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestViewAndCursor(t *testing.T) {
	p := focused(t, 100)
	p.SetWidth(40)
	if got := ansi.Strip(p.View()); !strings.HasPrefix(got, "> type a note") {
		t.Errorf("empty prompt shows %q, want the placeholder", got)
	}
	typeText(p, "/ack")
	view := p.View()
	if got := ansi.Strip(view); got != "> /ack" {
		t.Errorf("view %q", got)
	}
	if c := p.Cursor(); c == nil || c.Position.X != len("> /ack") || c.Position.Y != 0 {
		t.Errorf("cursor %+v, want just after the text", c)
	}
	p.Blur()
	if p.Cursor() != nil {
		t.Error("a blurred prompt shows a cursor")
	}
}

func TestLongLineScrollsWithTheCursor(t *testing.T) {
	const width = 20
	text := "abcdefghijklmnopqrstuvwxyz0123456789ABCD" // 40 cells
	p := focused(t, 100)
	p.SetWidth(width)
	typeText(p, text)
	// The cursor's own cell past the end takes the last column.
	wantLine(t, p, "> "+text[23:], width-1)

	for range 5 {
		p.Update(left)
	}
	wantLine(t, p, "> "+text[23:], 2+(35-23)) // on the '9'

	p.Update(tea.KeyPressMsg{Code: tea.KeyHome})
	wantLine(t, p, "> "+text[:18], 2)
}

func TestCursorCountsWideCharacters(t *testing.T) {
	p := focused(t, 100)
	p.SetWidth(40)
	typeText(p, "日本語")
	wantLine(t, p, "> 日本語", 2+6)
	p.Update(left)
	wantLine(t, p, "> 日本語", 2+4)
}

// wantLine checks the line as drawn (colour aside) and the cursor column.
func wantLine(t *testing.T, p *Model, view string, x int) {
	t.Helper()
	if got := ansi.Strip(p.View()); got != view {
		t.Errorf("view %q, want %q", got, view)
	}
	if c := p.Cursor(); c == nil || c.Position.X != x {
		t.Errorf("cursor %+v, want column %d", c, x)
	}
}
