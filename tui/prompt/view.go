package prompt

import (
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

const (
	promptText  = "> "
	placeholder = "type a note, or a /command (tab completes)"
)

// refresh redraws the line and the hint after any change, so View and
// Hint cost nothing per frame.
func (m *Model) refresh() {
	m.renderLine()
	m.hint = m.renderHint()
}

// renderLine draws the prompt and the part of the text in view. A line
// wider than the prompt scrolls sideways, in cells, just enough to keep
// the cursor in view; the cursor is placed by the same count, so it lands
// on the right character even after wide ones.
func (m *Model) renderLine() {
	st := m.styles.Input.Blurred
	if m.Focused() {
		st = m.styles.Input.Focused
	}
	promptWidth := ansi.StringWidth(promptText)
	value := m.value
	cursor, total := m.cellWidths(value)
	text, textStyle := value, st.Text.Inline(true)
	if value == "" {
		text, textStyle = placeholder, st.Placeholder.Inline(true)
	}
	if m.width > 0 {
		// Cells for text, less the one the cursor takes past the end.
		room := max(m.width-promptWidth-1, 1)
		m.offset = min(max(m.offset, cursor-room), cursor, max(total-room, 0))
		if isPrintableASCII(text) {
			text = text[min(m.offset, len(text)):min(m.offset+room+1, len(text))]
		} else {
			text = ansi.Cut(text, m.offset, m.offset+room+1)
		}
	}
	m.line = st.Prompt.Render(promptText) + textStyle.Render(text)
	m.cursorX = promptWidth + cursor - m.offset
}

// cellWidths is how many cells the text before the cursor and the whole
// text take. Printable ASCII, the common case, takes a cell a byte;
// counting graphemes on every key would make typing into a long line (a
// paste arriving as keystrokes) cost the line's length per key.
func (m *Model) cellWidths(value string) (cursor, total int) {
	pos := m.input.Position()
	if isPrintableASCII(value) {
		return pos, len(value)
	}
	// Measured in two halves: one pass over a long line, not two.
	runes := []rune(value)
	cursor = ansi.StringWidth(string(runes[:pos]))
	return cursor, cursor + ansi.StringWidth(string(runes[pos:]))
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// View is the input line.
func (m *Model) View() string { return m.line }

// Cursor is where the terminal's cursor goes, relative to the line; nil
// while blurred.
func (m *Model) Cursor() *tea.Cursor {
	if !m.Focused() {
		return nil
	}
	c := tea.NewCursor(m.cursorX, 0)
	style := m.styles.Input.Cursor
	c.Blink, c.Shape, c.Color = style.Blink, style.Shape, style.Color
	return c
}
