package prompt

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

const megabyte = 1 << 20

// wantHint checks the line under the input, colour aside.
func wantHint(t *testing.T, p *Model, want string) {
	t.Helper()
	if got := ansi.Strip(p.Hint()); got != want {
		t.Errorf("hint %q, want %q", got, want)
	}
}

func TestMegabytePasteIsCutToTheLimitAndSaysSo(t *testing.T) {
	p := focused(t, model.MaxNoteBytes)
	p.SetWidth(120)
	typeText(p, "log: ")
	p.Update(tea.PasteMsg{Content: strings.Repeat("0123456789abcdef\n", megabyte/17+1)})
	if n := len(p.Value()); n != model.MaxNoteBytes {
		t.Errorf("the prompt holds %d bytes, want the limit %d", n, model.MaxNoteBytes)
	}
	if !strings.HasPrefix(p.Value(), "log: 0123456789abcdef 0123") {
		t.Errorf("the paste did not go after what was typed: %.40q", p.Value())
	}
	wantHint(t, p, "paste cut: kept 4.0 KiB of 1.0 MiB; the line holds at most 4.0 KiB")

	p.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
	wantHint(t, p, "")
}

func TestPasteThatFitsSaysNothing(t *testing.T) {
	p := focused(t, model.MaxNoteBytes)
	p.Update(tea.PasteMsg{Content: strings.Repeat("x", model.MaxNoteBytes)})
	wantValue(t, p, strings.Repeat("x", model.MaxNoteBytes))
	wantHint(t, p, "")
}

func TestTypingIntoAFullLineSaysItIsFull(t *testing.T) {
	p := focused(t, 8)
	typeText(p, "12345678")
	wantHint(t, p, "")
	if out := p.Update(tea.KeyPressMsg{Code: '9', Text: "9"}); out != Handled {
		t.Errorf("a key refused at the limit: %v, want Handled (it must not reach the room)", out)
	}
	wantValue(t, p, "12345678")
	wantHint(t, p, "the line is full: it holds at most 8 B")
	p.Reset()
	wantHint(t, p, "")
}

// A terminal without bracketed paste delivers a paste as one key per
// character: a megabyte of them ends with the line at the limit, saying
// so, and every key after the line filled costs next to nothing.
func TestMegabyteOfKeysStopsAtTheLimit(t *testing.T) {
	p := focused(t, model.MaxNoteBytes)
	p.SetWidth(120)
	x := tea.KeyPressMsg{Code: 'x', Text: "x"}
	for range megabyte {
		p.Update(x)
	}
	if n := len(p.Value()); n != model.MaxNoteBytes {
		t.Errorf("the prompt holds %d bytes, want %d", n, model.MaxNoteBytes)
	}
	wantHint(t, p, "the line is full: it holds at most 4.0 KiB")
	if allocs := testing.AllocsPerRun(100, func() { p.Update(x) }); allocs > 0 {
		t.Errorf("a key refused at the limit allocates %.0f times, want none", allocs)
	}
}

// What is pasted is cleaned as the store cleans it, so a pasted escape
// sequence or direction override never reaches even one's own screen.
func TestPasteIsCleaned(t *testing.T) {
	p := focused(t, 1000)
	p.Update(tea.PasteMsg{Content: "\x1b[2J\x1b]52;c;aGk=\x07red\u202e \x9bx\xff\r\nnext"})
	// The text input drops the replacement characters of the broken bytes.
	wantValue(t, p, "red x next")
}

// BenchmarkKeyAtTheLimit is one key refused because the line is full: the
// cost of each key of a long burst typed into a full prompt.
func BenchmarkKeyAtTheLimit(b *testing.B) {
	p := New(style.New(themes.Dark()), completionValues, model.MaxNoteBytes)
	p.Focus()
	p.SetWidth(120)
	p.SetValue(strings.Repeat("x", model.MaxNoteBytes))
	x := tea.KeyPressMsg{Code: 'x', Text: "x"}
	b.ReportAllocs()
	for b.Loop() {
		p.Update(x)
	}
}
