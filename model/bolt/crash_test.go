package bolt

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
)

// appenderEnv names the journal the helper process appends to.
const appenderEnv = "WARROOM_BOLT_APPENDER"

// TestHelperProcess is not a test: run by TestSIGKILLLosesNothingAcknowledged
// in a child process, it appends events one at a time and prints each
// sequence number only after Append has returned, until it is killed.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(appenderEnv)
	if path == "" {
		t.Skip("helper for TestSIGKILLLosesNothingAcknowledged")
	}
	j, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx := context.Background()
	last, err := j.Last(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// Bounded, in case the parent dies without killing it.
	for seq := last + 1; seq <= last+20000; seq++ {
		if err := j.Append(ctx, seq-1, newEvents(seq, 1)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Println(seq)
	}
	os.Exit(0)
}

func TestSIGKILLLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := tempPath(t)
	var acked uint64
	for round := range 3 {
		killAt := 200 + rand.IntN(100)
		acked = runAppenderUntilKilled(t, path, killAt)

		j, err := Open(path)
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		events := replayAll(t, j, 0)
		if err := j.Close(); err != nil {
			t.Fatal(err)
		}
		if uint64(len(events)) < acked {
			t.Fatalf("round %d: %d events acknowledged, only %d in the journal", round, acked, len(events))
		}
		for i, e := range events {
			if e.Seq != uint64(i+1) {
				t.Fatalf("round %d: event %d of the replay has sequence number %d", round, i+1, e.Seq)
			}
		}
	}
}

// runAppenderUntilKilled starts the helper on path, kills it with SIGKILL
// once it has acknowledged killAt appends, and returns the highest
// sequence number it acknowledged.
func runAppenderUntilKilled(t *testing.T, path string, killAt int) uint64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), appenderEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill() // already dead unless this test failed early
		_ = cmd.Wait()
	}()
	var acked uint64
	lines := bufio.NewScanner(out)
	for n := 0; n < killAt && lines.Scan(); n++ {
		seq, err := strconv.ParseUint(lines.Text(), 10, 64)
		if err != nil {
			t.Fatalf("helper printed %q", lines.Text())
		}
		acked = seq
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	// Whatever the child printed before it died was acknowledged too.
	for lines.Scan() {
		if seq, err := strconv.ParseUint(lines.Text(), 10, 64); err == nil {
			acked = seq
		}
	}
	if acked == 0 {
		t.Fatal("the helper acknowledged nothing")
	}
	return acked
}
