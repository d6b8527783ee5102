package prompt

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

// BenchmarkKeyOnLongLine is one key typed at the end of a line near the
// room's limit: the prompt redraws the line and the hint on every key.
func BenchmarkKeyOnLongLine(b *testing.B) {
	p := New(style.New(themes.Dark()), completionValues, 16<<10)
	p.Focus()
	p.SetWidth(120)
	long := strings.Repeat("word ", 800) // 4000 bytes
	x := tea.KeyPressMsg{Code: 'x', Text: "x"}
	backspace := tea.KeyPressMsg{Code: tea.KeyBackspace}
	p.SetValue(long)
	b.ReportAllocs()
	for b.Loop() {
		p.Update(x)
		p.Update(backspace)
	}
}

// BenchmarkKeyOnCommand is one key typed in a short /command, where the
// hint looks the command up.
func BenchmarkKeyOnCommand(b *testing.B) {
	p := New(style.New(themes.Dark()), completionValues, 16<<10)
	p.Focus()
	p.SetWidth(120)
	x := tea.KeyPressMsg{Code: 'x', Text: "x"}
	backspace := tea.KeyPressMsg{Code: tea.KeyBackspace}
	p.SetValue("/assign ic al")
	b.ReportAllocs()
	for b.Loop() {
		p.Update(x)
		p.Update(backspace)
	}
}
