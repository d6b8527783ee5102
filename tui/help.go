package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"

	"github.com/warroom/warroom/model/cmdline"
)

// helpSection is a heading and the bindings under it, in columns.
type helpSection struct {
	title string
	keys  [][]key.Binding
}

// openHelp shows the help screen from its top.
func (m *app) openHelp() {
	m.showHelp = true
	m.helpTop = 0
}

// helpView renders the help screen, generated from the bindings and the
// command table so that it can never drift from them, scrolled to the
// reader's place and cut to height lines.
func (m *app) helpView(sections []helpSection, commands bool, height int) string {
	st := m.styles
	var lines []string
	for _, s := range sections {
		if len(s.keys) == 0 {
			continue
		}
		if s.title != "" {
			lines = append(lines, st.Title.Render(s.title))
		}
		lines = append(lines, strings.Split(m.help.FullHelpView(s.keys), "\n")...)
		lines = append(lines, "")
	}
	if commands {
		lines = append(lines, commandHelp(m)...)
		lines = append(lines, "")
	}
	// The way out stays on the last line however far the help scrolls.
	page := max(height-1, 0)
	m.helpTop = min(m.helpTop, max(len(lines)-page, 0))
	lines = lines[m.helpTop:min(m.helpTop+page, len(lines))]
	for i := range lines {
		lines[i] = truncate(lines[i], m.width)
	}
	if height == 0 {
		return ""
	}
	return exactLines(strings.Join(lines, "\n"), page) + "\n" + truncate(st.Muted.Render("↑/↓ pgup/pgdn scroll · ? or esc closes help"), m.width)
}

// commandHelp lists every slash command: how to type it, what it does and
// who may run it.
func commandHelp(m *app) []string {
	st := m.styles
	table := cmdline.Commands()
	width := 0
	for i := range table {
		width = max(width, lipgloss.Width(table[i].Usage()))
	}
	width = min(width, m.width/2)
	lines := []string{st.Title.Render("Commands") + st.Muted.Render(" (plain text posts a note)")}
	for i := range table {
		s := &table[i]
		about := s.Help
		if s.Who != "" {
			about += " — " + s.Who
		}
		lines = append(lines, st.Accent.Render(fit(s.Usage(), width))+"  "+st.Muted.Render(about))
	}
	return lines
}

// scrollHelp moves the help screen by n lines.
func (m *app) scrollHelp(n int) { m.helpTop = max(m.helpTop+n, 0) }

// helpSections are the room's bindings: its own, the command line's, and
// those of the timeline and each pane when focused.
func (r *roomScreen) helpSections(m *app) []helpSection {
	k := m.keys
	secs := []helpSection{{title: "War room", keys: k.roomKeys()}}
	if r.prompt != nil {
		secs = append(secs, helpSection{title: "Command line", keys: r.prompt.KeyMap.FullHelp()})
	}
	secs = append(secs, helpSection{title: "Timeline, when focused", keys: [][]key.Binding{append(k.timelineKeys(), k.Expand)}})
	secs = append(secs, helpSection{title: "Attachment, when expanded", keys: [][]key.Binding{k.viewerKeys()}})
	for _, p := range r.panes {
		secs = append(secs, helpSection{title: p.Title() + ", when focused", keys: [][]key.Binding{p.Keys()}})
	}
	return secs
}

// shortHelp is the one-line help of whatever has focus.
func (r *roomScreen) shortHelp(m *app) []key.Binding {
	k := m.keys
	var own []key.Binding
	switch {
	case r.viewer != nil:
		return append(k.viewerKeys(), k.Help)
	case r.focus == focusInput:
		own = r.prompt.KeyMap.ShortHelp()
	case r.focus == focusTimeline:
		own = k.timelineKeys()
		if r.attachmentSelected() {
			// Offered only where it does something.
			own = append(own, k.Expand)
		}
	default:
		own = r.panes[r.focus-1].Keys()
	}
	return append(slices.Clip(own), k.NextFocus, k.Back, k.Help)
}
