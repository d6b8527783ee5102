// Package servertest is what the tests of the server packages and of the
// binary share: waiting for a condition without sleeping blindly, a buffer
// that a session writes while the test reads it, and an SSH client with a
// terminal whose screen a test reads as a person would. Only tests import
// it.
package servertest

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

// WaitLimit bounds every wait: long enough for a loaded CI machine, short
// enough that a hang fails the test rather than the run.
const WaitLimit = 10 * time.Second

// WaitFor polls cond until it holds, failing the test after WaitLimit.
func WaitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(WaitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %s waiting for %s", WaitLimit, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Buffer is a bytes.Buffer safe to write from one goroutine while another
// reads it.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Contains reports whether s has been written.
func (b *Buffer) Contains(s string) bool { return strings.Contains(b.String(), s) }
