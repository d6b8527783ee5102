package server

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
)

// pasteHeapBound is the most the heap may grow while one session takes a
// megabyte pasted at once: a few copies of the paste on its way in, not
// one per character or per frame.
const pasteHeapBound = 64 << 20

// twoInARoom is alice and bob in the same room, each with a terminal.
func twoInARoom(t *testing.T) (ts *testServer, alice, bob *servertest.Terminal) {
	t.Helper()
	ts = startServer(t, nil)
	const title = "Queue backlog on payments"
	declare(t, ts.store, model.Actor{Name: "carol", Level: model.LevelResponder}, title)
	// bob first: roomOf waits for "here: <name>", and the names are listed
	// in order.
	bob = ts.roomOf(t, "bob", newKey(t), title)
	return ts, ts.roomOf(t, "alice", newKey(t), title), bob
}

// A megabyte pasted at once (bracketed paste) is cut to what the command
// line holds, with a notice saying so; sending it is refused with the
// note's limit, and the session and the others in the room go on.
func TestMegabytePasteIsCutAndTheRoomGoesOn(t *testing.T) {
	ts, alice, bob := twoInARoom(t)
	before := heapInUse()
	megabyte := strings.Repeat("0123456789abcde\n", 1<<16)
	alice.Type("\x1b[200~" + megabyte + "\x1b[201~")
	alice.WaitFor("paste cut: kept", waitLimit)
	alice.WaitFor("of 1.0 MiB", waitLimit)
	if grew := heapInUse() - before; grew > pasteHeapBound {
		t.Errorf("the heap grew by %d MiB taking the paste; bound %d MiB", grew>>20, pasteHeapBound>>20)
	}

	alice.Type("\r")
	alice.WaitFor("the limit is 4096", waitLimit)
	bob.Type("bob is still here\r")
	alice.WaitFor("bob is still here", waitLimit)

	alice.Type("\x15after the paste\r") // ctrl+u empties the line first
	bob.WaitFor("after the paste", waitLimit)
	inc, _ := ts.store.Snapshot().Incident("INC-1")
	for _, e := range inc.Timeline {
		if strings.Contains(e.Text, "0123456789abcde") {
			t.Errorf("part of the refused paste was posted: %.60q", e.Text)
		}
	}
}

// A terminal without bracketed paste delivers a paste as keystrokes: a
// burst of them fills the command line to its limit, says the line is
// full, and leaves the session answering keys.
func TestKeystrokeBurstFillsTheLineAndNoMore(t *testing.T) {
	_, alice, bob := twoInARoom(t)
	alice.Type(strings.Repeat("x", burstBytes))
	alice.WaitFor("the line is full", burstLimit)

	alice.Type("\x15burst is over\r")
	bob.WaitFor("burst is over", burstLimit)
}

// The keystroke burst is half as much again as the command line holds
// (16 KiB), so its last third arrives at a full line. Bubble Tea draws a
// frame after every message, so each keystroke costs a whole frame of the
// room: a burst takes seconds to work through (longer under -race), and
// a megabyte would take a minute or more.
const (
	burstBytes = 24 << 10
	burstLimit = 60 * time.Second
)
