package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/bolt"
	"github.com/warroom/warroom/model/hub"
)

// writeIncident records an incident with notes in a new data directory's
// journal, as a server would, and returns the directory.
func writeIncident(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	j, err := bolt.Open(filepath.Join(data, journalFile))
	if err != nil {
		t.Fatal(err)
	}
	h, err := hub.Open(context.Background(), j, hub.Options{})
	if err != nil {
		t.Fatal(err)
	}
	alice := model.Actor{Name: "alice", Level: model.LevelResponder}
	cmds := []model.Command{model.Declare{Title: "db down", Severity: model.Sev2}}
	for i := range 20 {
		cmds = append(cmds, model.PostNote{Incident: "INC-1", Text: fmt.Sprintf("finding number %02d", i+2)})
	}
	for _, cmd := range cmds {
		if _, err := h.Dispatch(context.Background(), alice, cmd); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestVerifyCommand(t *testing.T) {
	data := writeIncident(t)
	var out bytes.Buffer
	if err := (&verifyCmd{dataFlag{data}}).verify(&out); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^intact: 21 events, head sha256:[0-9a-f]{64}\n$`).MatchString(out.String()) {
		t.Fatalf("output = %q, want 21 events intact", out.String())
	}

	// A copy with one byte of event 8's payload flipped, wherever bbolt
	// left a copy of it.
	image, err := os.ReadFile(filepath.Join(data, journalFile))
	if err != nil {
		t.Fatal(err)
	}
	altered := bytes.ReplaceAll(image, []byte("finding number 08"), []byte("finding number 09"))
	if bytes.Equal(altered, image) {
		t.Fatal("event 8's note is not in the file")
	}
	copied := t.TempDir()
	if err := os.WriteFile(filepath.Join(copied, journalFile), altered, 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err = (&verifyCmd{dataFlag{copied}}).verify(&out)
	if err == nil || !strings.HasPrefix(err.Error(), "broken at event 8: ") || out.Len() != 0 {
		t.Fatalf("verify of the altered copy = %v, printed %q; want broken at event 8", err, out.String())
	}
}

func TestVerifyCommandRefusesAJournalInUse(t *testing.T) {
	data := writeIncident(t)
	j, err := bolt.Open(filepath.Join(data, journalFile))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	err = (&verifyCmd{dataFlag{data}}).verify(&bytes.Buffer{})
	if model.ErrorCode(err) != model.CodeUnavailable || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("err = %v, want the journal in use", err)
	}
	if err := (&verifyCmd{dataFlag{t.TempDir()}}).verify(&bytes.Buffer{}); model.ErrorCode(err) != model.CodeNotFound {
		t.Fatalf("empty data directory: err = %v, want not found", err)
	}
}
