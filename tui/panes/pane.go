package panes

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/style"
)

// Pane is what the room needs of a side pane, whether it stacks them in
// a column or shows them as tabs.
type Pane interface {
	// Title names the pane, for its heading or tab.
	Title() string
	// SetIncident gives the pane the room's incident (nil while it is not
	// in the state) and the rules the server runs under (nil for the
	// defaults). It is cheap to call on every new state.
	SetIncident(inc *model.Incident, rules *model.Rules)
	SetStyles(st *style.Styles)
	// View draws the pane in exactly height lines of at most width cells.
	View(width, height int, now time.Time, focused bool) string
	// NextChange is when a clock on the pane next changes its text, so
	// the room can wake for it; ok is false when nothing on it ticks.
	NextChange(now time.Time) (at time.Time, ok bool)
	// Keys are the pane's bindings, for help.
	Keys() []key.Binding
	// HandleKey acts on a key pressed while the pane has focus, on behalf
	// of user me. It returns the command to dispatch for the room's
	// incident (nil when the key only moved the selection or there is
	// nothing to act on) and whether the key was the pane's at all.
	HandleKey(msg tea.KeyPressMsg, me string) (cmd model.Command, consumed bool)
}

var (
	_ Pane = (*Roles)(nil)
	_ Pane = (*Ladder)(nil)
	_ Pane = (*Actions)(nil)
)
