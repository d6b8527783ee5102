package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/cmdline"
	"github.com/warroom/warroom/tui/timeline"
)

// dispatch sends a command made by a key (not typed) to the store.
func (r *roomScreen) dispatch(m *app, cmd model.Command) tea.Cmd {
	switch {
	case cmd == nil:
		return nil
	case m.writer == nil:
		r.inputErr = observerRefusal
		return nil
	}
	return m.writer.run(r.visit, "", cmd)
}

// sentLine is a line typed in the room and the command it became.
type sentLine struct {
	line string
	cmd  model.Command
}

// send runs the typed line: plain text posts a note, a slash command does
// what it says. Commands that change only this session run here; the rest
// go to the store, one at a time in the order typed. A line that does not
// parse stays in the command line with the reason under it.
func (r *roomScreen) send(m *app) tea.Cmd {
	line := r.prompt.Value()
	if strings.TrimSpace(line) == "" {
		return nil
	}
	p, err := cmdline.Parse(line, cmdline.Context{Incident: r.id, Now: m.now()})
	if err != nil {
		r.inputErr = model.ErrorMessage(err)
		return nil
	}
	r.prompt.Reset()
	if p.Spec.Local {
		cmd, err := r.runLocal(m, p)
		if err != nil {
			r.inputErr = model.ErrorMessage(err)
			r.prompt.SetValue(line)
		}
		return cmd
	}
	r.sending = append(r.sending, sentLine{line: line, cmd: p.Command})
	if len(r.sending) > 1 {
		return nil // it goes when the ones before it are done
	}
	return m.writer.run(r.visit, line, p.Command)
}

// runLocal runs a command that changes only this session's view.
func (r *roomScreen) runLocal(m *app, p cmdline.Parsed) (tea.Cmd, error) {
	switch p.Spec.Name {
	case "theme":
		return m.chooseTheme(p.Fields[0])
	case "filter":
		f, err := timeline.ParseFilter(p.Fields[0])
		if err != nil {
			return nil, err
		}
		r.timeline.SetFilter(f)
	case "followups":
		return m.openFollowups(len(p.Fields) > 0), nil
	case "help":
		m.openHelp()
	case "review":
		m.openReview()
	}
	return nil, nil
}

// commandDone shows why the store refused a command, giving a refused
// line back to the command line unless something new is being typed there
// (↑ recalls it then), and sends the next line waiting. A command made by
// a key has no line.
func (r *roomScreen) commandDone(m *app, msg commandDoneMsg) tea.Cmd {
	if msg.err != nil {
		r.inputErr = model.ErrorMessage(msg.err)
		if msg.line != "" && r.prompt.Value() == "" {
			r.prompt.SetValue(msg.line)
		}
	}
	if msg.line == "" || len(r.sending) == 0 {
		return nil
	}
	r.sending = r.sending[1:]
	if len(r.sending) == 0 {
		return nil
	}
	next := r.sending[0]
	return m.writer.run(r.visit, next.line, next.cmd)
}

// unsent returns the lines still waiting to be sent, as one command that
// sends them in order, for when the person leaves the room before they
// went. Their outcomes arrive after the room is gone.
func (r *roomScreen) unsent(m *app) tea.Cmd {
	if len(r.sending) < 2 {
		return nil
	}
	waiting := r.sending[1:]
	r.sending = nil
	return m.writer.runAll(r.visit, waiting)
}

// completions supplies the command line's completion candidates from the
// session's current state.
func (m *app) completions() func(cmdline.ArgKind) []string {
	return func(kind cmdline.ArgKind) []string {
		switch kind {
		case cmdline.ArgRole:
			var names []string
			for _, r := range m.state.Rules().Roles {
				names = append(names, append([]string{r.Name}, r.Aliases...)...)
			}
			return names
		case cmdline.ArgUser:
			// Everyone the users file names who may be given work; in
			// open mode, where it names nobody, whoever is connected.
			if names := m.state.Rules().UserNames(); len(names) > 0 {
				return names
			}
			var names []string
			for _, p := range m.state.Presence() {
				names = append(names, p.User)
			}
			return names
		case cmdline.ArgStatus:
			var names []string
			for _, s := range model.Statuses()[1:] { // triage is only where incidents start
				names = append(names, string(s))
			}
			return names
		case cmdline.ArgSeverity:
			return []string{"1", "2", "3", "4"}
		case cmdline.ArgTheme:
			return themeNames()
		case cmdline.ArgFilter:
			return timeline.FilterNames()
		case cmdline.ArgMine:
			return []string{"mine"}
		}
		return nil
	}
}
