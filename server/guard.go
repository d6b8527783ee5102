package server

import (
	"fmt"
	"log/slog"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
)

// guardedModel keeps a bug in one session's interface inside that session
// and in the server's log: a panic in Init, Update or View is logged with
// the session's attributes and ends the session with exit status 1 and the
// internal-error line. (Bubble Tea would recover it too, but print it to
// the server's own stderr and end the session as if nothing happened.)
type guardedModel struct {
	tea.Model
	log    *slog.Logger
	live   *session
	failed bool
}

func (g *guardedModel) Init() (cmd tea.Cmd) {
	defer g.recover("init", &cmd)
	return g.Model.Init()
}

func (g *guardedModel) Update(msg tea.Msg) (_ tea.Model, cmd tea.Cmd) {
	if g.failed {
		return g, tea.Quit
	}
	defer g.recover("update", &cmd)
	g.Model, cmd = g.Model.Update(msg)
	return g, cmd
}

func (g *guardedModel) View() (v tea.View) {
	if g.failed {
		return tea.NewView(internalErrorLine)
	}
	defer func() {
		if r := recover(); r != nil {
			g.fail("view", r)
			v = tea.NewView(internalErrorLine) // the next message quits
		}
	}()
	return g.Model.View()
}

// recover is deferred by Init and Update: it turns a panic into quitting.
func (g *guardedModel) recover(where string, cmd *tea.Cmd) {
	if r := recover(); r != nil {
		g.fail(where, r)
		*cmd = tea.Quit
	}
}

func (g *guardedModel) fail(where string, r any) {
	g.failed = true
	g.live.crash()
	g.log.Error("panic in the interface", append(g.live.attrs(),
		"in", where, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))...)
}
