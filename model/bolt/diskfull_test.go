//go:build linux

package bolt

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/warroom/warroom/model"
)

// fullDiskEnv names the journal the full-disk helper process writes.
const fullDiskEnv = "WARROOM_BOLT_FULL_DISK"

// TestHelperFullDisk is not a test: run by TestAppendRecoversFromAFullDisk
// in a child process, since the limit it sets on the size of files
// (RLIMIT_FSIZE: writes past it fail with EFBIG, as on a full disk)
// holds for the whole process. It reports a failure on stderr and exits 1.
func TestHelperFullDisk(t *testing.T) {
	path := os.Getenv(fullDiskEnv)
	if path == "" {
		t.Skip("helper for TestAppendRecoversFromAFullDisk")
	}
	if err := appendThroughFullDisks(path); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// TestAppendRecoversFromAFullDisk fills the disk under a journal two
// ways, each time lifting the limit again: the file cannot grow (bbolt's
// truncate fails), and the pages of a commit cannot be written, as when a
// file system that extends files sparsely runs out of blocks. Each failed
// Append is a coded error and stores nothing; the same batch, ids and
// all, is stored once there is room, without reopening; and the chain
// verifies.
func TestAppendRecoversFromAFullDisk(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperFullDisk$", "-test.count=1")
	cmd.Env = append(os.Environ(), fullDiskEnv+"="+tempPath(t))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("helper: %v\n%s", err, out)
	}
}

// appendThroughFullDisks is the helper's work; see
// TestAppendRecoversFromAFullDisk.
func appendThroughFullDisks(path string) error {
	j, err := Open(path)
	if err != nil {
		return err
	}
	seq := uint64(1)
	if err := j.Append(context.Background(), 0, newEvents(seq, 1)); err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	fullDisks := []struct {
		name  string
		limit uint64
	}{
		{"the file cannot grow", uint64(info.Size())},
		{"no page can be written", 2 * uint64(os.Getpagesize())}, // bbolt's two meta pages fit
	}
	for _, disk := range fullDisks {
		refused, err := appendUntilRefused(j, &seq, disk.limit)
		if err != nil {
			return fmt.Errorf("%s: %w", disk.name, err)
		}
		if code := model.ErrorCode(refused.err); code != model.CodeUnavailable {
			return fmt.Errorf("%s: Append failed with %v (code %s), want code %s", disk.name, refused.err, code, model.CodeUnavailable)
		}
		if err := j.Append(context.Background(), seq, refused.batch); err != nil {
			return fmt.Errorf("%s: the refused batch, appended again once there is room: %w", disk.name, err)
		}
		seq++
	}
	if err := j.Close(); err != nil {
		return err
	}
	return checkReopened(path, seq)
}

// refusal is a batch Append refused, and why.
type refusal struct {
	batch []*model.Event
	err   error
}

// appendUntilRefused limits the size of files to limit bytes, appends one
// event at a time after *seq until Append fails, and lifts the limit. It
// checks that the journal still ends at *seq.
func appendUntilRefused(j *Journal, seq *uint64, limit uint64) (refusal, error) {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		return refusal{}, err
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: limit, Max: old.Max}); err != nil {
		return refusal{}, err
	}
	var refused refusal
	for tries := 0; tries < 10000 && refused.err == nil; tries++ {
		batch := newEvents(*seq+1, 1)
		if err := j.Append(context.Background(), *seq, batch); err != nil {
			refused = refusal{batch: batch, err: err}
		} else {
			*seq++
		}
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		return refusal{}, err
	}
	if refused.err == nil {
		return refusal{}, fmt.Errorf("10000 appends under a limit of %d bytes all succeeded", limit)
	}
	if last, err := j.Last(context.Background()); err != nil || last != *seq {
		return refusal{}, fmt.Errorf("after the refused append the journal ends at %d (%v), want %d", last, err, *seq)
	}
	return refused, nil
}

// checkReopened opens the journal again and checks that it holds events 1
// to last, once each, in an intact chain.
func checkReopened(path string, last uint64) error {
	j, err := OpenReadOnly(path)
	if err != nil {
		return err
	}
	defer j.Close()
	next := uint64(1)
	err = j.Replay(context.Background(), 0, func(e *model.Event) error {
		if e.Seq != next {
			return fmt.Errorf("replay gave event %d where %d belongs", e.Seq, next)
		}
		next++
		return nil
	})
	if err != nil {
		return err
	}
	if next-1 != last {
		return fmt.Errorf("the reopened journal holds %d events, want %d", next-1, last)
	}
	res, err := model.Verify(context.Background(), j)
	if err != nil {
		return err
	}
	return res.Err()
}
