package tui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
)

// keymap is every binding of the interface, with its help text. It is
// built per session by defaultKeymap, so sessions never share bindings,
// and the help screens are generated from it.
type keymap struct {
	Quit key.Binding // anywhere
	Help key.Binding // toggles the help screen

	// Incident list.
	Up          key.Binding
	Down        key.Binding
	Join        key.Binding
	Declare     key.Binding
	Filter      key.Binding
	ClearFilter key.Binding
	ListQuit    key.Binding

	// Filter line, while typing a filter.
	ApplyFilter  key.Binding
	CancelFilter key.Binding

	// Declare form.
	Submit     key.Binding
	Cancel     key.Binding
	MoreSevere key.Binding
	LessSevere key.Binding
	NextField  key.Binding

	// War room.
	Back        key.Binding
	PageUp      key.Binding
	PageDown    key.Binding
	Scroll      key.Binding // pgup and pgdn as one entry of the short help
	Follow      key.Binding
	NextFocus   key.Binding
	PrevFocus   key.Binding
	Pin         key.Binding // on the focused timeline entry
	CycleFilter key.Binding // of the timeline
	Expand      key.Binding // opens the selected attachment whole

	// Attachment view, beside Up, Down, PageUp, PageDown and Back.
	Top    key.Binding
	Bottom key.Binding

	// Incident list and follow-ups.
	Followups key.Binding

	// Review screen, beside Up, Down, PageUp, PageDown, Top, Bottom and
	// Back; the replay's own keys act while it plays.
	Replay        key.Binding
	ReplayPause   key.Binding
	ReplayStep    key.Binding
	ReplaySpeed   key.Binding
	ReplayRestart key.Binding

	// War room, outside the command line: the review, for everyone
	// (observers have no /review to type).
	OpenReview key.Binding
}

// defaultKeymap returns the bindings for actor-level canWrite; observers get
// no binding that would change anything.
func defaultKeymap(canWrite bool) keymap {
	k := keymap{
		Quit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Help: key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),

		Up:          key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:        key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Join:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "join")),
		Declare:     key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "declare")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		ListQuit:    key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),

		ApplyFilter:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply filter")),
		CancelFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel filter")),

		Submit:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "declare")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		MoreSevere: key.NewBinding(key.WithKeys("up"), key.WithHelp("↑", "more severe")),
		LessSevere: key.NewBinding(key.WithKeys("down"), key.WithHelp("↓", "less severe")),
		NextField:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "title/service")),

		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		PageUp:      key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/wheel↑", "scroll back")),
		PageDown:    key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn/wheel↓", "scroll forward")),
		Scroll:      key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("pgup/pgdn", "scroll")),
		Follow:      key.NewBinding(key.WithKeys("end"), key.WithHelp("end", "follow new entries")),
		NextFocus:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		PrevFocus:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		Pin:         key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "pin/unpin entry")),
		CycleFilter: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "filter: all/pinned/notes/changes")),
		Expand:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "expand attachment")),

		Top:    key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "top")),
		Bottom: key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "bottom")),

		Followups: key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "follow-ups")),

		Replay:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "replay/review")),
		ReplayPause:   key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "pause/resume")),
		ReplayStep:    key.NewBinding(key.WithKeys("n", "right"), key.WithHelp("n/→", "next entry")),
		ReplaySpeed:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "speed 1x/10x/60x")),
		ReplayRestart: key.NewBinding(key.WithKeys("0", "home"), key.WithHelp("0/home", "restart")),

		OpenReview: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "review and replay")),
	}
	if !canWrite {
		for _, b := range []*key.Binding{&k.Declare, &k.Submit, &k.Pin} {
			b.SetEnabled(false)
		}
	}
	return k
}

// helpView is one screen's view of the keymap, in the shape bubbles/help
// renders.
type helpView struct {
	short []key.Binding
	full  [][]key.Binding
}

func (h helpView) ShortHelp() []key.Binding  { return h.short }
func (h helpView) FullHelp() [][]key.Binding { return h.full }

var _ help.KeyMap = helpView{}

func (k keymap) listHelp() helpView {
	return helpView{
		short: []key.Binding{k.Join, k.Declare, k.Filter, k.Followups, k.Help, k.ListQuit},
		full: [][]key.Binding{
			{k.Up, k.Down, k.Join},
			{k.Declare, k.Filter, k.ClearFilter, k.Followups},
			{k.Help, k.ListQuit, k.Quit},
		},
	}
}

func (k keymap) filterHelp() helpView {
	return helpView{short: []key.Binding{k.ApplyFilter, k.CancelFilter, k.Quit}}
}

func (k keymap) declareHelp() helpView {
	return helpView{short: []key.Binding{k.Submit, k.MoreSevere, k.LessSevere, k.NextField, k.Cancel}}
}

// roomKeys are the room's own bindings, in help columns.
func (k keymap) roomKeys() [][]key.Binding {
	return [][]key.Binding{
		{k.NextFocus, k.PrevFocus, k.Back, k.Help, k.Quit},
		{k.PageUp, k.PageDown, k.Follow, k.OpenReview},
	}
}

// timelineKeys act on the timeline when it has focus.
func (k keymap) timelineKeys() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Pin, k.CycleFilter}
}

// viewerKeys move through an expanded attachment; esc closes it.
func (k keymap) viewerKeys() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Scroll, k.Top, k.Bottom, k.Back}
}

// reviewKeys move through the review; r replays its timeline.
func (k keymap) reviewKeys() []key.Binding {
	return []key.Binding{k.Scroll, k.Top, k.Bottom, k.Replay, k.Back}
}

// replayKeys control the replay; r returns to the review.
func (k keymap) replayKeys() []key.Binding {
	return []key.Binding{k.ReplayPause, k.ReplayStep, k.ReplaySpeed, k.ReplayRestart, k.Replay, k.Back}
}
