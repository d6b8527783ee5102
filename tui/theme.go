package tui

import (
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

// sessionTheme picks the palette for this client: none at all when it
// asked for no colour, otherwise one that suits its background.
func (m *app) sessionTheme() themes.Theme {
	switch {
	case m.noColor:
		return themes.Plain()
	case m.dark:
		return themes.Dark()
	}
	return themes.Light()
}

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
}
