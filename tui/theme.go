package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

// sessionTheme picks the palette for this client: none at all when it
// asked for no colour, otherwise the one the user chose, or one that suits
// the terminal's background.
func (m *app) sessionTheme() themes.Theme {
	chosen := m.state.Prefs(m.opts.Actor.Name).Theme
	if m.localTheme != "" {
		chosen = m.localTheme
	}
	t, picked := themes.ByName(chosen)
	switch {
	case m.noColor:
		return themes.Plain()
	case picked:
		return t
	case m.dark:
		return themes.Dark()
	}
	return themes.Light()
}

// autoTheme is the /theme name that follows the terminal's background.
const autoTheme = "auto"

// chooseTheme switches to the named theme and remembers it for the user;
// an observer, who cannot write, keeps it for the session.
func (m *app) chooseTheme(name string) (tea.Cmd, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if _, ok := themes.ByName(name); !ok && name != autoTheme {
		return nil, model.Errorf(model.CodeInvalid, "no theme %q (%s)", model.Sanitize(name, false), strings.Join(themeNames(), ", "))
	}
	if name == autoTheme {
		name = ""
	}
	if m.writer == nil {
		m.localTheme = name
		m.applyTheme()
		return nil, nil
	}
	return m.writer.run(0, "", model.SetTheme{Theme: name}), nil
}

// themeNames are the names /theme accepts, for completion and errors.
func themeNames() []string { return append(themes.Names(), autoTheme) }

// applyTheme rebuilds this session's styles when the palette changes and
// hands them to every component.
func (m *app) applyTheme() {
	t := m.sessionTheme()
	if t.Name == m.theme.Name {
		return
	}
	m.theme = t
	m.styles = style.New(t)
	m.stylesGen++
	m.help.Styles = m.styles.Help
	if m.list != nil {
		m.list.setStyles(m.styles)
	}
	if m.room != nil {
		m.room.setStyles(m.styles)
	}
	if m.followups != nil {
		m.followups.list.SetStyles(m.styles)
	}
}
