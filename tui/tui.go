// Package tui is the interactive interface of one SSH session: the
// incident list and the war room. It reads the shared store through the
// session's subscription and changes it only through tea.Cmds, so Update
// never blocks on I/O and the store never waits on a session.
package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/memo"
	"github.com/warroom/warroom/tui/prompt"
	"github.com/warroom/warroom/tui/style"
)

// Options is what a session's interface needs from the server.
type Options struct {
	Store    model.Store        // the shared store
	Updates  model.Subscription // this session's subscription and presence, created and closed by the caller
	Actor    model.Actor        // who this session is (Name, Level)
	OpenMode bool               // server admits any key; the header says "open mode"
	Now      func() time.Time   // nil means time.Now
	Shared   *Shared            // what this server's sessions share; nil shares nothing
}

// New returns the interface for one session.
func New(opts Options) tea.Model {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	m := &app{
		opts:     opts,
		now:      now,
		keys:     defaultKeymap(opts.Actor.Level.CanWrite()),
		writer:   newWriter(opts.Store, opts.Actor),
		presence: &presenceReporter{updates: opts.Updates, user: opts.Actor.Name},
		drafts:   map[string]string{},
		alerts:   alerts{user: opts.Actor.Name},
		dark:     true, // until the client says otherwise
		help:     help.New(),
		state:    &model.State{},
	}
	if opts.Store != nil {
		m.state = opts.Store.Snapshot()
	}
	m.alerts.refresh(m.state, m.now())
	m.applyTheme()
	m.list = newListScreen(m)
	return m
}

// app is the root model of one session.
type app struct {
	opts     Options
	now      func() time.Time
	keys     keymap
	writer   *writer // nil for observers
	presence *presenceReporter

	dark      bool // the client's background is dark
	noColor   bool // the client asked for no colour (NO_COLOR)
	envKnown  bool // the client's environment has arrived
	theme     themes.Theme
	styles    *style.Styles
	stylesGen int // bumped on every theme change; part of every pane's cache key
	help      help.Model
	ruleCache memo.Memo[ruleKey]

	state *model.State
	// width and height are the screens' area: the window, clamped to
	// MaxWidth x MaxHeight, less the alert banner's line when it shows.
	width, height int
	termHeight    int // the clamped window's height
	alerts        alerts
	themeChoice   themeChoice // what picked the current palette

	list     *listScreen
	room     *roomScreen // nil while on the list
	drafts   map[string]string
	visits   uint64        // rooms entered so far: each visit's number
	prompt   *prompt.Model // the command line, made on first use; nil for observers
	showHelp bool
	helpTop  int // the help screen's first line shown
	// followups is the cross-incident follow-ups screen, nil unless shown.
	followups *followupsScreen
	// review is the post-incident review of the room's incident, over
	// the room, nil unless shown.
	review *reviewScreen
	ticks  ticker
}

func (m *app) Init() tea.Cmd {
	return tea.Batch(
		tea.RequestBackgroundColor,
		waitForUpdate(m.opts.Updates),
		m.presence.report(""),
		m.scheduleTick(),
	)
}

func (m *app) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.applyTheme()
	case tea.EnvMsg:
		m.envKnown = true
		m.noColor = msg.Getenv("NO_COLOR") != ""
		m.applyTheme()
	case updateMsg:
		m.adoptState(msg.State)
		if affected(model.Update(msg)) {
			m.refreshAlerts()
		}
		cmd = waitForUpdate(m.opts.Updates)
	case subscriptionEndedMsg:
		// The session is ending: wait for no more updates.
	case tickMsg:
		cmd = m.onTick(msg)
	case replayTickMsg:
		if m.review != nil && m.review.replay != nil {
			cmd = m.review.replay.onTick(msg, m.now())
		}
	case declaredMsg:
		cmd = m.onDeclared(msg)
	case commandDoneMsg:
		cmd = m.onCommandDone(msg)
	case tea.KeyPressMsg:
		cmd = m.onKey(msg)
	case tea.PasteMsg:
		cmd = m.onPaste(msg)
	case tea.MouseWheelMsg:
		m.onWheel(msg)
	}
	return m, tea.Batch(cmd, m.scheduleTick())
}

func (m *app) View() tea.View {
	v := tea.NewView("")
	v.AltScreen = true
	if !m.envKnown {
		// The program sends the environment right after it starts; until
		// then we cannot know whether the client wants colour at all, and
		// a first frame in colour would already break NO_COLOR.
		return v
	}
	if m.width < minWidth || m.termHeight < minHeight {
		v.SetContent(tooSmallView(m.width, m.termHeight))
		return v
	}
	var content string
	switch {
	case m.review != nil && !m.showHelp:
		content = m.review.view(m)
	case m.followups != nil && !m.showHelp:
		content = m.followups.view(m)
	case m.room != nil:
		content = m.room.view(m)
		v.Cursor = m.room.cursor(m)
		v.MouseMode = tea.MouseModeCellMotion
	default:
		content = m.list.view(m)
		v.Cursor = m.list.cursor(m)
	}
	if banner := m.banner(); banner != "" {
		content = banner + "\n" + content
		if v.Cursor != nil {
			v.Cursor.Y++
		}
	}
	v.SetContent(content)
	return v
}

func (m *app) resize(w, h int) {
	m.width = min(max(w, 0), MaxWidth)
	m.termHeight = min(max(h, 0), MaxHeight)
	m.height = m.termHeight
	if len(m.alerts.waiting) > 0 {
		m.height-- // the banner's line
	}
	m.help.SetWidth(m.width)
	if m.room != nil {
		m.room.resize(m)
	}
	m.list.resize(m)
}

// adoptState moves to a newer state. Presence changes keep Seq, so an equal
// Seq is newer too; only a strictly older state is ignored.
func (m *app) adoptState(s *model.State) {
	if s == nil || s.Seq < m.state.Seq {
		return
	}
	m.state = s
	m.applyTheme() // the user may have chosen one in another session
	if m.followups != nil {
		m.followups.list.SetState(s, m.opts.Actor.Name)
	}
	// The list is refreshed when it is shown again (leaveRoom), not on
	// every note while its session sits in a room.
	if m.room != nil {
		m.room.refresh(m)
	} else {
		m.list.refresh(m)
	}
}

func (m *app) onKey(msg tea.KeyPressMsg) tea.Cmd {
	if key.Matches(msg, m.keys.Quit) {
		return tea.Quit
	}
	k := m.keys
	switch {
	case m.showHelp:
		switch {
		case key.Matches(msg, k.Help, k.Back):
			m.showHelp = false
		case key.Matches(msg, k.Up):
			m.scrollHelp(-1)
		case key.Matches(msg, k.Down):
			m.scrollHelp(1)
		case key.Matches(msg, k.PageUp):
			m.scrollHelp(-m.height / 2)
		case key.Matches(msg, k.PageDown):
			m.scrollHelp(m.height / 2)
		}
		return nil
	case m.review != nil:
		return m.review.onKey(m, msg)
	case m.followups != nil:
		return m.followups.onKey(m, msg)
	case m.room != nil:
		return m.room.onKey(m, msg)
	}
	return m.list.onKey(m, msg)
}

func (m *app) onPaste(msg tea.PasteMsg) tea.Cmd {
	if m.showHelp || m.followups != nil || m.review != nil {
		return nil
	}
	if m.room != nil {
		return m.room.onPaste(msg)
	}
	return m.list.onPaste(msg)
}

func (m *app) onWheel(msg tea.MouseWheelMsg) {
	if m.room != nil && !m.showHelp && m.followups == nil && m.review == nil {
		m.room.onWheel(m, msg)
	}
}

// enterRoom leaves the list for incident id's room.
func (m *app) enterRoom(id string) tea.Cmd {
	m.room = newRoomScreen(m, id)
	return tea.Batch(m.room.activate(), m.presence.report(id))
}

// leaveRoom returns to the list, keeping the unsent draft for next time.
func (m *app) leaveRoom() tea.Cmd {
	if draft := m.room.draft(); draft != "" {
		m.drafts[m.room.id] = draft
	} else {
		delete(m.drafts, m.room.id)
	}
	m.list.selected = m.room.id
	unsent := m.room.unsent(m)
	m.room = nil
	m.list.refresh(m)
	return tea.Batch(unsent, m.presence.report(""))
}

func (m *app) onDeclared(msg declaredMsg) tea.Cmd {
	if msg.err != nil {
		m.list.declareFailed(msg.err)
		return nil
	}
	if msg.state != nil && msg.state.Seq > m.state.Seq {
		m.adoptState(msg.state)
	}
	if m.list.form == nil || m.room != nil {
		return nil // the person cancelled the form meanwhile: leave them be
	}
	m.list.closeForm(m)
	m.showHelp = false
	return m.enterRoom(msg.incident)
}

// refreshAlerts rebuilds what waits on this user; the banner's line comes
// and goes with it.
func (m *app) refreshAlerts() {
	had := len(m.alerts.waiting) > 0
	m.alerts.refresh(m.state, m.now())
	if has := len(m.alerts.waiting) > 0; has != had {
		m.resize(m.width, m.termHeight)
	}
}

func (m *app) onCommandDone(msg commandDoneMsg) tea.Cmd {
	switch {
	case m.room != nil && m.room.visit == msg.visit:
		return m.room.commandDone(m, msg)
	case msg.err != nil && msg.visit == 0 && m.followups != nil:
		m.followups.commandFailed(msg.err)
	}
	return nil
}
