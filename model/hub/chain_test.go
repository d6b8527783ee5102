package hub

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// Retries after an append that failed but landed, and re-decisions after
// another writer's append, leave one unbroken chain, and the events the
// hub answers with carry the digests they were stored with.
func TestChainSurvivesRetriesAndConflicts(t *testing.T) {
	ctx := context.Background()
	j := &memJournal{}
	h := openHub(t, j)
	id := declare(t, h, "flaky disk")

	j.mu.Lock()
	j.failErr, j.landThenFail = errors.New("fsync: input/output error"), true
	j.mu.Unlock()
	landed, err := h.Dispatch(ctx, alice, model.PostNote{Incident: id, Text: "saved after all"})
	if err != nil {
		t.Fatal(err)
	}
	j.setFail(nil)
	foreign := &model.Event{Seq: 3, ID: model.NewEventID(), Incident: id, Time: time.Now(), Actor: "bob", Data: model.NotePosted{Text: "from elsewhere"}}
	if err := j.Append(ctx, 2, []*model.Event{foreign}); err != nil {
		t.Fatal(err)
	}
	mine, err := h.Dispatch(ctx, alice, model.PostNote{Incident: id, Text: "mine"})
	if err != nil {
		t.Fatal(err)
	}

	res, err := model.Verify(ctx, h)
	if err != nil || !res.Intact() || res.Events != 4 {
		t.Fatalf("Verify = %+v, %v; want 4 events, intact", res, err)
	}
	var stored [][]byte
	if err := h.Raw(ctx, 1, func(_ uint64, b []byte) error { stored = append(stored, b); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		e     *model.Event
		after int
	}{{landed, 0}, {mine, 2}} {
		if tc.e.Prev == nil || *tc.e.Prev != model.DigestOf(stored[tc.after]) {
			t.Errorf("event %d has prev %v, want the digest of event %d", tc.e.Seq, tc.e.Prev, tc.after+1)
		}
	}
}
