package bolt

import (
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

func TestSecondOpenFailsFastWithInUse(t *testing.T) {
	path := tempPath(t)
	openJournal(t, path)

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
