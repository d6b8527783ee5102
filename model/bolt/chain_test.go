package bolt

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/warroom/warroom/model"
)

func verifyJournal(t testing.TB, j *Journal) model.VerifyResult {
	t.Helper()
	res, err := model.Verify(context.Background(), j)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	return res
}

// storedRecord returns event seq's bytes as the journal stores them.
func storedRecord(t testing.TB, j *Journal, seq uint64) []byte {
	t.Helper()
	var rec []byte
	err := j.Raw(context.Background(), seq, func(got uint64, stored []byte) error {
		if got == seq {
			rec = bytes.Clone(stored)
		}
		return errStopTest
	})
	if err != errStopTest || rec == nil {
		t.Fatalf("Raw of event %d: %v", seq, err)
	}
	return rec
}

var errStopTest = model.Errorf(model.CodeInternal, "stop")

func TestChainAcrossBatchesAndRestarts(t *testing.T) {
	path := tempPath(t)
	events := newEvents(1, 1200)
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	appendAll(t, j, events[:700], 64)
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	j = openJournal(t, path)
	appendAll(t, j, events[700:], 100)

	res := verifyJournal(t, j)
	if !res.Intact() || res.Events != 1200 || res.Unchained != 0 || res.Head != model.DigestOf(storedRecord(t, j, 1200)) {
		t.Fatalf("result = %+v, want 1200 events intact, headed by event 1200", res)
	}
	// Each appended event learnt the digest it was stored with, and
	// replay reads the same (Verify checked the rest of the chain).
	replayed := replayAll(t, j, 1)
	for i, e := range events[:4] {
		var want model.Digest
		if i > 0 {
			want = model.DigestOf(storedRecord(t, j, uint64(i)))
		}
		if e.Prev == nil || *e.Prev != want || *replayed[i].Prev != want {
			t.Fatalf("event %d: prev %v, replayed %v, want %s", i+1, e.Prev, replayed[i].Prev, want)
		}
	}
}

func TestRefusedAppendsLeaveTheChainIntact(t *testing.T) {
	ctx := context.Background()
	j := openJournal(t, tempPath(t))
	events := newEvents(1, 6)
	appendAll(t, j, events[:3], 3)
	// A conflict (a stale writer) and a duplicate (a retry of a batch
	// that landed) store nothing; the retry that follows links on.
	wantCoded(t, j.Append(ctx, 2, newEvents(3, 1)), model.CodeConflict)
	retry := append([]*model.Event{{Seq: 4, ID: events[2].ID, Incident: "INC-1", Time: events[2].Time, Actor: "alice", Data: events[2].Data}}, newEvents(5, 1)...)
	wantCoded(t, j.Append(ctx, 3, retry), model.CodeDuplicate)
	appendAll(t, j, events[3:], 3)
	if res := verifyJournal(t, j); !res.Intact() || res.Events != 6 {
		t.Fatalf("result = %+v, want 6 events intact", res)
	}
}

func TestChainStartsAfterEventsOfEarlierBuilds(t *testing.T) {
	path := tempPath(t)
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	writeUnchained(t, path, newEvents(1, 3))

	j = openJournal(t, path)
	appendAll(t, j, newEvents(4, 5), 2)
	res := verifyJournal(t, j)
	if !res.Intact() || res.Events != 8 || res.Unchained != 3 {
		t.Fatalf("result = %+v, want 8 events intact, the first 3 unchained", res)
	}
	first := replayAll(t, j, 4)[0]
	if first.Prev == nil || *first.Prev != model.DigestOf(storedRecord(t, j, 3)) {
		t.Errorf("event 4 has prev %v, want the digest of event 3 as stored", first.Prev)
	}
}

// writeUnchained stores events at the end of the journal at path as builds
// before the chain did: encoding version 1, the version byte followed by
// what version 2 has after its digest.
func writeUnchained(t testing.TB, path string, events []*model.Event) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		for _, e := range events {
			rec, err := model.EncodeEvent(e)
			if err != nil {
				return err
			}
			if err := tx.Bucket([]byte(eventsBucket)).Put(seqKey(e.Seq), append([]byte{1}, rec[1+model.DigestSize:]...)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// journalImage writes 60 events in batches to a journal and returns the
// file's bytes and event 30's stored bytes.
func journalImage(t testing.TB) (image, record []byte) {
	t.Helper()
	path := tempPath(t)
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	appendAll(t, j, newEvents(1, 60), 7)
	record = storedRecord(t, j, 30)
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	image, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return image, record
}

// flipped returns a copy of image with the byte at off of every copy of
// record flipped: bbolt copies pages on write, so a stale copy of the
// event may remain in a free page.
func flipped(t testing.TB, image, record []byte, off int) []byte {
	t.Helper()
	out := bytes.Clone(image)
	found := 0
	for at := 0; ; {
		i := bytes.Index(out[at:], record)
		if i < 0 {
			break
		}
		out[at+i+off] ^= 0x01
		at += i + len(record)
		found++
	}
	if found == 0 {
		t.Fatal("event 30 is not in the file")
	}
	return out
}

func verifyCopy(t testing.TB, image []byte) model.VerifyResult {
	t.Helper()
	path := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(path, image, 0o600); err != nil {
		t.Fatal(err)
	}
	j, err := OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	defer j.Close()
	return verifyJournal(t, j)
}

func TestVerifyFindsAFlippedByteInACopy(t *testing.T) {
	image, record := journalImage(t)
	if res := verifyCopy(t, image); !res.Intact() || res.Events != 60 {
		t.Fatalf("the untouched copy: %+v, want 60 events intact", res)
	}
	payload := bytes.Index(record, []byte("note number 30"))
	res := verifyCopy(t, flipped(t, image, record, payload+len("note number 3")))
	if res.BrokenAt != 30 || !strings.Contains(res.Reason, "not what event 31 recorded") {
		t.Fatalf("result = %+v, want broken at event 30", res)
	}
	if msg := model.ErrorMessage(res.Err()); !strings.HasPrefix(msg, "broken at event 30: ") {
		t.Errorf("message = %q", msg)
	}
}

// Wherever the flipped byte is in the event, verify names it (or, for a
// byte of its digest of event 29, the link from 29) and never panics.
func TestVerifyFindsAFlipAnywhereInAnEvent(t *testing.T) {
	image, record := journalImage(t)
	for off := range record {
		res := verifyCopy(t, flipped(t, image, record, off))
		want := uint64(30)
		if off >= 1 && off < 1+model.DigestSize {
			want = 29
		}
		if res.BrokenAt != want {
			t.Fatalf("byte %d flipped: result %+v, want broken at event %d", off, res, want)
		}
	}
}

func TestOpenReadOnly(t *testing.T) {
	path := tempPath(t)
	if _, err := OpenReadOnly(path); model.ErrorCode(err) != model.CodeNotFound {
		t.Fatalf("missing file: err = %v, want not found", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Fatal("OpenReadOnly created the journal")
	}
	j := openJournal(t, path)
	appendAll(t, j, newEvents(1, 3), 3)
	if _, err := OpenReadOnly(path); model.ErrorCode(err) != model.CodeUnavailable || !strings.Contains(err.Error(), "in use") {
		t.Fatalf("while a writer holds it: err = %v, want in use", err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if res := verifyJournal(t, r); !res.Intact() || res.Events != 3 {
		t.Fatalf("result = %+v, want 3 events intact", res)
	}
	wantCoded(t, r.Append(context.Background(), 3, newEvents(4, 1)), model.CodeUnavailable)
}
