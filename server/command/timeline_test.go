package command

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/server/servertest"
)

// declareWithNotes declares INC-1 as alice and posts notes on it.
func declareWithNotes(t *testing.T, s model.Store, notes ...string) {
	t.Helper()
	dispatch(t, s, alice, model.Declare{Title: "db down", Severity: model.Sev2})
	for _, n := range notes {
		dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: n})
	}
}

func TestTimelineText(t *testing.T) {
	s := newStore(t, hub.Options{})
	declareWithNotes(t, s, "primary is read-only", "steps:\n1. fail over\n\n2. page dba")

	r := run(t, s, olive, "timeline", `"inc-1"`)
	want := "" +
		"2025-03-01 12:00:00Z  alice  incident.declared  declared SEV2: db down\n" +
		"2025-03-01 12:01:00Z  alice  note.posted  primary is read-only\n" +
		"2025-03-01 12:02:00Z  alice  note.posted  steps:\n" +
		"    1. fail over\n" +
		"\n" +
		"    2. page dba\n"
	if r.code != ExitOK || r.stdout != want || r.stderr != "" {
		t.Errorf("timeline = %d %q\n%s\nwant:\n%s", r.code, r.stderr, r.stdout, want)
	}
}

func TestTimelineJSONIsOneObjectPerLine(t *testing.T) {
	s := newStore(t, hub.Options{})
	declareWithNotes(t, s, "two\nlines")

	r := run(t, s, olive, "timeline", "--json", "INC-1")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	got := lines(r.stdout)
	if len(got) != 2 {
		t.Fatalf("got %d lines, want one per entry (2):\n%s", len(got), r.stdout)
	}
	var note entryJSON
	if err := json.Unmarshal([]byte(got[1]), &note); err != nil {
		t.Fatalf("line %q is not JSON: %v", got[1], err)
	}
	want := entryJSON{Seq: 2, Incident: "INC-1", Entry: 2, Time: start.Add(time.Minute), Actor: "alice", Kind: "note.posted", Text: "two\nlines"}
	if note != want {
		t.Errorf("note = %+v, want %+v", note, want)
	}
}

// Every kind of change reads as a sentence on the timeline, and --json
// numbers the entries and marks the pinned ones.
func TestTimelineShowsEveryKindOfChange(t *testing.T) {
	s := newStore(t, hub.Options{Rules: pagingRules()})
	declareWithNotes(t, s)
	for _, line := range []string{
		"assign INC-1 comms bob", "escalate INC-1", "action add INC-1 fix dns @carol", "action done INC-1 1",
		"update INC-1 -", "pin INC-1 6", "status INC-1 resolved",
	} {
		if r := runWithStdin(t, s, alice, "Fixed.\nWatching.", line); r.code != ExitOK {
			t.Fatalf("%s = %d %q", line, r.code, r.stderr)
		}
	}
	r := run(t, s, olive, "timeline", "INC-1")
	want := "" +
		"2025-03-01 12:00:00Z  alice  incident.declared  declared SEV2: db down; paged level 1: carol\n" +
		"2025-03-01 12:01:00Z  alice  role.changed  assigned Communications Lead to bob\n" +
		"2025-03-01 12:02:00Z  alice  page.escalated  escalated: paged level 2: dave\n" +
		"2025-03-01 12:03:00Z  alice  action.added  added mitigation action 1: fix dns (owner carol)\n" +
		"2025-03-01 12:04:00Z  alice  action.changed  marked action 1 done\n" +
		"2025-03-01 12:05:00Z  alice  update.posted  Fixed.\n" +
		"    Watching.\n" +
		"2025-03-01 12:06:00Z  alice  entry.pinned  pinned entry 6\n" +
		"2025-03-01 12:07:00Z  alice  status.changed  resolved the incident\n"
	if r.code != ExitOK || r.stdout != want {
		t.Errorf("timeline = %d %q\n%s\nwant:\n%s", r.code, r.stderr, r.stdout, want)
	}
	r = run(t, s, olive, "timeline", "--json", "INC-1")
	for i, line := range lines(r.stdout) {
		var e entryJSON
		if err := json.Unmarshal([]byte(line), &e); err != nil || e.Entry != i+1 || e.Pinned != (i+1 == 6) {
			t.Errorf("line %d = %s (%v); want entry %d, pinned only if 6", i+1, line, err, i+1)
		}
	}
}

// following is a `timeline ... --follow` running in the background.
type following struct {
	t      *testing.T
	cancel context.CancelFunc
	done   chan int
	stderr servertest.Buffer
}

// follow starts `timeline ARGS --follow` as an observer, writing to stdout.
func follow(t *testing.T, s model.Store, stdout *servertest.Buffer, args ...string) *following {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	f := &following{t: t, cancel: cancel, done: make(chan int, 1)}
	go func() {
		line := "timeline " + strings.Join(args, " ") + " --follow"
		f.done <- Run(ctx, s, olive, line, strings.NewReader(""), stdout, &f.stderr)
	}()
	return f
}

// wait returns the exit status and stderr once the command has ended.
func (f *following) wait() (int, string) {
	f.t.Helper()
	select {
	case code := <-f.done:
		return code, f.stderr.String()
	case <-time.After(5 * time.Second):
		f.t.Fatal("timeline --follow did not return")
		return 0, ""
	}
}

// stop disconnects the client and waits for the command to end.
func (f *following) stop() (int, string) {
	f.cancel()
	return f.wait()
}

func TestFollowStreamsNewEntriesUntilCancelled(t *testing.T) {
	s := newStore(t, hub.Options{})
	declareWithNotes(t, s, "before")
	dispatch(t, s, alice, model.Declare{Title: "another incident"})
	var out servertest.Buffer
	f := follow(t, s, &out, "INC-1")
	servertest.WaitFor(t, "the snapshot", func() bool { return strings.Contains(out.String(), "before") })

	dispatch(t, s, alice, model.PostNote{Incident: "INC-2", Text: "elsewhere"})
	dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: "after"})
	servertest.WaitFor(t, "the new note", func() bool { return strings.Contains(out.String(), "after") })
	s.Subscribe(t.Context()).SetPresence("bob", "INC-1") // presence is not a timeline entry

	code, stderr := f.stop()
	if code != ExitOK || stderr != "" {
		t.Errorf("follow ended with %d %q; want 0 and no error", code, stderr)
	}
	got := out.String()
	if strings.Count(got, "before") != 1 || strings.Count(got, "after") != 1 || strings.Contains(got, "elsewhere") {
		t.Errorf("followed output should have each INC-1 entry once and nothing else:\n%s", got)
	}
}

func TestFollowJSONStreamsObjects(t *testing.T) {
	s := newStore(t, hub.Options{})
	declareWithNotes(t, s)
	var out servertest.Buffer
	f := follow(t, s, &out, "INC-1", "--json")
	servertest.WaitFor(t, "the snapshot", func() bool { return strings.Count(out.String(), "\n") == 1 })
	dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: "live"})
	servertest.WaitFor(t, "the new note", func() bool { return strings.Count(out.String(), "\n") == 2 })
	f.stop()

	var e entryJSON
	if err := json.Unmarshal([]byte(lines(out.String())[1]), &e); err != nil || e.Text != "live" || e.Seq != 2 {
		t.Errorf("streamed line = %+v, %v; want the note as JSON", e, err)
	}
}

// gatedWriter blocks writes until open is closed, like a client that stops
// reading.
type gatedWriter struct {
	open chan struct{}
	out  *servertest.Buffer
}

func (g gatedWriter) Write(p []byte) (int, error) {
	<-g.open
	return g.out.Write(p)
}

func TestFollowCatchesUpAfterLagging(t *testing.T) {
	s := newStore(t, hub.Options{SubscriberBuffer: 2})
	declareWithNotes(t, s)
	gate := gatedWriter{open: make(chan struct{}), out: &servertest.Buffer{}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, s, olive, "timeline INC-1 --follow", strings.NewReader(""), gate, &servertest.Buffer{})
	}()

	// The follower is stuck writing its snapshot while more notes than its
	// buffer holds are committed, so it is told to resync.
	for _, n := range []string{"n1", "n2", "n3", "n4", "n5"} {
		dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: n})
	}
	close(gate.open)
	servertest.WaitFor(t, "every note after the resync", func() bool { return strings.Contains(gate.out.String(), "n5") })
	cancel()
	<-done
	got := gate.out.String()
	for _, n := range []string{"db down", "n1", "n2", "n3", "n4", "n5"} {
		if strings.Count(got, n) != 1 {
			t.Errorf("%s appears %d times, want once:\n%s", n, strings.Count(got, n), got)
		}
	}
}

func TestFollowFailsWhenTheStoreCloses(t *testing.T) {
	s := newStore(t, hub.Options{})
	declareWithNotes(t, s)
	var out servertest.Buffer
	f := follow(t, s, &out, "INC-1")
	servertest.WaitFor(t, "the snapshot", func() bool { return strings.Contains(out.String(), "declared") })

	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	code, stderr := f.wait()
	if code != ExitFailed || !strings.Contains(stderr, "warroom: stopped following INC-1") {
		t.Errorf("follow after the store closed = %d %q; want 1 and a clear message", code, stderr)
	}
}

// A follower stopped because the server is going away fails, so that a
// script knows to reconnect; one whose client left ends quietly.
func TestFollowFailsWhenTheServerShutsDown(t *testing.T) {
	s := newStore(t, hub.Options{})
	declareWithNotes(t, s, "before")
	ctx, cancel := context.WithCancelCause(context.Background())
	var out, stderr servertest.Buffer
	done := make(chan int, 1)
	go func() { done <- Run(ctx, s, olive, "timeline INC-1 --follow", strings.NewReader(""), &out, &stderr) }()
	servertest.WaitFor(t, "the snapshot", func() bool { return strings.Contains(out.String(), "before") })
	cancel(model.Errorf(model.CodeUnavailable, "the server is shutting down"))
	select {
	case code := <-done:
		if code != ExitFailed || stderr.String() != "warroom: the server is shutting down\n" {
			t.Errorf("follow ended with %d %q; want 1 and the reason", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("follow did not end when its context was cancelled")
	}
}
