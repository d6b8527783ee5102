package bolt

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// FuzzOpen uses arbitrary bytes as a journal file, as the server would:
// open, replay, verify, append. Seeded with real journals, the larger one with
// branch pages, so that mutations reach bbolt's pages behind a valid
// header. No input may crash the process.
func FuzzOpen(f *testing.F) {
	for _, n := range []int{5, 100} {
		path := filepath.Join(f.TempDir(), fmt.Sprintf("journal-%d.db", n))
		writeJournal(f, path, n)
		image, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(image)
		f.Add(image[:len(image)/2])
	}
	// A journal begun by a build before the chain, then chained.
	path := filepath.Join(f.TempDir(), "journal-unchained.db")
	writeJournal(f, path, 0)
	writeUnchained(f, path, newEvents(1, 4))
	j, err := Open(path)
	if err != nil {
		f.Fatal(err)
	}
	appendAll(f, j, newEvents(5, 4), 2)
	if err := j.Close(); err != nil {
		f.Fatal(err)
	}
	image, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(image)
	f.Add([]byte{})
	f.Add(randomBytes(3, 4096))

	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			t.Skip("bigger than any journal worth fuzzing")
		}
		openDamaged(t, filepath.Join(t.TempDir(), "journal.db"), data)
	})
}
