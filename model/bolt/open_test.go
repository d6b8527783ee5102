package bolt

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

func TestSecondOpenFailsFastWithInUse(t *testing.T) {
	path := tempPath(t)
	first := openJournal(t, path)
	// The first is busy committing meanwhile: the second must still say
	// "in use", not mistake a commit in progress for damage.
	writing := make(chan struct{})
	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		for seq := uint64(1); ; seq += 10 {
			select {
			case <-writing:
				return
			default:
			}
			if err := first.Append(context.Background(), seq-1, newEvents(seq, 10)); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	defer func() {
		close(writing)
		<-writerDone
	}()

	result := make(chan error, 1)
	go func() {
		j, err := Open(path)
		if err == nil {
			_ = j.Close()
		}
		result <- err
	}()
	select {
	case err := <-result:
		wantCoded(t, err, model.CodeUnavailable, path, "in use by another warroom process")
	case <-time.After(5 * time.Second):
		t.Fatal("a second Open of a journal in use did not give up within 5s")
	}
}

func TestOpenAfterCloseSucceeds(t *testing.T) {
	path := tempPath(t)
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	appendAll(t, j, newEvents(1, 2), 2)
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if got := replayAll(t, openJournal(t, path), 0); len(got) != 2 {
		t.Fatalf("reopened journal replayed %d events, want 2", len(got))
	}
}

func TestOpenCreatesTheJournalAndNothingElse(t *testing.T) {
	dir := t.TempDir()
	openJournal(t, filepath.Join(dir, "journal.db"))
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "journal.db" {
		t.Fatalf("the data directory holds %v, want just journal.db", entries)
	}
}

func TestOpenInAMissingDirectoryNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no-such-dir", "journal.db")
	_, err := Open(path)
	wantCoded(t, err, model.CodeUnavailable, path)
}
