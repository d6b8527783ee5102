package main

import "github.com/warroom/warroom/server/servertest"

// openTerm connects as user and starts the war room at 100x30, a screen
// the fault tests read as a person would.
func (r *faultRig) openTerm(user string) *servertest.Terminal {
	r.t.Helper()
	const width, height = 100, 30
	return servertest.OpenTerminal(r.t, r.mustDial(user), width, height, width, height)
}
