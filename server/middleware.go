package server

import (
	"context"
	"fmt"
	"time"

	"charm.land/ssh"

	"github.com/warroom/warroom/model"
)

// Lines the server itself writes to a session.
const (
	goodbyeLine       = "warroom is shutting down — goodbye"
	internalErrorLine = "warroom hit an internal error; the server log has the details"
)

// sessionMiddleware runs first for every session: it admits or refuses it,
// keeps it in the registry Shutdown walks, logs its start and end, keeps
// its client alive, and ends it with an exit status.
func (s *Server) sessionMiddleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.loggedIn(sess.Context())
		live := newSession(sess, s.cfg.StallTimeout, s.outputStalled)
		if err := s.admit(live); err != nil {
			s.cfg.Logger.Warn("session refused", append(live.connAttrs(), "reason", err.Error())...)
			_, _ = fmt.Fprintf(live.messages(), "warroom: %s\n", model.ErrorMessage(err))
			_ = sess.Exit(1)
			return
		}
		defer s.release(live)
		s.cfg.Logger.Info("session start", live.attrs()...)
		if s.cfg.KeepAlive > 0 {
			go s.keepSessionAlive(live)
		}

		// Deferred so that a panic below still ends the session with
		// a status and a log line; the recover middleware then logs
		// the panic itself.
		completed := false
		defer func() {
			code, goodbye, crashed := live.finish()
			switch {
			case !completed || crashed:
				code = 1
				_, _ = fmt.Fprintln(live.messages(), internalErrorLine)
			case goodbye:
				_, _ = fmt.Fprintln(live.messages(), goodbyeLine)
			}
			s.cfg.Logger.Info("session end", append(live.attrs(),
				"exit", code, "panicked", !completed || crashed, "duration", time.Since(live.started).Round(time.Millisecond))...)
			_ = sess.Exit(code)
		}()
		next(live.ssh)
		completed = true
	}
}

// admit resolves the session's actor and registers it, or refuses it: an
// unknown key, a full server, a user with as many sessions as one may
// have, or a server that is shutting down.
func (s *Server) admit(live *session) error {
	actor, openMode, err := s.actorFor(live.ssh)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return model.Errorf(model.CodeUnavailable, "the server is shutting down")
	}
	if len(s.sessions) >= s.cfg.MaxSessions {
		return model.Errorf(model.CodeUnavailable,
			"the server is full: %d sessions are connected, the most it takes; try again later", len(s.sessions))
	}
	if n := s.perUser[actor.Name]; n >= s.cfg.MaxSessionsPerUser {
		return model.Errorf(model.CodeUnavailable,
			"%s already has %d sessions open, the most one user may have; close one and try again", actor.Name, n)
	}
	live.id = s.sessionID(live.ssh)
	live.actor, live.openMode = actor, openMode
	live.ctx, live.cancel = context.WithCancelCause(live.ssh.Context())
	s.sessions[live.ssh] = live
	s.perUser[actor.Name]++
	s.active.Add(1)
	return nil
}

// release forgets a session once it has said everything it will say.
func (s *Server) release(live *session) {
	s.mu.Lock()
	delete(s.sessions, live.ssh)
	if s.perUser[live.actor.Name]--; s.perUser[live.actor.Name] <= 0 {
		delete(s.perUser, live.actor.Name)
	}
	s.mu.Unlock()
	s.active.Done()
}

// live returns the record of an admitted session. The inner middlewares
// only ever see sessions that sessionMiddleware admitted.
func (s *Server) live(sess ssh.Session) *session {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions[sess]
}

// sessionID is unique per session in this process (one SSH connection can
// carry several sessions) and starts with the connection's id for logs.
func (s *Server) sessionID(sess ssh.Session) string {
	conn := sess.Context().SessionID()
	if len(conn) > 8 {
		conn = conn[:8]
	}
	return fmt.Sprintf("%s-%d", conn, s.nextSession.Add(1))
}

// keepSessionAlive runs the session's keepalives and ends the session
// when its client is found gone.
func (s *Server) keepSessionAlive(live *session) {
	stopped := keepAlive(live.ctx, live.ssh, s.cfg.KeepAlive)
	if stopped == "" {
		return
	}
	s.cfg.Logger.Info("session client gone", "session", live.id, "reason", stopped)
	live.end(nil)
	if stopped == clientSilent {
		live.hangUp()
	}
}

// outputStalled hangs up on a session whose client stopped reading its
// output: the writes blocked on it fail, its program and subscription end,
// and its memory goes, rather than grow or hold anything up.
func (s *Server) outputStalled(live *session) {
	s.cfg.Logger.Warn("session output stalled: the client has not read its output; closing the connection",
		append(live.attrs(), "waited", s.cfg.StallTimeout)...)
	live.hangUp()
}
