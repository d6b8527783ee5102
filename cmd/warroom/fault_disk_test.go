//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/warroom/warroom/server/servertest"
)

// maxFillNotes bounds how many notes the disk test posts to reach the
// limit; the journal needs a few hundred at most to outgrow its file.
const maxFillNotes = 5000

// notSaved is what the writer of a change the journal could not store is
// told.
const notSaved = "could not save your change; nothing was recorded"

// TestFaultJournalCannotGrow runs the server with a limit on the size of
// the files it writes (RLIMIT_FSIZE, as a full disk does: writes past it
// fail), posts notes until one fails, and lifts the limit again. The
// writer is told the change was not saved, the text typed in the war room
// stays in its command line, other sessions go on reading, and once there
// is room the next write succeeds without a restart and the journal
// verifies.
func TestFaultJournalCannotGrow(t *testing.T) {
	r := newFaultRig(t, "alice", "bob", "carol")
	r.start()
	r.succeed("carol", "declare --sev 1 disk filling up")
	alice, bob := r.openRoom("alice"), r.openRoom("bob")

	journal := filepath.Join(r.data, journalFile)
	info, err := os.Stat(journal)
	if err != nil {
		t.Fatal(err)
	}
	r.limitFileSize(uint64(info.Size()))
	refused := r.fillJournal()
	if !strings.Contains(refused.Stderr, notSaved) || refused.Code != 1 {
		t.Fatalf("the note the journal had no room for exited %d with %q; want exit 1 saying %q", refused.Code, refused.Stderr, notSaved)
	}

	// The war room: the typed line stays in the command line, with the
	// reason under it.
	const typed = "failing over to the replica in eu-west"
	alice.Type(typed + "\r")
	alice.WaitFor(notSaved, faultWait)
	if s := alice.Screen(); strings.Count(s, typed) != 1 || !strings.Contains(s, "> "+typed) {
		t.Fatalf("alice's screen does not show her line once, kept in the command line:\n%s", s)
	}

	// Everyone else goes on reading: the timeline, the list, a room.
	if onTimeline(r.timeline("carol", "INC-1"), typed) {
		t.Fatalf("the refused line %q is on the timeline", typed)
	}
	if list := r.succeed("carol", "incidents"); !strings.Contains(list, "disk filling up") {
		t.Fatalf("incidents lists:\n%s", list)
	}
	bob.Type("\x1b") // esc: back to the list
	bob.WaitUntil("the list", faultWait, func(s string) bool {
		return strings.Contains(s, "on the list") && strings.Contains(s, "disk filling up")
	})
	bob.Type("\r")
	waitInRoom(bob, "bob")
	if strings.Contains(bob.Screen(), notSaved) {
		t.Fatalf("bob's screen shows alice's error:\n%s", bob.Screen())
	}

	// Room on the disk again: the same process takes the line sent
	// again, and a note.
	r.limitFileSize(unix.RLIM_INFINITY)
	alice.Type("\r")
	bob.WaitFor(typed, faultWait)
	alice.WaitUntil("the error gone", faultWait, func(s string) bool { return !strings.Contains(s, notSaved) })
	r.succeed("carol", "note INC-1 the disk has room again")
	bob.WaitFor("the disk has room again", faultWait)

	// A disk that is full inside the file, as on a file system that
	// extends files sparsely: a commit's pages cannot be written (the
	// limit leaves bbolt only its two meta pages), and again the next
	// commit after the limit goes succeeds.
	r.limitFileSize(2 * uint64(os.Getpagesize()))
	const lost = "written to a full disk"
	if res := r.command("carol", "note INC-1 "+lost); res.Code != 1 || !strings.Contains(res.Stderr, notSaved) {
		t.Fatalf("a note whose pages cannot be written exited %d with %q; want exit 1 saying %q", res.Code, res.Stderr, notSaved)
	}
	r.limitFileSize(unix.RLIM_INFINITY)
	r.succeed("carol", "note INC-1 pages written again")
	bob.WaitFor("pages written again", faultWait)

	tl := r.timeline("carol", "INC-1")
	requireEachOnce(t, tl, []string{typed, "the disk has room again", "pages written again"}, "the disk had room again")
	for _, text := range []string{refused.text, lost} {
		if onTimeline(tl, text) {
			t.Fatalf("the refused note %q is on the timeline", text)
		}
	}
	r.stop(syscall.SIGTERM)
	r.verifyIntact()
}

// waitInRoom waits until term's room lists user among those here.
func waitInRoom(term *servertest.Terminal, user string) {
	here := regexp.MustCompile(`here: (.*, )?` + user + `\b`)
	term.WaitUntil(user+" in the room", faultWait, here.MatchString)
}

// openRoom opens the war room as user and joins the incident listed
// first.
func (r *faultRig) openRoom(user string) *servertest.Terminal {
	r.t.Helper()
	term := r.openTerm(user)
	term.WaitFor("INC-1", faultWait)
	term.Type("\r")
	waitInRoom(term, user)
	return term
}

// limitFileSize sets the running server's RLIMIT_FSIZE to size bytes,
// leaving the hard limit alone so that it can be lifted again without
// privileges. Writes past the limit fail with EFBIG; the Go runtime
// ignores the SIGXFSZ that comes with them.
func (r *faultRig) limitFileSize(size uint64) {
	r.t.Helper()
	pid := r.srv.Process.Pid
	var old unix.Rlimit
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, nil, &old); err != nil {
		r.t.Fatalf("read the server's file size limit: %v", err)
	}
	if err := unix.Prlimit(pid, unix.RLIMIT_FSIZE, &unix.Rlimit{Cur: size, Max: old.Max}, nil); err != nil {
		r.t.Fatalf("limit the server's file size to %d bytes: %v", size, err)
	}
}

// refusedNote is the note the journal had no room for.
type refusedNote struct {
	servertest.Ran
	text string
}

// fillJournal posts notes until one is refused, and returns that one.
func (r *faultRig) fillJournal() refusedNote {
	r.t.Helper()
	client := r.mustDial("carol")
	defer client.Close()
	for n := 1; n <= maxFillNotes; n++ {
		text := fmt.Sprintf("filler note %d", n)
		res, err := servertest.Run(client, "note INC-1 "+text, faultWait)
		if err != nil {
			r.t.Fatalf("%s: %v\nserver log:\n%s", text, err, r.logs)
		}
		if res.Code != 0 {
			r.t.Logf("the journal refused note %d", n)
			return refusedNote{Ran: res, text: text}
		}
	}
	r.t.Fatalf("%d notes were saved under the file size limit", maxFillNotes)
	return refusedNote{}
}
