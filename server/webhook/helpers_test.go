package webhook_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom/server/webhook"
)

// patience bounds every wait; tests pass in milliseconds.
const patience = 10 * time.Second

// checkNoLeaks fails the test if a Sender goroutine or a client connection
// outlives it. Call it first, so that its cleanup runs last.
func checkNoLeaks(t *testing.T) {
	t.Helper()
	t.Cleanup(func() {
		deadline := time.Now().Add(patience)
		for {
			left := leftoverGoroutines()
			if left == "" {
				return
			}
			if time.Now().After(deadline) {
				t.Errorf("goroutines still running after the test:\n%s", left)
				return
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}

func leftoverGoroutines() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var left []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		// Every goroutine of the package, and any HTTP connection it left open.
		if strings.Contains(g, "warroom/server/webhook.") || strings.Contains(g, "net/http.(*persistConn)") {
			left = append(left, g)
		}
	}
	return strings.Join(left, "\n\n")
}

// newSender starts a Sender that retries at once (unless opts say
// otherwise) and reports its results on the returned channel; the test's
// cleanup closes it.
func newSender(t *testing.T, targets []webhook.Target, opts webhook.Options) (*webhook.Sender, <-chan webhook.Result) {
	t.Helper()
	results := make(chan webhook.Result, 64)
	opts.OnResult = func(r webhook.Result) { results <- r }
	opts.Logger = slog.New(slog.DiscardHandler)
	if opts.Backoff == nil {
		opts.Backoff = func(int) time.Duration { return 0 }
	}
	s := webhook.New(targets, opts)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), patience)
		defer cancel()
		_ = s.Close(ctx)
	})
	return s, results
}

func nextResult(t *testing.T, results <-chan webhook.Result) webhook.Result {
	t.Helper()
	select {
	case r := <-results:
		return r
	case <-time.After(patience):
		t.Fatal("no delivery result reported")
		return webhook.Result{}
	}
}

// request is what an endpoint received.
type request struct {
	method string
	path   string
	header http.Header
	body   []byte
}

func nextRequest(t *testing.T, got <-chan request) request {
	t.Helper()
	select {
	case r := <-got:
		return r
	case <-time.After(patience):
		t.Fatal("endpoint received no request")
		return request{}
	}
}

// serve runs handler on a loopback server and passes each request to the
// returned channel before handler answers it.
func serve(t *testing.T, handler http.HandlerFunc) (string, <-chan request) {
	t.Helper()
	got := make(chan request, 64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- request{method: r.Method, path: r.URL.Path, header: r.Header.Clone(), body: body}
		handler(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, got
}

// endpoint answers with statuses in turn, repeating the last.
func endpoint(t *testing.T, statuses ...int) (string, <-chan request) {
	t.Helper()
	var mu sync.Mutex
	return serve(t, func(w http.ResponseWriter, _ *http.Request) {
		mu.Lock()
		status := statuses[0]
		if len(statuses) > 1 {
			statuses = statuses[1:]
		}
		mu.Unlock()
		w.WriteHeader(status)
	})
}

// blockingEndpoint holds every request until release is called (or the
// client gives up), then answers 200.
func blockingEndpoint(t *testing.T) (url string, got <-chan request, release func()) {
	t.Helper()
	released := make(chan struct{})
	var once sync.Once
	url, got = serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-released:
		case <-r.Context().Done():
		}
	})
	return url, got, func() { once.Do(func() { close(released) }) }
}

// parkingSleep is an Options.Sleep that announces each wait on parked and
// then waits for release (or for the Sender to give up); once released,
// waits end at once. It also records the durations asked for.
type parkingSleep struct {
	parked  chan time.Duration
	release chan struct{}
}

func newParkingSleep() *parkingSleep {
	return &parkingSleep{parked: make(chan time.Duration, 64), release: make(chan struct{})}
}

func (p *parkingSleep) sleep(ctx context.Context, d time.Duration) error {
	p.parked <- d
	select {
	case <-p.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *parkingSleep) waitParked(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-p.parked:
		return d
	case <-time.After(patience):
		t.Fatal("the worker never waited to retry")
		return 0
	}
}

// page is a typical escalation page.
func page() webhook.Message {
	return webhook.Message{
		Kind: webhook.KindPage, Incident: "INC-3", Title: "checkout down",
		Severity: "SEV1", Status: "investigating", Service: "payments",
		Level: 2, Users: []string{"alice", "bob"}, By: "carol",
		At: time.Date(2026, 5, 1, 14, 0, 0, 0, time.FixedZone("CEST", 2*3600)), Key: "evt-42",
	}
}
