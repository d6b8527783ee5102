package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
	"github.com/warroom/warroom/server"
	"github.com/warroom/warroom/server/servertest"
)

// testServer is a real warroom server the test can stop part way.
type testServer struct {
	addr     string
	srv      *server.Server
	shutdown func() error // idempotent
}

// startServer runs a real warroom server in open mode on 127.0.0.1:0,
// over a real journal in a temporary data directory, with one incident
// declared.
func startServer(t *testing.T) testServer {
	t.Helper()
	dataDir := t.TempDir()
	store := storetest.OpenAt(t, filepath.Join(dataDir, "journal.db"), hub.Options{Logger: slog.New(slog.DiscardHandler)})
	if _, err := store.Dispatch(t.Context(), model.Actor{Name: "alice", Level: model.LevelResponder}, model.Declare{Title: "checkout is down"}); err != nil {
		t.Fatalf("declare: %v", err)
	}
	srv, err := server.New(t.Context(), server.Config{Addr: "127.0.0.1:0", DataDir: dataDir, Store: store})
	if err != nil {
		t.Fatalf("server.New: %v", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	shutdown := sync.OnceValue(func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return errors.Join(srv.Shutdown(ctx), <-served)
	})
	t.Cleanup(func() {
		if err := shutdown(); err != nil {
			t.Errorf("shut the server down: %v", err)
		}
	})
	return testServer{addr: ln.Addr().String(), srv: srv, shutdown: shutdown}
}

// loadCLI is a small run against addr, printing JSON.
func loadCLI(addr, mode string, sessions int) *cli {
	return &cli{
		Addr: addr, Incident: "INC-1", User: "load", Mode: mode, Sessions: sessions, Rounds: 3,
		Interval: 50 * time.Millisecond, Idle: 200 * time.Millisecond,
		Timeout: 15 * time.Second, Deadline: time.Minute, Dialers: 2,
		Width: 120, Height: 40, PID: os.Getpid(), JSON: true,
	}
}

// runCLI runs c and decodes its report, failing the test if the run
// fails or leaves a goroutine of the tool behind.
func runCLI(t *testing.T, c *cli) report {
	t.Helper()
	var out bytes.Buffer
	if err := c.run(t.Context(), &out, io.Discard); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if left := ownGoroutines(); left != "" {
		t.Errorf("goroutines of the tool still running after it returned:\n%s", left)
	}
	return decodeReport(t, out.Bytes())
}

func decodeReport(t *testing.T, out []byte) report {
	t.Helper()
	var rep report
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, out)
	}
	return rep
}

func tableOf(t *testing.T, rep report) string {
	t.Helper()
	var table strings.Builder
	if err := rep.writeTable(&table); err != nil {
		t.Fatal(err)
	}
	return table.String()
}

// Five sessions join the room; the first posts three notes and each of
// the other four screens shows every one, with the server's own cost
// read from /proc (the server runs in this process).
func TestLoadAgainstARealServer(t *testing.T) {
	rep := runCLI(t, loadCLI(startServer(t).addr, modeTUI, 5))
	if len(rep.Failures) != 0 {
		t.Errorf("failures: %+v", rep.Failures)
	}
	if want := []int{4, 4, 4}; !slices.Equal(rep.SeenPerRound, want) {
		t.Errorf("screens per note = %v; want %v", rep.SeenPerRound, want)
	}
	if rep.Handshake.Count != 5 || rep.Handshake.P50 <= 0 || rep.Handshake.P50 > rep.Handshake.P99 {
		t.Errorf("handshake = %+v; want 5 positive, ordered", rep.Handshake)
	}
	if rep.FanOut.Count != 12 || rep.FanOut.P50 <= 0 || rep.FanOut.P99 > rep.FanOut.Max {
		t.Errorf("fan-out = %+v; want 12 positive, ordered", rep.FanOut)
	}
	if rep.LastScreen.Count != 3 || rep.LastScreen.Max != rep.FanOut.Max {
		t.Errorf("last screen = %+v; want 3 rounds ending at the fan-out's max %.1f", rep.LastScreen, rep.FanOut.Max)
	}
	if rep.BytesPerUpdate < float64(len("load-00000000-r1")) {
		t.Errorf("bytes per update = %.0f; fewer than the note itself", rep.BytesPerUpdate)
	}
	if s := rep.Server; !s.Measured || s.RSSBefore <= 0 || s.RSSAfter <= 0 || s.PostingCPU < 0 || s.IdleCPU < 0 {
		t.Errorf("server = %+v; want its memory and CPU", s)
	}
	if rep.Stalled != nil || rep.Shutdown != nil {
		t.Errorf("stalled = %+v, shutdown = %+v; want neither reported", rep.Stalled, rep.Shutdown)
	}
	table := tableOf(t, rep)
	for _, want := range []string{"screens per note  4 in every round", "failures          0", "server CPU"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}
}

// Four sessions follow the timeline while a TUI posts three notes, with a
// stalled TUI in the room: every watcher's stream shows every note, and
// the stalled session is reported apart, still connected after so little
// output (the SSH channel's window holds far more than it was sent).
func TestFollowModeWithAStalledSession(t *testing.T) {
	c := loadCLI(startServer(t).addr, modeFollow, 4)
	c.Stalled = 1
	rep := runCLI(t, c)
	if len(rep.Failures) != 0 {
		t.Errorf("failures: %+v", rep.Failures)
	}
	if want := []int{4, 4, 4}; !slices.Equal(rep.SeenPerRound, want) {
		t.Errorf("watchers per note = %v; want %v", rep.SeenPerRound, want)
	}
	if rep.Handshake.Count != 4 || rep.FanOut.Count != 12 || rep.LastScreen.Count != 3 {
		t.Errorf("handshake %+v, fan-out %+v, last %+v; want 4 watchers, 12 sightings, 3 rounds", rep.Handshake, rep.FanOut, rep.LastScreen)
	}
	// A watcher gets the note's line, and not much more.
	if rep.BytesPerUpdate < float64(len("load-00000000-r1")) || rep.BytesPerUpdate > 1000 {
		t.Errorf("bytes per update = %.0f; want the note's line", rep.BytesPerUpdate)
	}
	if rep.Server.RSSPerSession == 0 && rep.Server.RSSAfter == 0 {
		t.Errorf("server = %+v; want its memory", rep.Server)
	}
	want := stalledReport{Sessions: 1, Joined: 1}
	if st := rep.Stalled; st == nil || st.Sessions != want.Sessions || st.Joined != want.Joined || st.Disconnected != 0 || st.Observed <= 0 {
		t.Fatalf("stalled = %+v; want %+v, observed for a while", st, want)
	}
	table := tableOf(t, rep)
	for _, want := range []string{"4 watchers (timeline --follow)", "watchers per note  4 in every round", "stalled", "1 of 1 joined, then never read; still connected after"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}
}

// The server shuts down while the sessions sit idle: the run stops early
// and reports that every session, TUI or watcher, showed the goodbye.
func TestServerShutdownDuringTheRunIsReported(t *testing.T) {
	ts := startServer(t)
	c := loadCLI(ts.addr, modeFollow, 3)
	c.Idle = time.Minute
	var out bytes.Buffer
	var progress servertest.Buffer
	ran := make(chan error, 1)
	go func() { ran <- c.run(t.Context(), &out, &progress) }()
	servertest.WaitFor(t, "the idle phase", func() bool { return progress.Contains("idle for") })
	if n := ts.srv.Sessions(); n != 4 {
		t.Fatalf("%d sessions on the server; want the poster and three watchers", n)
	}
	if err := ts.shutdown(); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	err := <-ran
	if err == nil || !strings.Contains(err.Error(), "during the idle phase") {
		t.Fatalf("run = %v; want it ended by the server going away while idle", err)
	}
	rep := decodeReport(t, out.Bytes())
	want := shutdownReport{Phase: "idle", Sessions: 4, Ended: 4, Goodbyes: 4}
	if sd := rep.Shutdown; sd == nil || sd.Phase != want.Phase || sd.Sessions != want.Sessions || sd.Ended != want.Ended || sd.Goodbyes != want.Goodbyes || sd.GoodbyeSpread < 0 {
		t.Errorf("shutdown = %+v; want %+v", sd, want)
	}
	if table := tableOf(t, rep); !strings.Contains(table, "during idle: 4 of 4 sessions ended") {
		t.Errorf("the table lacks the shutdown:\n%s", table)
	}
}

// ownGoroutines is the stacks of goroutines other than the caller's and
// the test server's that run code of this package, which should be none
// once run has returned.
func ownGoroutines() string {
	buf := make([]byte, 1<<20)
	stacks := strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n")
	var left []string
	for _, stack := range stacks[1:] { // the first is the caller's
		ours := strings.Contains(stack, "/cmd/warroom-load.") // a function, not a file path
		if ours && !strings.Contains(stack, "/cmd/warroom-load.startServer") {
			left = append(left, stack)
		}
	}
	return strings.Join(left, "\n\n")
}
