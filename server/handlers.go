package server

import (
	"io"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2/bubbletea"
	"github.com/charmbracelet/colorprofile"

	"github.com/warroom/warroom/server/command"
	"github.com/warroom/warroom/tui"
	"github.com/warroom/warroom/tui/render"
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
			term := newTerminal(live)
			next(term)
			term.restore() // before the goodbye or error line the session may end with
			return
		}
		live.setExitCode(command.Run(live.ctx, s.storeFor(live), live.actor, sess.RawCommand(), sess, sess, sess.Stderr()))
	}
}

// newProgram builds the TUI program of an interactive session, which
// commandMiddleware hands on as a *terminal. It returns nil, which skips
// the TUI, when the server started shutting down first.
//
// Frames are painted by tui/render rather than Bubble Tea's renderer: that
// one keeps several screens of cells per session and wakes 60 times a
// second whether or not anything changed (see render's package comment).
// Bubble Tea still reads the keyboard and writes its few queries and the
// bell, flushed twice a second; both writers share the session's output
// one write at a time.
func (s *Server) newProgram(sess ssh.Session) *tea.Program {
	term := sess.(*terminal)
	live := term.live
	store := s.storeFor(live)
	updates := store.Subscribe(live.ctx)
	app := &guardedModel{Model: tui.New(tui.Options{
		Store:    store,
		Updates:  updates,
		Actor:    live.actor,
		OpenMode: live.openMode,
		Now:      s.cfg.Now,
		Shared:   s.shared,
	}), log: s.cfg.Logger, live: live}
	out := &serialWriter{w: sess}
	env := append(sess.Environ(), "TERM="+term.pty.Term)
	screen := render.New(out, term.pty.Window.Width, term.pty.Window.Height, colorprofile.Env(env), s.frames)
	// MakeOptions sets input, environment, window size and the client's
	// colour profile. The server handles signals once, in cmd.
	// The program ends by Quit: the bubbletea middleware sends it when
	// the connection ends, session.end when the session does.
	opts := append(bubbletea.MakeOptions(sess),
		tea.WithoutSignalHandler(), tea.WithoutRenderer(), tea.WithOutput(out), tea.WithFPS(programFlushesPerSecond))
	p := tea.NewProgram(render.Model(app, screen), opts...)
	if !live.attach(p, updates) {
		updates.Close()
		screen.Close()
		return nil
	}
	term.screen = screen
	return p
}

// programFlushesPerSecond is how often Bubble Tea writes what it queued
// (the background colour query, the bell): often enough that a page rings
// within half a second, rarely enough that a thousand idle sessions cost
// nothing to speak of.
const programFlushesPerSecond = 2

// serialWriter lets two writers share a session's output without their
// escape sequences interleaving.
type serialWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *serialWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
