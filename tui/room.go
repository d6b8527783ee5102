package tui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/memo"
	"github.com/warroom/warroom/tui/panes"
	"github.com/warroom/warroom/tui/prompt"
	"github.com/warroom/warroom/tui/style"
	"github.com/warroom/warroom/tui/timeline"
)

// wheelLines is how far one notch of the mouse wheel scrolls.
const wheelLines = 3

// Focus areas of the room, in the order tab visits them. The panes follow
// the timeline: focusTimeline+1+i is panes[i].
const (
	focusInput    = -1
	focusTimeline = 0
)

// roomScreen is one incident's war room: header, timer strip, timeline,
// the side panes (roles, ladder, actions, similar past incidents) and, for
// those who may write, the command line.
type roomScreen struct {
	id string
	// visit tells this visit to the room from the person's next one,
	// for the outcomes of commands still in flight when they left.
	visit    uint64
	inc      *model.Incident // nil until the incident is in the state
	people   string          // who is here, for display
	here     []string        // what people was made from: the model's shared slice, replaced when someone comes or goes
	timeline *timeline.Model
	prompt   *prompt.Model // nil for observers: they have nothing to send
	panes    []panes.Pane  // roles, ladder, actions, and similar while there are any
	similar  *similarPane
	// focus is which area takes single keys; shown is which of the
	// timeline and the panes fills the body when the window is too narrow
	// to show them side by side.
	focus, shown int
	inputErr     string // the last refusal, shown until the next key
	// sending holds the lines sent to the store, in the order typed: the
	// first is in flight, the rest wait for it, so that lines typed ahead
	// on a slow link commit in order and the command line is free at once.
	sending []sentLine
	// viewer is the attachment expanded over the body, or nil.
	viewer *attachmentViewer

	header   memo.Memo[headerKey]   // the first line left of its clock
	clock    memo.Memo[clockKey]    // the clock, which ticks every second
	presence memo.Memo[presenceKey] // the second: who leads and who is here
	strip    memo.Memo[stripKey]
	tabs     memo.Memo[tabBarKey]
	status   memo.Memo[statusKey]
	// side is the pane column's lines, drawn for sideFor.
	side    []string
	sideFor sideKey
	// body is the wide layout's body: timeline beside the pane column, as
	// drawn from bodyTimeline and side.
	body         string
	bodyTimeline string
}

// headerKey is everything the header's first line shows left of its
// clock; a new note changes none of it.
type headerKey struct {
	severity   model.Severity
	status     model.Status
	since      string
	title      string
	clockWidth int
	width      int
	styles     int
}

// clockKey is the header's clock as drawn: drawn once a second, however
// often the room is.
type clockKey struct {
	text   string
	width  int
	styles int
}

// presenceKey is everything the header's second line shows.
type presenceKey struct {
	commander string
	people    string
	width     int
	styles    int
}

// tabBarKey is everything the narrow layout's tab bar shows.
type tabBarKey struct {
	names  string // the tabs' names, joined
	shown  int
	width  int
	styles int
}

// stripKey is everything the timer strip shows.
type stripKey struct {
	text   string // stripText.key
	width  int
	styles int
}

// statusKey is everything the line under the input depends on.
type statusKey struct {
	err   string
	hint  string
	focus int
	// viewing is an attachment expanded, whose keys the help shows.
	viewing bool
	// expandable is an attachment selected on the focused timeline.
	expandable bool
	width      int
	styles     int
}

func newRoomScreen(m *app, id string) *roomScreen {
	canWrite := m.writer != nil
	m.visits++
	r := &roomScreen{
		id:       id,
		visit:    m.visits,
		timeline: timeline.New(m.styles, m.now().Location(), m.opts.Shared.timelineRows()),
		similar:  newSimilarPane(m.styles),
		focus:    focusTimeline,
	}
	r.panes = []panes.Pane{
		panes.NewRoles(m.styles, canWrite), panes.NewLadder(m.styles, canWrite), panes.NewActions(m.styles, canWrite),
	}
	if canWrite {
		// One command line per session, so that its history follows the
		// person from room to room; each room keeps its own draft.
		if m.prompt == nil {
			m.prompt = prompt.New(m.styles, m.completions(), inputLimit(model.MaxNoteBytes))
		}
		r.prompt = m.prompt
		r.prompt.SetStyles(m.styles)
		r.prompt.Reset()
		r.prompt.SetValue(m.drafts[id])
		r.focus = focusInput
	}
	r.refresh(m)
	r.resize(m)
	return r
}

// refresh picks up a new state: the incident and who is here.
func (r *roomScreen) refresh(m *app) {
	r.inc, _ = m.state.Incident(r.id)
	if here := m.state.PeopleIn(r.id); !sameSlice(here, r.here) || r.people == "" {
		r.here, r.people = here, joinNames(here)
	}
	if r.inc == nil {
		return
	}
	r.timeline.SetEntries(r.inc.Timeline)
	r.timeline.SetPinned(r.inc.Pinned)
	for _, p := range r.panes[:basePanes] {
		p.SetIncident(r.inc, m.state.Rules())
	}
	r.similar.SetIncident(r.inc, m.state.Rules())
	r.similar.update(m.state)
	r.showSimilar(len(r.similar.list) > 0)
}

// basePanes is how many panes every room has: roles, ladder, actions.
const basePanes = 3

// showSimilar adds the similar incidents pane while there are any, last,
// and takes it away when there are none, moving focus off it.
func (r *roomScreen) showSimilar(show bool) {
	switch shown := len(r.panes) > basePanes; {
	case show && !shown:
		r.panes = append(r.panes, r.similar)
	case !show && shown:
		r.panes = r.panes[:basePanes]
		if r.focus > basePanes || r.shown > basePanes {
			r.shown = focusTimeline
			r.setFocus(r.home())
		}
	}
}

func (r *roomScreen) setStyles(st *style.Styles) {
	r.timeline.SetStyles(st)
	for _, p := range r.panes[:basePanes] {
		p.SetStyles(st)
	}
	r.similar.SetStyles(st)
	if r.prompt != nil {
		r.prompt.SetStyles(st)
	}
}

// home is where focus rests: the command line, or the timeline for
// observers.
func (r *roomScreen) home() int {
	if r.prompt != nil {
		return focusInput
	}
	return focusTimeline
}

// setFocus moves the keyboard to area f; in the narrow layout the body
// shows the area that has it.
func (r *roomScreen) setFocus(f int) {
	r.focus = f
	if f != focusInput {
		r.shown = f
	}
	r.timeline.SetFocused(f == focusTimeline)
	if r.prompt != nil {
		if f == focusInput {
			r.prompt.Focus()
		} else {
			r.prompt.Blur()
		}
	}
}

// cycleFocus moves focus by step through the input (for those who may
// write), the timeline and the panes.
func (r *roomScreen) cycleFocus(step int) {
	first := r.home()
	n := len(r.panes) + 1 - first // areas from first to the last pane
	r.setFocus(first + ((r.focus-first+step)%n+n)%n)
}

// activate gives the keyboard to the area that had it, when the room is
// (re)entered.
func (r *roomScreen) activate() tea.Cmd {
	r.setFocus(r.focus)
	return nil
}

// draft is the unsent text, kept for when the person comes back.
func (r *roomScreen) draft() string {
	if r.prompt == nil {
		return ""
	}
	return r.prompt.Value()
}

func (r *roomScreen) onKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	r.inputErr = ""
	if r.viewer != nil {
		return r.onViewerKey(m, msg)
	}
	switch {
	case key.Matches(msg, k.Back):
		if r.focus == focusInput && r.prompt.CancelCompletion() {
			return nil
		}
		if r.focus == r.home() {
			return m.leaveRoom()
		}
		r.setFocus(r.home())
		return nil
	case key.Matches(msg, k.Follow) && !r.timeline.Following():
		r.timeline.Follow()
		return nil
	case key.Matches(msg, k.Help) && (r.focus != focusInput || r.draft() == ""):
		m.openHelp()
		return nil
	case r.focus == focusInput:
		switch r.prompt.Update(msg) {
		case prompt.Submitted:
			return r.send(m)
		case prompt.Handled:
			return nil
		}
	}
	switch {
	case key.Matches(msg, k.OpenReview):
		m.openReview()
	case key.Matches(msg, k.NextFocus):
		r.cycleFocus(1)
	case key.Matches(msg, k.PrevFocus):
		r.cycleFocus(-1)
	case key.Matches(msg, k.PageUp):
		r.timeline.PageUp()
	case key.Matches(msg, k.PageDown):
		r.timeline.PageDown()
	case r.focus == focusTimeline:
		return r.onTimelineKey(m, msg)
	case r.focus > focusTimeline:
		p := r.panes[r.focus-1]
		cmd, consumed := p.HandleKey(msg, m.opts.Actor.Name)
		if !consumed && m.writer == nil && wouldChange(msg, p.Keys()) {
			r.inputErr = observerRefusal
		}
		return r.dispatch(m, cmd)
	}
	return nil
}

func (r *roomScreen) onTimelineKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		r.timeline.SelectUp()
	case key.Matches(msg, k.Down):
		r.timeline.SelectDown()
	case key.Matches(msg, k.Pin):
		if e, n, ok := r.timeline.Selected(); ok && r.inc != nil {
			r.timeline.Hold()
			return r.dispatch(m, model.Pin{Incident: r.id, Entry: n, Pinned: !r.inc.Pinned[e.Seq]})
		}
	case key.Matches(msg, k.Expand):
		r.expandSelected()
	case key.Matches(msg, k.CycleFilter):
		names := timeline.FilterNames()
		f, _ := timeline.ParseFilter(names[(slices.Index(names, r.timeline.Filter().String())+1)%len(names)])
		r.timeline.SetFilter(f)
	case m.writer == nil && wouldChange(msg, k.timelineKeys()):
		r.inputErr = observerRefusal
	}
	return nil
}

// observerRefusal is what an observer is told when a key would change the
// incident.
const observerRefusal = "observers watch; they cannot change anything"

// wouldChange reports whether msg is the key of a disabled binding: for an
// observer, whose keymaps disable every key that changes an incident (so
// that help never offers one), a key that would have. It is answered,
// rather than ignored as if the key did not exist.
func wouldChange(msg tea.KeyPressMsg, bindings []key.Binding) bool {
	for _, b := range bindings {
		if !b.Enabled() && slices.Contains(b.Keys(), msg.String()) {
			return true
		}
	}
	return false
}

func (r *roomScreen) onPaste(msg tea.PasteMsg) tea.Cmd {
	if r.prompt == nil || r.focus != focusInput {
		return nil
	}
	r.inputErr = ""
	r.prompt.Update(msg)
	return nil
}

func (r *roomScreen) onWheel(m *app, msg tea.MouseWheelMsg) {
	if r.viewer != nil {
		n := wheelLines
		if msg.Button == tea.MouseWheelUp {
			n = -n
		}
		r.viewer.scroll(n, r.viewerHeight(m))
		return
	}
	switch msg.Button {
	case tea.MouseWheelUp:
		r.timeline.ScrollUp(wheelLines)
	case tea.MouseWheelDown:
		r.timeline.ScrollDown(wheelLines)
	}
}
