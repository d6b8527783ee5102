package model

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"
)

// storedEvents is a journal as its stored bytes, event 1 first.
type storedEvents [][]byte

func (s storedEvents) Raw(ctx context.Context, from uint64, fn func(uint64, []byte) error) error {
	for i := from - 1; i < uint64(len(s)); i++ {
		if err := fn(i+1, s[i]); err != nil {
			return err
		}
	}
	return nil
}

func note(seq uint64, incident, text string) *Event {
	return &Event{Seq: seq, ID: NewEventID(), Incident: incident, Time: t0.Add(time.Duration(seq) * time.Minute), Actor: "alice", Data: NotePosted{Text: text}}
}

// encodedV1 is e as builds before the chain stored it.
func encodedV1(t testing.TB, e *Event) []byte {
	t.Helper()
	v2 := encoded(t, e)
	return append([]byte{unchainedEncoding}, v2[1+DigestSize:]...)
}

// chained appends n notes after stored, linked in batches of batch as a
// journal stores them.
func chained(t testing.TB, stored storedEvents, n, batch int) storedEvents {
	t.Helper()
	for n > 0 {
		records := make([][]byte, min(batch, n))
		for i := range records {
			seq := uint64(len(stored) + i + 1)
			records[i] = encoded(t, note(seq, fmt.Sprintf("INC-%d", seq%3+1), fmt.Sprintf("note %d", seq)))
		}
		var head Digest
		if len(stored) > 0 {
			head = DigestOf(stored[len(stored)-1])
		}
		if _, err := LinkStored(head, records); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, records...)
		n -= len(records)
	}
	return stored
}

func verify(t testing.TB, stored storedEvents) VerifyResult {
	t.Helper()
	res, err := Verify(context.Background(), stored)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return res
}

func TestChainAcrossBatchesIsIntact(t *testing.T) {
	stored := chained(t, nil, 10, 3)
	res := verify(t, stored)
	if !res.Intact() || res.Events != 10 || res.Unchained != 0 || res.Head != DigestOf(stored[9]) {
		t.Fatalf("result = %+v, want intact with 10 events and the last one's digest", res)
	}
	head := DigestOf(stored[9])
	if want := "intact: 10 events, head sha256:" + hex.EncodeToString(head[:]); res.Summary() != want {
		t.Errorf("summary = %q, want %q", res.Summary(), want)
	}
	if got := res.Latest["INC-1"]; got.Seq != 9 || got.Digest != DigestOf(stored[8]) {
		t.Errorf("INC-1's latest = %+v, want event 9", got)
	}
	first, err := DecodeEvent(stored[0])
	if err != nil || first.Prev == nil || *first.Prev != (Digest{}) {
		t.Errorf("first event's prev = %v (%v), want 32 zero bytes", first.Prev, err)
	}
}

func TestEmptyJournalIsIntact(t *testing.T) {
	res := verify(t, nil)
	if !res.Intact() || res.Events != 0 || res.Head != (Digest{}) {
		t.Fatalf("result = %+v, want intact and empty", res)
	}
}

func TestChainStartsAfterUnchainedPrefix(t *testing.T) {
	prefix := storedEvents{encodedV1(t, note(1, "INC-1", "old")), encodedV1(t, note(2, "INC-1", "older build"))}
	stored := chained(t, prefix, 4, 2)
	res := verify(t, stored)
	if !res.Intact() || res.Events != 6 || res.Unchained != 2 {
		t.Fatalf("result = %+v, want intact, 6 events, the first 2 unchained", res)
	}
	if want := "(the first 2 were stored before the chain began and are not verified)"; !strings.HasSuffix(res.Summary(), want) {
		t.Errorf("summary = %q, want it to end %q", res.Summary(), want)
	}
	// The link into the chain is checked: the old prefix cannot change
	// unnoticed once the chain has started after it.
	stored[1] = bytes.Replace(stored[1], []byte("older build"), []byte("elder build"), 1)
	res = verify(t, stored)
	if res.BrokenAt != 2 || !strings.Contains(res.Reason, "event 3 recorded") {
		t.Fatalf("result = %+v, want broken at event 2", res)
	}
}

func TestVerifyFindsTheFirstBrokenLink(t *testing.T) {
	build := func() storedEvents { return chained(t, nil, 6, 4) }
	for name, tc := range map[string]struct {
		damage func(storedEvents) storedEvents
		at     uint64
		reason string
	}{
		"a byte of a payload flipped": {func(s storedEvents) storedEvents {
			s[2] = bytes.Replace(s[2], []byte("note 3"), []byte("note 9"), 1)
			return s
		}, 3, "not what event 4 recorded"},
		"an event made unreadable": {func(s storedEvents) storedEvents {
			s[3] = s[3][:len(s[3])-2]
			return s
		}, 4, "cannot be read"},
		"an event removed": {func(s storedEvents) storedEvents {
			return append(s[:2:2], s[3:]...)
		}, 3, "it says it is event 4"},
		"two events swapped": {func(s storedEvents) storedEvents {
			s[1], s[2] = s[2], s[1]
			return s
		}, 2, "it says it is event 3"},
		"the first event relinked": {func(s storedEvents) storedEvents {
			s[0][1] ^= 1
			return s
		}, 1, "it is the first event"},
		"an unchained event after the chain": {func(s storedEvents) storedEvents {
			s[4] = encodedV1(t, note(5, "INC-1", "late"))
			return s
		}, 5, "no digest"},
	} {
		t.Run(name, func(t *testing.T) {
			res := verify(t, tc.damage(build()))
			if res.BrokenAt != tc.at || !strings.Contains(res.Reason, tc.reason) {
				t.Fatalf("result = %+v, want broken at %d: %s", res, tc.at, tc.reason)
			}
			err := res.Err()
			if ErrorCode(err) != CodeCorrupt || !strings.HasPrefix(ErrorMessage(err), fmt.Sprintf("broken at event %d: ", tc.at)) {
				t.Errorf("Err() = %v, want corrupt naming event %d", err, tc.at)
			}
		})
	}
}

// gapAfter reads the events stored as 1, 2, then 4.
type gapAfter struct{ storedEvents }

func (g gapAfter) Raw(ctx context.Context, from uint64, fn func(uint64, []byte) error) error {
	for i, seq := range []uint64{1, 2, 4} {
		if err := fn(seq, g.storedEvents[i]); err != nil {
			return err
		}
	}
	return nil
}

func TestVerifyFindsAGap(t *testing.T) {
	res, err := Verify(context.Background(), gapAfter{chained(t, nil, 3, 3)})
	if err != nil || res.BrokenAt != 3 || !strings.Contains(res.Reason, "missing") {
		t.Fatalf("Verify = %+v, %v; want event 3 missing", res, err)
	}
}

// failingReader fails after its first event.
type failingReader struct{ storedEvents }

func (f failingReader) Raw(ctx context.Context, from uint64, fn func(uint64, []byte) error) error {
	if err := fn(1, f.storedEvents[0]); err != nil {
		return err
	}
	return Errorf(CodeCorrupt, "page 7 is damaged")
}

func TestVerifyReportsAJournalItCannotRead(t *testing.T) {
	_, err := Verify(context.Background(), failingReader{chained(t, nil, 2, 2)})
	if ErrorCode(err) != CodeCorrupt || !strings.Contains(ErrorMessage(err), "past event 1: page 7 is damaged") {
		t.Fatalf("err = %v, want a corrupt error after event 1", err)
	}
}

func TestLinkStoredRefusesUnchainedRecords(t *testing.T) {
	if _, err := LinkStored(Digest{}, [][]byte{encodedV1(t, note(1, "INC-1", "x"))}); ErrorCode(err) != CodeInvalid {
		t.Fatalf("err = %v, want invalid", err)
	}
}

func TestDecodeReadsUnchainedEvents(t *testing.T) {
	e := note(4, "INC-2", "written before the chain")
	got, err := DecodeEvent(encodedV1(t, e))
	if err != nil {
		t.Fatal(err)
	}
	if got.Prev != nil || got.Seq != 4 || got.ID != e.ID || got.Incident != "INC-2" || got.Data != e.Data {
		t.Fatalf("decoded %+v, want %+v without a prev", got, e)
	}
}
