package render

import tea "charm.land/bubbletea/v2"

// Model wraps an application so that its frames are painted on t: every
// view it returns is handed to t, and window sizes and colour profiles
// reach t before the application sees them. Run it in a program made
// with tea.WithoutRenderer.
func Model(app tea.Model, t *Terminal) tea.Model {
	return &painted{app: app, t: t}
}

type painted struct {
	app tea.Model
	t   *Terminal
}

func (m *painted) Init() tea.Cmd { return m.app.Init() }

func (m *painted) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.t.Resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		m.t.SetProfile(msg.Profile)
	}
	var cmd tea.Cmd
	m.app, cmd = m.app.Update(msg)
	return m, cmd
}

// View is called by the program after every message; the frame is
// painted whether or not it changed, and the painter sends only changes.
func (m *painted) View() tea.View {
	v := m.app.View()
	m.t.Draw(v)
	return v
}
