package server

import (
	"context"

	"charm.land/ssh"

	"github.com/warroom/warroom/tui"
	"github.com/warroom/warroom/tui/render"
)

// The largest window the server believes a client has: what the TUI lays
// out at most. Bubble Tea's renderer keeps cell buffers the size of the
// window (about 112 bytes a cell, several screens' worth) and trusts the
// size a PTY request claims: one client asking for 65535x65535 would
// exhaust the server's memory.
const (
	maxWindowWidth  = tui.MaxWidth
	maxWindowHeight = tui.MaxHeight
)

// terminal is an interactive session as the bubbletea middleware sees it:
// the SSH session, with every window size it reports bounded.
type terminal struct {
	ssh.Session
	live   *session
	pty    ssh.Pty
	winch  <-chan ssh.Window
	screen *render.Terminal // set once the TUI program is made
}

// newTerminal wraps a session that has a PTY. Its window changes are
// forwarded, bounded, until the session's context ends.
func newTerminal(live *session) *terminal {
	pty := live.pty
	pty.Window = boundWindow(pty.Window)
	bounded := make(chan ssh.Window, 1)
	go forwardWindows(live.ctx, live.windows, bounded)
	return &terminal{Session: live.ssh, live: live, pty: pty, winch: bounded}
}

// restore gives the client its terminal back once the TUI has ended.
func (t *terminal) restore() {
	if t.screen != nil {
		t.screen.Close()
	}
}

// Pty reports the bounded window.
func (t *terminal) Pty() (ssh.Pty, <-chan ssh.Window, bool) { return t.pty, t.winch, true }

func forwardWindows(ctx context.Context, from <-chan ssh.Window, to chan<- ssh.Window) {
	// charm.land/ssh hands each window change on through a channel of
	// one: once nothing takes them, its request loop blocks on the next,
	// and the connection's reader behind it, which then never sees the
	// socket closed nor frees writes blocked on the client. So after the
	// session ends, window changes are still taken, until the request
	// loop ends and closes the channel.
	defer func() {
		for range from {
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case w, ok := <-from:
			if !ok {
				return // the session's requests ended; to stays open, as a closed one would read as a 0x0 window
			}
			select {
			case to <- boundWindow(w):
			case <-ctx.Done():
				return
			}
		}
	}
}

func boundWindow(w ssh.Window) ssh.Window {
	w.Width = min(max(w.Width, 0), maxWindowWidth)
	w.Height = min(max(w.Height, 0), maxWindowHeight)
	return w
}
