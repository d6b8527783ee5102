package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/warroom/warroom/model"
)

// benchFixture has 200 open incidents over 10 services, each with three
// published updates, and 50 resolved ones.
func benchFixture(b *testing.B) *fixture {
	f := newFixture(b)
	const open, resolved = 200, 50
	ids := make([]string, open+resolved)
	for i := range ids {
		ids[i] = f.declare(fmt.Sprintf("Incident number %d affecting customers", i), fmt.Sprintf("service-%d", i%10), model.Severity(1+i%4))
	}
	// Concurrent writers share commits, which keeps the setup short.
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			for n := range 3 {
				if _, err := f.store.Dispatch(context.Background(), alice, model.PostUpdate{Incident: id, Text: fmt.Sprintf("Update %d: we are working on it & will report back <soon>.", n)}); err != nil {
					b.Error(err)
				}
			}
		})
	}
	wg.Wait()
	for _, id := range ids[open:] {
		f.resolve(id)
	}
	return f
}

// discardWriter is a ResponseWriter that throws the body away, so that
// the benchmark measures the server rather than a recorder's copying.
type discardWriter struct {
	header http.Header
	code   int
}

func (d *discardWriter) Header() http.Header         { return d.header }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(code int)        { d.code = code }

// ReadFrom is there because net/http's own writer has one.
func (d *discardWriter) ReadFrom(r io.Reader) (int64, error) { return io.Copy(io.Discard, r) }

func BenchmarkStatusPage(b *testing.B) {
	f := benchFixture(b)
	get := func() {
		w := &discardWriter{header: http.Header{}, code: http.StatusOK}
		f.web.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
		if w.code != http.StatusOK {
			b.Fatalf("GET /: %d", w.code)
		}
	}
	get()
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			get()
		}
	})
	b.Run("cached-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				get()
			}
		})
	})
	st, now := f.store.Snapshot(), f.clock.Now()
	b.Run("uncached", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.web.renderStatus(st, now, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	// After a change the public does not see (a note), only the document
	// is rebuilt and compared.
	b.Run("after-a-note", func(b *testing.B) {
		prev := f.web.status.current.Load()
		b.ReportAllocs()
		for b.Loop() {
			if r, err := f.web.renderStatus(st, now, prev); err != nil || r.html.body == nil {
				b.Fatal(err)
			}
		}
	})
	r, _ := f.web.currentStatus()
	b.Logf("page: %d bytes of HTML, %d of JSON", len(r.html.body), len(r.json.body))
}
