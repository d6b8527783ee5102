package server

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// windowHeapBound is the most the heap may grow while one session claims
// an outlandish window and resizes 50 times a second. The server clamps
// windows to tui.MaxWidth x tui.MaxHeight (500x250): with the test's own
// emulator of that size, tens of MiB. A window of 10000x10000 taken at
// its word needs 10^8 cells, gigabytes at any renderer's few bytes a
// cell, so the bound tells the two apart with room to spare.
const windowHeapBound = 256 << 20

// stormLimit bounds how long the session may take to work through the
// resizes: a hundred frames, a sixth of them of the largest window.
const stormLimit = 60 * time.Second

// A client that claims windows of 0x0, 1x1, 20x5 and 10000x10000 and then
// resizes 50 times a second for two seconds gets a "too small" notice
// where the window is too small, keeps the server's memory bounded, and
// still has a working session afterwards.
func TestWindowAbuseLeavesTheSessionWorking(t *testing.T) {
	ts := startServer(t, nil)
	declare(t, ts.store, model.Actor{Name: "bob", Level: model.LevelResponder}, "Disk full on db-1")
	key := newKey(t)
	term := ts.openTerminal(t, "alice", key, 100, 30)
	term.WaitFor("Disk full on db-1", waitLimit)
	before := heapInUse()

	term.Resize(20, 5)
	term.WaitFor("window too small", waitLimit)
	term.WaitFor("needs 80x24", waitLimit)

	// At 1x1 nothing readable fits; the notice's first letter stands in
	// for it, and nothing of the list is drawn over it.
	term.Resize(1, 1)
	term.WaitUntil("only the first letter of the notice at 1x1", waitLimit, func(s string) bool {
		return strings.TrimSpace(s) == "w"
	})

	term.ClaimWindow(0, 0)
	term.ClaimWindow(10000, 10000)
	sizes := [][2]int{{10000, 10000}, {0, 0}, {1, 1}, {20, 5}, {120, 40}, {65535, 3}}
	tick := time.NewTicker(time.Second / 50)
	defer tick.Stop()
	for i := range 100 {
		<-tick.C
		size := sizes[i%len(sizes)]
		term.ClaimWindow(size[0], size[1])
	}
	// The storm's frames were drawn for claimed sizes on a 1x1 screen: a
	// window of a size it did not claim makes the session draw the whole
	// screen again, once it has worked through the storm.
	term.Resize(30, 6)
	term.WaitFor("(30x6)", stormLimit)

	// The largest window the server allows, with a screen to match, then
	// a claim far past it: the heap holds one clamped window's buffers.
	term.Resize(maxWindowWidth, maxWindowHeight)
	term.ClaimWindow(10000, 10000)
	term.WaitUntil("the list drawn down to the last row of the largest window", waitLimit, func(s string) bool {
		lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
		return strings.Contains(s, "Disk full on db-1") && len(lines) == maxWindowHeight && strings.TrimSpace(lines[len(lines)-1]) != ""
	})
	if grew := heapInUse() - before; grew > windowHeapBound {
		t.Errorf("the heap grew by %d MiB at the largest window; bound %d MiB", grew>>20, windowHeapBound>>20)
	} else {
		t.Logf("the heap grew by %.1f MiB at the largest window", float64(grew)/(1<<20))
	}

	term.Resize(100, 30)
	term.WaitFor("Disk full on db-1", waitLimit)
	term.Type("\r")
	term.WaitFor("here: alice", waitLimit)
	if n := ts.sessionCount(); n != 1 {
		t.Errorf("%d sessions after the abuse, want the one still open", n)
	}
}

// heapInUse is the bytes of heap in use after a collection.
func heapInUse() int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapInuse)
}
