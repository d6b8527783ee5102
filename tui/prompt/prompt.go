// Package prompt is the room's command line: one line of input that posts
// notes and runs /commands, with tab completion from the command table,
// a usage hint, and a history of the lines sent.
package prompt

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/cmdline"
	"github.com/warroom/warroom/tui/style"
)

// Outcome is what a message did to the prompt, so the room knows whether
// the key is still its own.
type Outcome int

const (
	// Ignored: the prompt had no use for the message (a key it does not
	// bind, tab on plain text, anything while blurred); the room may act
	// on it.
	Ignored Outcome = iota
	// Handled: the prompt used it (edited, completed, walked history).
	Handled
	// Submitted: enter on a line that is not blank. Value is the line to
	// send; it is already in the history and stays in the prompt until the
	// room calls Reset, so a refused line can be fixed and sent again.
	Submitted
)

// Model is one room's input line. It belongs to one session.
type Model struct {
	// KeyMap is the prompt's bindings; the room lists them in its help.
	KeyMap KeyMap

	input   textinput.Model
	styles  *style.Styles
	values  func(cmdline.ArgKind) []string
	limit   int // bytes
	width   int // cells, prompt included; 0 until SetWidth
	history history
	cycle   cycle
	// notice says why the last key or paste was not taken whole, until
	// the next one.
	notice string
	// value is the text, copied out of the input once per change: the
	// input keeps runes, and converting them on every look would cost the
	// line's length several times a key.
	value string

	// Drawn on every change, not on every frame.
	line    string
	offset  int // cells of text scrolled out of view on the left
	cursorX int
	hint    string
}

// New returns a blurred, empty prompt. values supplies what completes each
// kind of argument (roles, users, statuses…) and may be nil; limit is the
// most bytes the line may hold (positive).
func New(st *style.Styles, values func(cmdline.ArgKind) []string, limit int) *Model {
	if values == nil {
		values = func(cmdline.ArgKind) []string { return nil }
	}
	// The text input edits the text; the prompt draws it (view.go).
	in := textinput.New()
	// The terminal's own cursor: no blink timer per session.
	in.SetVirtualCursor(false)
	// The prompt owns tab, up and down; and never reads a clipboard.
	for _, b := range []*key.Binding{&in.KeyMap.Paste, &in.KeyMap.AcceptSuggestion, &in.KeyMap.NextSuggestion, &in.KeyMap.PrevSuggestion} {
		b.SetEnabled(false)
	}
	m := &Model{KeyMap: DefaultKeyMap(), input: in, values: values, limit: limit}
	m.SetStyles(st)
	return m
}

// SetStyles switches to a new theme's styles.
func (m *Model) SetStyles(st *style.Styles) {
	m.styles = st
	m.refresh()
}

// SetWidth sets the width of the line, prompt included, and of the hint.
func (m *Model) SetWidth(w int) {
	m.width = max(w, 0)
	m.refresh()
}

// Focus lets the prompt take keys and shows its cursor.
func (m *Model) Focus() tea.Cmd {
	cmd := m.input.Focus()
	m.refresh()
	return cmd
}

// Blur stops the prompt taking keys; Update ignores everything.
func (m *Model) Blur() {
	m.endCycle()
	m.input.Blur()
	m.refresh()
}

// Focused reports whether the prompt takes keys.
func (m *Model) Focused() bool { return m.input.Focused() }

// Value is the text in the prompt.
func (m *Model) Value() string { return m.value }

// SetValue replaces the text, cut to the limit, with the cursor at its
// end: a draft kept from an earlier visit.
func (m *Model) SetValue(s string) {
	m.endCycle()
	m.notice = ""
	m.history.stopBrowsing()
	m.setLine(s)
	m.refresh()
}

// Reset empties the prompt after its line was accepted.
func (m *Model) Reset() {
	m.endCycle()
	m.notice = ""
	m.history.stopBrowsing()
	m.input.Reset()
	m.value = ""
	m.refresh()
}

// Hint is the line to show under the input: why the last paste was cut
// or the last key refused, the completion options while tab cycles
// through them, the usage of the /command being typed once its name is
// complete, or "".
func (m *Model) Hint() string { return m.hint }

// Update takes a key press or a paste.
func (m *Model) Update(msg tea.Msg) Outcome {
	if !m.input.Focused() {
		return Ignored
	}
	var out Outcome
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if m.refuseAtLimit(msg) {
			return Handled
		}
		m.notice = ""
		out = m.onKey(msg)
	case tea.PasteMsg:
		m.endCycle()
		m.notice = ""
		m.paste(msg.Content)
		out = Handled
	}
	m.refresh()
	return out
}

// refuseAtLimit turns away a key whose text would take the line past the
// limit, before the text input sees it, and says why. A burst of keys (a
// paste from a terminal without bracketed paste) then costs next to
// nothing per key once the line is full.
func (m *Model) refuseAtLimit(msg tea.KeyPressMsg) bool {
	if msg.Text == "" || len(m.value)+len(msg.Text) <= m.limit {
		return false
	}
	if m.notice == "" {
		m.endCycle()
		m.notice = "the line is full: it holds at most " + model.FormatSize(int64(m.limit))
		m.refresh()
	}
	return true
}

// paste inserts pasted text on one line, cleaned as the store would clean
// it (so no escape or bidirectional control shows even in one's own
// prompt), cut to the room left under the limit; a cut says so.
func (m *Model) paste(content string) {
	clean := model.Sanitize(flatten(content), false)
	kept := m.fit(clean)
	if len(kept) < len(clean) {
		m.notice = fmt.Sprintf("paste cut: kept %s of %s; the line holds at most %s",
			model.FormatSize(int64(len(kept))), model.FormatSize(int64(len(clean))), model.FormatSize(int64(m.limit)))
	}
	m.edit(tea.PasteMsg{Content: kept})
}

func (m *Model) onKey(msg tea.KeyPressMsg) Outcome {
	k := m.KeyMap
	switch {
	case key.Matches(msg, k.Complete):
		return m.complete(+1)
	case key.Matches(msg, k.CompleteBack):
		return m.complete(-1)
	}
	m.endCycle()
	switch {
	case key.Matches(msg, k.Submit):
		line := m.Value()
		if strings.TrimSpace(line) == "" {
			return Handled
		}
		m.history.add(line)
		return Submitted
	case key.Matches(msg, k.HistoryPrev):
		if line, ok := m.history.prev(m.Value()); ok {
			m.setLine(line)
		}
		return Handled
	case key.Matches(msg, k.HistoryNext):
		if line, ok := m.history.next(); ok {
			m.setLine(line)
		}
		return Handled
	case !m.isEditing(msg):
		return Ignored
	}
	m.edit(msg)
	return Handled
}

// isEditing reports whether the text input would use the key: text, or
// one of its editing bindings.
func (m *Model) isEditing(msg tea.KeyPressMsg) bool {
	k := m.input.KeyMap
	return msg.Text != "" || key.Matches(msg,
		k.CharacterForward, k.CharacterBackward, k.WordForward, k.WordBackward,
		k.DeleteWordBackward, k.DeleteWordForward, k.DeleteAfterCursor, k.DeleteBeforeCursor,
		k.DeleteCharacterBackward, k.DeleteCharacterForward, k.LineStart, k.LineEnd)
}

// edit lets the text input apply msg, undoing a key whose text would take
// the line past the limit. Changing a recalled line makes it the draft.
func (m *Model) edit(msg tea.Msg) {
	before, pos := m.value, m.input.Position()
	// Nothing is returned but cursor blinks, and the cursor is the
	// terminal's.
	m.input, _ = m.input.Update(msg)
	m.value = m.input.Value()
	if len(m.value) > m.limit {
		m.input.SetValue(before)
		m.input.SetCursor(pos)
		m.value = before
	}
	if m.value != before {
		m.history.stopBrowsing()
	}
}

// setLine shows s, cut to the limit, with the cursor at its end.
func (m *Model) setLine(s string) {
	m.input.SetValue(cutBytes(s, m.limit))
	m.input.CursorEnd()
	m.value = m.input.Value()
}

func (m *Model) endCycle() { m.cycle = cycle{} }

// CancelCompletion ends cycling through completions, keeping the line as
// it stands, and reports whether there was a cycle to end: esc then closes
// the options instead of leaving the room.
func (m *Model) CancelCompletion() bool {
	if !m.cycle.active() {
		return false
	}
	m.endCycle()
	m.refresh()
	return true
}

// fit cuts pasted text to the room left under the limit.
func (m *Model) fit(s string) string {
	return cutBytes(s, m.limit-len(m.Value()))
}

// flatten puts pasted lines on one line.
func flatten(s string) string {
	return strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)
}

// cutBytes cuts s to at most n bytes without splitting a character.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	n = max(n, 0)
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
