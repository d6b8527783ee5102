package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/memo"
	"github.com/warroom/warroom/tui/style"
)

// listScreen is the incident list: every incident, open ones first, with
// who is in each room; a filter; and the declare form.
type listScreen struct {
	shown    []*model.Incident // incidents after the filter, in list order
	people   map[string]string // room id -> who is in it, joined for display
	present  []model.Presence  // what people was made from: the model's shared slice, replaced when someone comes or goes
	lobby    int               // how many people are on the list
	selected string            // id of the selected incident, stable across updates
	offset   int               // first row on screen

	filter    textinput.Model
	filtering bool         // the filter line has focus
	form      *declareForm // nil unless declaring

	rows  memo.Memo[listKey]
	stats memo.Memo[statsKey]
}

// listKey is everything the rows depend on.
type listKey struct {
	state       *model.State
	width, rows int
	selected    string
	offset      int
	filter      string
	nextChange  int64 // the elapsed times shown hold until then
	styles      int
}

func newListScreen(m *app) *listScreen {
	l := &listScreen{filter: newInput("/ ", "filter by id, title or status", inputLimit(model.MaxTitleRunes), m.styles)}
	l.refresh(m)
	return l
}

func (l *listScreen) setStyles(st *style.Styles) {
	l.filter.SetStyles(st.Input)
	if l.form != nil {
		l.form.setStyles(st)
	}
}

func (l *listScreen) resize(m *app) {
	l.filter.SetWidth(max(m.width-4, 1))
	if l.form != nil {
		l.form.resize(m.width)
	}
	l.keepSelectionVisible(m)
}

// refresh recomputes what the list shows after the state or the filter
// changed: once per change, not once per frame.
func (l *listScreen) refresh(m *app) {
	q := strings.ToLower(strings.TrimSpace(l.filter.Value()))
	l.shown = l.shown[:0]
	for _, inc := range m.state.Incidents() {
		if q == "" || matches(inc, q) {
			l.shown = append(l.shown, inc)
		}
	}
	if present := m.state.Presence(); !sameSlice(present, l.present) || l.people == nil {
		l.present = present
		l.people = map[string]string{}
		rooms := m.state.PeopleByRoom()
		for room, users := range rooms {
			l.people[room] = joinNames(users)
		}
		l.lobby = len(rooms[""])
	}
	if l.index() < 0 && len(l.shown) > 0 {
		l.selected = l.shown[0].ID
	}
	l.keepSelectionVisible(m)
}

func matches(inc *model.Incident, q string) bool {
	for _, field := range []string{inc.ID, inc.Title, string(inc.Status), inc.Severity.String()} {
		if strings.Contains(strings.ToLower(field), q) {
			return true
		}
	}
	return false
}

// index is the position of the selected incident in shown, or -1.
func (l *listScreen) index() int {
	return slices.IndexFunc(l.shown, func(inc *model.Incident) bool { return inc.ID == l.selected })
}

func (l *listScreen) move(m *app, delta int) {
	if len(l.shown) == 0 {
		return
	}
	i := min(max(l.index()+delta, 0), len(l.shown)-1)
	l.selected = l.shown[i].ID
	l.keepSelectionVisible(m)
}

func (l *listScreen) keepSelectionVisible(m *app) {
	rows := l.rowCapacity(m)
	i := max(l.index(), 0)
	switch {
	case i < l.offset:
		l.offset = i
	case i >= l.offset+rows:
		l.offset = i - rows + 1
	}
	l.offset = min(max(l.offset, 0), max(len(l.shown)-rows, 0))
}

func (l *listScreen) onKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case l.form != nil:
		return l.form.onKey(m, msg)
	case l.filtering:
		return l.onFilterKey(m, msg)
	}
	k := m.keys
	switch {
	case key.Matches(msg, k.ListQuit):
		return tea.Quit
	case key.Matches(msg, k.Help):
		m.showHelp = true
	case key.Matches(msg, k.Up):
		l.move(m, -1)
	case key.Matches(msg, k.Down):
		l.move(m, 1)
	case key.Matches(msg, k.Join):
		if l.index() >= 0 {
			return m.enterRoom(l.selected)
		}
	case key.Matches(msg, k.Declare):
		if m.writer != nil {
			l.form = newDeclareForm(m)
			l.keepSelectionVisible(m) // the form takes rows away
			return l.form.focused().Focus()
		}
	case key.Matches(msg, k.Followups):
		return m.openFollowups(false)
	case key.Matches(msg, k.Filter):
		l.filtering = true
		return l.filter.Focus()
	case key.Matches(msg, k.ClearFilter):
		l.setFilter(m, "")
	}
	return nil
}

func (l *listScreen) onFilterKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.ApplyFilter):
		l.stopFiltering()
		return nil
	case key.Matches(msg, m.keys.CancelFilter):
		l.stopFiltering()
		l.setFilter(m, "")
		return nil
	}
	before := l.filter.Value()
	var cmd tea.Cmd
	l.filter, cmd = l.filter.Update(msg)
	if l.filter.Value() != before {
		l.refresh(m)
	}
	return cmd
}

func (l *listScreen) onPaste(msg tea.PasteMsg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case l.form != nil:
		in := l.form.focused()
		*in, cmd = in.Update(msg)
	case l.filtering:
		l.filter, cmd = l.filter.Update(msg)
	}
	return cmd
}

func (l *listScreen) stopFiltering() {
	l.filtering = false
	l.filter.Blur()
}

func (l *listScreen) setFilter(m *app, q string) {
	l.filter.SetValue(q)
	l.refresh(m)
}

func (l *listScreen) closeForm(m *app) {
	l.form = nil
	l.keepSelectionVisible(m)
}

func (l *listScreen) declareFailed(err error) {
	if l.form != nil {
		l.form.failed(err)
	}
}

// inputLimit bounds what an input holds, in runes, to a few times the
// store's limit: enough that an oversized paste is refused with its real
// size rather than cut silently to a size the store would accept.
func inputLimit(storeLimit int) int { return 4 * storeLimit }

// newInput builds a single-line input that uses the terminal's own cursor
// (no blink timer per session) and never reads the server's clipboard.
func newInput(prompt, placeholder string, limit int, st *style.Styles) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.SetVirtualCursor(false)
	in.KeyMap.Paste.SetEnabled(false)
	in.SetStyles(st.Input)
	return in
}

// sameSlice reports whether a and b are the same slice of the model's:
// shared values that are replaced, never changed in place.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
