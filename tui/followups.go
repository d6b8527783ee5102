package tui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/panes"
)

// followupsScreen lists every open follow-up of every incident, over
// whichever screen opened it.
type followupsScreen struct {
	list *panes.Followups
	err  string // the last refusal, until the next key
}

// openFollowups shows the follow-ups screen, only the user's own if mine.
func (m *app) openFollowups(mine bool) tea.Cmd {
	f := panes.NewFollowups(m.styles, m.writer != nil)
	f.SetState(m.state, m.opts.Actor.Name)
	f.SetMine(mine)
	m.followups = &followupsScreen{list: f}
	return nil
}

func (f *followupsScreen) onKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	f.err = ""
	if key.Matches(msg, m.keys.Back) {
		m.followups = nil
		return nil
	}
	intent, consumed := f.list.HandleKey(msg)
	switch {
	case !consumed && m.writer == nil && wouldChange(msg, f.list.Keys()):
		f.err = observerRefusal
	case intent.Open != "":
		m.followups = nil
		if m.room != nil {
			if m.room.id == intent.Open {
				return nil
			}
			cmd := m.leaveRoom()
			return tea.Batch(cmd, m.enterRoom(intent.Open))
		}
		return m.enterRoom(intent.Open)
	case intent.Command != nil && m.writer == nil:
		f.err = observerRefusal
	case intent.Command != nil:
		return m.writer.run(0, "", intent.Command)
	}
	return nil
}

func (f *followupsScreen) view(m *app) string {
	st := m.styles
	title := st.Title.Render("Follow-ups") + st.Muted.Render(" — open follow-up actions of every incident, soonest due first")
	status := truncate(m.help.ShortHelpView(append(slices.Clip(f.list.Keys()), m.keys.Back)), m.width)
	if f.err != "" {
		status = st.Error.Render(truncate(f.err, m.width))
	}
	body := f.list.View(m.width, max(m.height-3, 0), m.now())
	return strings.Join([]string{truncate(title, m.width), m.rule(), body, status}, "\n")
}

// commandFailed shows why the store refused what a key on this screen
// asked for.
func (f *followupsScreen) commandFailed(err error) { f.err = model.ErrorMessage(err) }
