package bolt

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/warroom/warroom/model"
)

// writeJournal fills a new journal at path with n events, closes it and
// returns the events and the number of bytes bbolt uses in the file.
func writeJournal(t testing.TB, path string, n int) ([]*model.Event, int64) {
	t.Helper()
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	events := newEvents(1, n)
	appendAll(t, j, events, 50)
	var used int64
	if err := j.db.View(func(tx *bolt.Tx) error { used = tx.Size(); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	return events, used
}

func TestDamagedFileIsAClearError(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	_, used := writeJournal(t, good, 2000)
	image, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	tests := []struct {
		name   string
		damage func([]byte) []byte
		says   string
	}{
		{"empty", func([]byte) []byte { return nil }, "is empty"},
		{"random bytes", func([]byte) []byte { return randomBytes(1, 64<<10) }, "no valid header"},
		{"text", func([]byte) []byte { return []byte("not a journal\n") }, "no valid header"},
		{"cut in half", func(b []byte) []byte { return b[:used/2] }, "is truncated"},
		{"cut to one page", func(b []byte) []byte { return b[:pageSize] }, "is truncated"},
		{"both headers flipped", func(b []byte) []byte {
			b[16+20] ^= 0xff
			b[pageSize+16+20] ^= 0xff
			return b
		}, "no valid header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal.db")
			wantCoded(t, openErr(t, path, tt.damage(bytes.Clone(image))), model.CodeCorrupt, path, tt.says)
		})
	}
}

func TestDamagedEventNamesFileAndSeq(t *testing.T) {
	path := tempPath(t)
	events, _ := writeJournal(t, path, 100)
	image, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Every copy: pages that bbolt has since rewritten elsewhere may still
	// hold old ones.
	stored, err := model.EncodeEvent(events[41])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(image, stored) {
		t.Fatal("event 42 is not in the file")
	}
	damaged := bytes.Clone(stored)
	damaged[0] ^= 0xff // an encoding version no build reads
	image = bytes.ReplaceAll(image, stored, damaged)
	// Open reads the newest events back to remember their ids, so damage
	// among them is found before anything is served.
	wantCoded(t, openErr(t, path, image), model.CodeCorrupt, path, "event 42")
}

// TestRandomDamageNeverPanics overwrites each page of a real journal with
// noise in turn, and flips single bytes: every outcome must be a working
// journal or a coded error naming the file, never a crash.
func TestRandomDamageNeverPanics(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	_, used := writeJournal(t, good, 400)
	image, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	rng := rand.New(rand.NewPCG(7, 7))
	path := filepath.Join(dir, "journal.db")
	for page := int64(0); page < used/pageSize; page++ {
		damaged := bytes.Clone(image)
		copy(damaged[page*pageSize:(page+1)*pageSize], randomBytes(uint64(page), pageSize))
		openDamaged(t, path, damaged)
	}
	for range 150 {
		damaged := bytes.Clone(image)
		damaged[rng.Int64N(used)] ^= byte(1 + rng.IntN(255))
		openDamaged(t, path, damaged)
	}
}

// openErr writes image to path and returns what Open says of it.
func openErr(t testing.TB, path string, image []byte) error {
	t.Helper()
	if err := os.WriteFile(path, image, 0o600); err != nil {
		t.Fatal(err)
	}
	j, err := Open(path)
	if err == nil {
		_ = j.Close()
	}
	return err
}

// openDamaged writes image to path and uses it as the server would: open,
// replay, append. Each step may fail, but only with a coded error naming
// the file.
func openDamaged(t testing.TB, path string, image []byte) {
	t.Helper()
	if err := os.WriteFile(path, image, 0o600); err != nil {
		t.Fatal(err)
	}
	j, err := Open(path)
	if err != nil {
		wantCoded(t, err, model.CodeCorrupt, path)
		return
	}
	defer j.Close()
	ctx := context.Background()
	if err := j.Replay(ctx, 0, func(*model.Event) error { return nil }); err != nil {
		wantCoded(t, err, model.CodeCorrupt, path)
		return
	}
	if _, err := model.Verify(ctx, j); err != nil {
		wantCoded(t, err, model.CodeCorrupt, path)
		return
	}
	last, err := j.Last(ctx)
	if err != nil {
		wantCoded(t, err, model.CodeCorrupt, path)
		return
	}
	if err := j.Append(ctx, last, newEvents(last+1, 3)); err != nil {
		wantNamesFile(t, err, path)
	}
}

func wantNamesFile(t testing.TB, err error, path string) {
	t.Helper()
	var coded *model.Error
	if !errors.As(err, &coded) || !bytes.Contains([]byte(coded.Message), []byte(path)) {
		t.Fatalf("error %v is not a coded error naming %s", err, path)
	}
}

func randomBytes(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, seed))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// TestPageLoopIsAClearError points a branch of the events' tree back at
// itself, as a flipped bit in a page number can: bbolt would descend it
// until the process ran out of memory.
func TestPageLoopIsAClearError(t *testing.T) {
	path := tempPath(t)
	writeJournal(t, path, 400)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	var root uint64
	var pageSize int
	err = db.View(func(tx *bolt.Tx) error {
		root = uint64(tx.Bucket([]byte(eventsBucket)).RootPage())
		pageSize = db.Info().PageSize
		info, err := tx.Page(int(root))
		if err == nil && info.Type != "branch" {
			t.Fatalf("the events' root page is a %s; the test needs a branch", info.Type)
		}
		return err
	})
	if err := errors.Join(err, db.Close()); err != nil {
		t.Fatal(err)
	}

	image, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The first child's page id: bbolt's cursor descends through it to find
	// the first key, and without the check would never stop.
	firstChild := int(root)*pageSize + pageHeaderSize + 8
	native.PutUint64(image[firstChild:], root)
	wantCoded(t, openErr(t, path, image), model.CodeCorrupt, path, "tree of pages is broken")
}

// TestInlineLoopIsAClearError marks the events bucket of a new journal, which
// bbolt keeps inline in its parent, as a branch: its cursor would descend
// into the same page forever. (FuzzOpen found this.)
func TestInlineLoopIsAClearError(t *testing.T) {
	path := tempPath(t)
	writeJournal(t, path, 0)
	image, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The bucket's key, its header (root page 0, sequence 0), then the
	// inline page's header: id 0, flags.
	at := bytes.Index(image, append([]byte(eventsBucket), make([]byte, 16+8)...))
	if at < 0 {
		t.Fatal("the inline events bucket is not in the file")
	}
	native.PutUint16(image[at+len(eventsBucket)+16+8:], branchFlag)
	wantCoded(t, openErr(t, path, image), model.CodeCorrupt, path, "tree of pages is broken")
}
