package server

import (
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/server/servertest"
)

// openTerminal connects as user and starts a shell session at width x
// height. Like OpenSSH, it closes the connection when the session ends.
func (ts *testServer) openTerminal(t *testing.T, user string, key gossh.Signer, width, height int) *servertest.Terminal {
	t.Helper()
	return ts.openTerminalClaiming(t, user, key, width, height, width, height)
}

// openTerminalClaiming is openTerminal with a PTY request that claims
// another size than the emulated screen has, as a hostile client might.
func (ts *testServer) openTerminalClaiming(t *testing.T, user string, key gossh.Signer, claimedWidth, claimedHeight, width, height int) *servertest.Terminal {
	t.Helper()
	return servertest.OpenTerminal(t, ts.mustDial(t, user, key), claimedWidth, claimedHeight, width, height)
}

// roomOf opens a TUI as user and joins the incident listed first, once
// its title shows: the window is wide enough for the list to show a title
// of 30 characters whole.
func (ts *testServer) roomOf(t *testing.T, user string, key gossh.Signer, title string) *servertest.Terminal {
	t.Helper()
	term := ts.openTerminal(t, user, key, 100, 30)
	term.WaitFor(title, waitLimit)
	term.Type("\r")
	term.WaitFor("here: "+user, waitLimit)
	return term
}
