// Package storetest opens the real store for tests: the hub over a bbolt
// journal on disk, so tests exercise the durable path the server runs.
//
// It is test support only. Besides cmd, it is the one place that joins
// model/bolt and model/hub, and only _test.go files import it; the
// layering test in cmd/warroom keeps it that way.
package storetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/warroom/warroom/model/bolt"
	"github.com/warroom/warroom/model/hub"
)

// Open opens the real store — the bbolt journal in tb.TempDir() under the
// hub — and closes both at cleanup.
func Open(tb testing.TB, opts hub.Options) *hub.Hub {
	tb.Helper()
	return OpenAt(tb, filepath.Join(tb.TempDir(), "journal.db"), opts)
}

// OpenAt is Open on the journal file at path, creating it when missing,
// for tests that choose where it lives or wrote it beforehand.
func OpenAt(tb testing.TB, path string, opts hub.Options) *hub.Hub {
	tb.Helper()
	j, err := bolt.Open(path)
	if err != nil {
		tb.Fatalf("open journal %s: %v", path, err)
	}
	h, err := hub.Open(context.Background(), j, opts)
	if err != nil {
		_ = j.Close()
		tb.Fatalf("open hub on %s: %v", path, err)
	}
	tb.Cleanup(func() {
		if err := h.Close(); err != nil {
			tb.Errorf("close hub: %v", err)
		}
		if err := j.Close(); err != nil {
			tb.Errorf("close journal %s: %v", path, err)
		}
	})
	return h
}
