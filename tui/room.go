package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/cmdline"
	"github.com/warroom/warroom/tui/style"
	"github.com/warroom/warroom/tui/timeline"
)

// wheelLines is how far one notch of the mouse wheel scrolls.
const wheelLines = 3

// roomScreen is one incident's war room: header, timeline and, for those
// who may write, the input line.
type roomScreen struct {
	id       string
	inc      *model.Incident // nil until the incident is in the state
	people   string          // who is here, for display
	timeline *timeline.Model
	input    *textinput.Model // nil for observers: they have nothing to send
	inputErr string           // the last refusal, shown until the next key
	posting  bool             // a note is in flight; enter waits for it

	header memo[headerKey]
	status memo[statusKey]
}

// headerKey is everything the header shows; a new note changes none of it.
type headerKey struct {
	severity model.Severity
	status   model.Status
	title    string
	elapsed  string
	people   string
	width    int
	styles   int
}

// statusKey is everything the status line under the input depends on.
type statusKey struct {
	err    string
	width  int
	styles int
}

func newRoomScreen(m *app, id string) *roomScreen {
	r := &roomScreen{id: id, timeline: timeline.New(m.styles, m.now().Location())}
	if m.writer != nil {
		in := newInput("> ", "type a note, enter posts it", inputLimit(model.MaxNoteBytes), m.styles)
		in.SetValue(m.drafts[id])
		r.input = &in
	}
	r.refresh(m)
	r.resize(m)
	return r
}

// refresh picks up a new state: the incident and who is here.
func (r *roomScreen) refresh(m *app) {
	r.inc, _ = m.state.Incident(r.id)
	r.people = model.Sanitize(strings.Join(m.state.PeopleIn(r.id), ", "), false)
	if r.inc != nil {
		r.timeline.SetEntries(r.inc.Timeline)
	}
}

func (r *roomScreen) setStyles(st style.Styles) {
	r.timeline.SetStyles(st)
	if r.input != nil {
		r.input.SetStyles(st.Input)
	}
}

// Lines above and below the timeline.
const roomHeaderHeight = 3

func (r *roomScreen) footerHeight() int {
	if r.input != nil {
		return 3
	}
	return 2
}

func (r *roomScreen) timelineHeight(m *app) int {
	return max(m.height-roomHeaderHeight-r.footerHeight(), 0)
}

func (r *roomScreen) resize(m *app) {
	r.timeline.SetSize(m.width, r.timelineHeight(m))
	if r.input != nil {
		r.input.SetWidth(max(m.width-3, 1))
	}
}

func (r *roomScreen) focus() tea.Cmd {
	if r.input == nil {
		return nil
	}
	return r.input.Focus()
}

// draft is the unsent text, kept for when the person comes back.
func (r *roomScreen) draft() string {
	if r.input == nil {
		return ""
	}
	return r.input.Value()
}

func (r *roomScreen) onKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	r.inputErr = ""
	switch {
	case key.Matches(msg, k.Back):
		return m.leaveRoom()
	case key.Matches(msg, k.PageUp):
		r.timeline.PageUp()
	case key.Matches(msg, k.PageDown):
		r.timeline.PageDown()
	case key.Matches(msg, k.Follow) && !r.timeline.Following():
		r.timeline.Follow()
	case key.Matches(msg, k.Help) && r.draft() == "":
		m.showHelp = true
	case r.input == nil:
		// Observers: every other key does nothing.
	case key.Matches(msg, k.Send):
		return r.send(m)
	default:
		var cmd tea.Cmd
		*r.input, cmd = r.input.Update(msg)
		return cmd
	}
	return nil
}

// send runs the typed line: plain text posts a note, a slash command does
// what it says. Commands that change only this session run here; the rest
// go to the store.
func (r *roomScreen) send(m *app) tea.Cmd {
	line := r.input.Value()
	if r.posting || strings.TrimSpace(line) == "" {
		return nil
	}
	p, err := cmdline.Parse(line, cmdline.Context{Incident: r.id, Now: m.now()})
	if err != nil {
		r.inputErr = model.ErrorMessage(err)
		return nil
	}
	if p.Spec.Local {
		cmd, err := r.runLocal(m, p)
		if err != nil {
			r.inputErr = model.ErrorMessage(err)
			return nil
		}
		r.input.Reset()
		return cmd
	}
	r.posting = true
	return m.writer.run(r.id, line, p.Command)
}

// runLocal runs a command that changes only this session's view.
func (r *roomScreen) runLocal(m *app, p cmdline.Parsed) (tea.Cmd, error) {
	switch p.Spec.Name {
	case "theme":
		return m.chooseTheme(p.Fields[0])
	case "help":
		m.showHelp = true
	}
	return nil, nil
}

// commandDone clears the input once the store took its line, or keeps it
// and shows why the store refused it.
func (r *roomScreen) commandDone(msg commandDoneMsg) {
	r.posting = false
	switch {
	case msg.err != nil:
		r.inputErr = model.ErrorMessage(msg.err)
	case r.input.Value() == msg.line:
		r.input.Reset()
	}
}

func (r *roomScreen) onPaste(msg tea.PasteMsg) tea.Cmd {
	if r.input == nil {
		return nil
	}
	r.inputErr = ""
	var cmd tea.Cmd
	*r.input, cmd = r.input.Update(msg)
	return cmd
}

func (r *roomScreen) onWheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		r.timeline.ScrollUp(wheelLines)
	case tea.MouseWheelDown:
		r.timeline.ScrollDown(wheelLines)
	}
}
