package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// Five MiB piped through a real SSH session: the first MiB is kept, the
// size and digest are of all five, and the client is told so.
func TestAttachFiveMiBFromAnSSHPipe(t *testing.T) {
	ts := startServer(t, nil)
	bob := model.Actor{Name: "bob", Level: model.LevelResponder}
	id := declare(t, ts.store, bob, "api crash loop")

	var input bytes.Buffer
	for i := 0; input.Len() < 5<<20; i++ {
		fmt.Fprintf(&input, "2026-11-28T03:00:00Z api-7 request %d failed: upstream reset\n", i)
	}
	input.Truncate(5 << 20)
	sum := sha256.Sum256(input.Bytes())
	digest := hex.EncodeToString(sum[:])

	client := ts.mustDial(t, "alice", newKey(t))
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	sess.Stdin, sess.Stdout, sess.Stderr = &input, &stdout, &stderr
	done := make(chan error, 1)
	go func() { done <- sess.Run("attach " + id + " --name api-7.log --note crash loop since 03:00") }()
	select {
	case err = <-done:
	case <-time.After(waitLimit):
		_ = client.Close()
		t.Fatalf("attach of 5 MiB did not finish within %s", waitLimit)
	}
	if err != nil {
		t.Fatalf("attach: %v (stderr %q)", err, stderr.String())
	}
	want := fmt.Sprintf("%s: attached api-7.log (5.0 MiB, sha256 %s…); kept the first 1.0 MiB\n", id, digest[:12])
	if stdout.String() != want {
		t.Errorf("stdout %q, want %q", stdout.String(), want)
	}

	inc, _ := ts.store.Snapshot().Incident(id)
	if len(inc.Attachments) != 1 {
		t.Fatalf("%s has %d attachments, want 1", id, len(inc.Attachments))
	}
	a := inc.Attachments[0]
	if a.Actor != "alice" || a.Size != 5<<20 || a.SHA256 != digest || !a.Truncated || a.Kept != model.DefaultEvidenceBytes || a.Note != "crash loop since 03:00" {
		t.Errorf("stored by %s: size %d, kept %d, truncated %t, note %q, sha %s; want alice's 5 MiB, 1 MiB kept, sha %s",
			a.Actor, a.Size, a.Kept, a.Truncated, a.Note, a.SHA256, digest)
	}
	mark := fmt.Sprintf("\n… truncated: %d of %d bytes kept", model.DefaultEvidenceBytes, 5<<20)
	if !strings.HasSuffix(a.Content, mark) || !strings.HasPrefix(a.Content, "2026-11-28T03:00:00Z api-7 request 0 failed") {
		t.Errorf("content starts %q and ends %q", a.Content[:60], a.Content[len(a.Content)-60:])
	}
}
