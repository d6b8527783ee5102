package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
	"github.com/warroom/warroom/server"
)

// startServer runs a real warroom server in open mode on 127.0.0.1:0,
// over a real journal in a temporary data directory, with one incident
// declared; it returns the address.
func startServer(t *testing.T) string {
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
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// Five sessions join the room; the first posts three notes and each of
// the other four screens shows every one, with the server's own cost
// read from /proc (the server runs in this process).
func TestLoadAgainstARealServer(t *testing.T) {
	addr := startServer(t)
	c := &cli{
		Addr: addr, Incident: "INC-1", User: "load", Sessions: 5, Rounds: 3,
		Interval: 50 * time.Millisecond, Idle: 200 * time.Millisecond,
		Timeout: 15 * time.Second, Deadline: time.Minute, Dialers: 2,
		Width: 120, Height: 40, PID: os.Getpid(), JSON: true,
	}
	var out bytes.Buffer
	if err := c.run(t.Context(), &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if left := ownGoroutines(); left != "" {
		t.Errorf("goroutines of the tool still running after it returned:\n%s", left)
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, out.String())
	}
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
	var table strings.Builder
	if err := rep.writeTable(&table); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"4 in every round", "failures          0", "server CPU"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, table.String())
		}
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
