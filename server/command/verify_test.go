package command

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
)

func TestVerifyPrintsTheHeadDigest(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "db down", Severity: model.Sev2})
	dispatch(t, s, alice, model.Declare{Title: "api slow", Severity: model.Sev3})
	dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: "failing over"})
	next := dispatch(t, s, bob, model.PostNote{Incident: "INC-2", Text: "looking"})

	r := run(t, s, olive, "verify")
	if r.code != ExitOK || r.stderr != "" || !regexp.MustCompile(`^intact: 4 events, head sha256:[0-9a-f]{64}\n$`).MatchString(r.stdout) {
		t.Fatalf("verify = %d %q %q; want the head of 4 intact events", r.code, r.stdout, r.stderr)
	}
	// INC-1's newest event is event 3, whose digest event 4 recorded.
	r = run(t, s, olive, "verify", "inc-1")
	if want := r.stdout[:strings.Index(r.stdout, "\n")+1] + "INC-1: last event 3, " + next.Prev.String() + "\n"; r.code != ExitOK || r.stdout != want {
		t.Fatalf("verify inc-1 = %d %q %q; want %q", r.code, r.stdout, r.stderr, want)
	}
}

func TestVerifyRefusesBadArguments(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "db down", Severity: model.Sev2})
	if r := run(t, s, alice, "verify", "INC-9"); r.code != ExitFailed || !strings.Contains(r.stderr, "no incident INC-9") {
		t.Errorf("verify INC-9 = %d %q %q; want no such incident", r.code, r.stdout, r.stderr)
	}
	if r := run(t, s, alice, "verify", "INC-1", "INC-2"); r.code != ExitUsage {
		t.Errorf("verify of two incidents = %d %q %q; want a usage error", r.code, r.stdout, r.stderr)
	}
}

// tamperedStore serves the store's journal with one byte of event 2 changed,
// as a journal altered on disk would read.
type tamperedStore struct{ *testStore }

func (s tamperedStore) Raw(ctx context.Context, from uint64, fn func(uint64, []byte) error) error {
	return s.testStore.Raw(ctx, from, func(seq uint64, stored []byte) error {
		if seq == 2 {
			stored = bytes.Replace(stored, []byte("failing over"), []byte("failing ovar"), 1)
		}
		return fn(seq, stored)
	})
}

func TestVerifyReportsTheFirstBrokenLink(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "db down", Severity: model.Sev2})
	dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: "failing over"})
	dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: "done"})
	r := run(t, tamperedStore{s}, alice, "verify")
	if r.code != ExitFailed || r.stdout != "" || !strings.HasPrefix(r.stderr, "warroom: broken at event 2: ") {
		t.Fatalf("verify = %d %q %q; want broken at event 2", r.code, r.stdout, r.stderr)
	}
}
