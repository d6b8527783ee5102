package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
)

// themeChoice is everything that picks a session's palette.
type themeChoice struct {
	noColor, dark bool
	chosen        string // the user's /theme, "" for none
}

// theme picks the palette for this client: none at all when it
// asked for no colour, otherwise the one the user chose, or one that suits
// the terminal's background.
func (c themeChoice) theme() themes.Theme {
	t, picked := themes.ByName(c.chosen)
	switch {
	case c.noColor:
		return themes.Plain()
	case picked:
		return t
	case c.dark:
		return themes.Dark()
	}
	return themes.Light()
}

// autoTheme is the /theme name that follows the terminal's background.
const autoTheme = "auto"

// chooseTheme remembers the named theme for the user; the session
// switches to it when the store has it, as the user's other sessions do.
func (m *app) chooseTheme(name string) (tea.Cmd, error) {
	name = strings.ToLower(strings.TrimSpace(name))
	if _, ok := themes.ByName(name); !ok && name != autoTheme {
		return nil, model.Errorf(model.CodeInvalid, "no theme %q (%s)", model.Sanitize(name, false), strings.Join(themeNames(), ", "))
	}
	if name == autoTheme {
		name = ""
	}
	return m.writer.run(0, "", model.SetTheme{Theme: name}), nil
}

// themeNames are the names /theme accepts, for completion and errors.
func themeNames() []string { return append(themes.Names(), autoTheme) }

// applyTheme rebuilds this session's styles when what picks the palette
// changed, and hands them to every component. It is called on every new
// state, so it compares first.
func (m *app) applyTheme() {
	c := themeChoice{noColor: m.noColor, dark: m.dark, chosen: m.state.Prefs(m.opts.Actor.Name).Theme}
	if c == m.themeChoice && m.stylesGen > 0 {
		return
	}
	m.themeChoice = c
	t := c.theme()
	if t.Name == m.theme.Name {
		return
	}
	m.theme = t
	m.styles = m.opts.Shared.stylesFor(t)
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
