package server

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// hangUpGrace is how long Shutdown waits, once every session has ended,
// for clients to close their connections themselves (OpenSSH does so
// after its last session) before it closes the rest.
const hangUpGrace = time.Second

// Shutdown ends every session and stops the server. Each TUI is quit first,
// so its client's terminal is restored; commands such as `timeline
// --follow` are cancelled; every session then gets a goodbye line and its
// exit status. Shutdown waits for that until ctx is done, then closes the
// listeners and every connection. New sessions are refused from the start.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopWatching()
	s.mu.Lock()
	s.closing = true
	live := make([]*session, 0, len(s.sessions))
	for _, l := range s.sessions {
		live = append(live, l)
	}
	s.mu.Unlock()
	for _, l := range live {
		l.stop()
	}

	ended := make(chan struct{})
	go func() {
		s.active.Wait()
		close(ended)
	}()
	var err error
	select {
	case <-ended:
	case <-ctx.Done():
		s.mu.Lock()
		err = fmt.Errorf("shutdown: %d sessions had not ended: %w", len(s.sessions), ctx.Err())
		s.mu.Unlock()
	}

	// Shutdown closes the listeners, then waits for clients to hang up;
	// running out of time there only means someone is still connected,
	// and Close deals with them.
	graceCtx, cancel := context.WithTimeout(ctx, hangUpGrace)
	defer cancel()
	if lnErr := s.ssh.Shutdown(graceCtx); lnErr != nil && graceCtx.Err() == nil {
		err = errors.Join(err, fmt.Errorf("shutdown: close listeners: %w", lnErr))
	}
	if closeErr := s.ssh.Close(); closeErr != nil {
		err = errors.Join(err, fmt.Errorf("shutdown: close connections: %w", closeErr))
	}
	return err
}
