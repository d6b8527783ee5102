package server

import (
	"io"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"

	"github.com/warroom/warroom/server/command"
	"github.com/warroom/warroom/tui"
)

// commandMiddleware runs the command of a session without a PTY (a script,
// a bot, `ssh host incidents`) and records its exit status; sessionMiddleware
// sends it. Sessions with a PTY go on to the TUI. Placed after the
// bubbletea middleware in the list, so it runs before it: the bubbletea
// middleware would build a program before looking for a PTY.
func (s *Server) commandMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		live := s.live(sess)
		if live.isPty && strings.TrimSpace(sess.RawCommand()) != "" {
			// `ssh -t HOST incidents`: commands print plain lines for
			// scripts and cannot be interrupted from a terminal, so say
			// how to run one rather than open the war room unasked.
			_, _ = io.WriteString(sess, "warroom: commands run without a terminal; leave out -t (ssh HOST COMMAND)\r\n")
			live.setExitCode(command.ExitUsage)
			return
		}
		if live.isPty {
			next(newTerminal(live))
			return
		}
		live.setExitCode(command.Run(live.ctx, s.storeFor(live), live.actor, sess.RawCommand(), sess, sess, sess.Stderr()))
	}
}

// newProgram builds the TUI program of an interactive session, which
// commandMiddleware hands on as a *terminal. It returns nil, which skips
// the TUI, when the server started shutting down first.
func (s *Server) newProgram(sess ssh.Session) *tea.Program {
	live := sess.(*terminal).live
	store := s.storeFor(live)
	updates := store.Subscribe(live.ctx)
	model := &guardedModel{Model: tui.New(tui.Options{
		Store:    store,
		Updates:  updates,
		Actor:    live.actor,
		OpenMode: live.openMode,
		Now:      s.cfg.Now,
	}), log: s.cfg.Logger, live: live}
	// MakeOptions sets input, output, environment, window size and the
	// client's colour profile. The server handles signals once, in cmd.
	// The program ends by Quit: the bubbletea middleware sends it when
	// the connection ends, session.end when the session does.
	opts := append(bubbletea.MakeOptions(sess), tea.WithoutSignalHandler())
	p := tea.NewProgram(model, opts...)
	if !live.attach(p, updates) {
		updates.Close()
		return nil
	}
	return p
}
