package webhook_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom/warroom/server/webhook"
)

func TestRequestsCarryHeadersAndReportSuccess(t *testing.T) {
	checkNoLeaks(t)
	url, got := endpoint(t, http.StatusNoContent)
	s, results := newSender(t, []webhook.Target{{Name: "ops", URL: url + "/hook"}}, webhook.Options{})
	s.Send(page())

	req := nextRequest(t, got)
	if req.method != http.MethodPost || req.path != "/hook" {
		t.Errorf("request = %s %s, want POST /hook", req.method, req.path)
	}
	for name, want := range map[string]string{
		"Content-Type": "application/json", "User-Agent": "warroom", "Idempotency-Key": "evt-42",
	} {
		if got := req.header.Get(name); got != want {
			t.Errorf("header %s = %q, want %q", name, got, want)
		}
	}
	r := nextResult(t, results)
	if !r.OK || r.Attempts != 1 || r.Status != http.StatusNoContent || r.Err != "" ||
		r.Target.Label() != "ops" || r.Message.Key != "evt-42" {
		t.Errorf("result = %+v, want OK on the first attempt", r)
	}
}

func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		name        string
		statuses    []int
		wantOK      bool
		wantTries   int
		wantStatus  int
		wantErr     string
		maxAttempts int
	}{
		{"5xx then success", []int{500, 200}, true, 2, 200, "", 5},
		{"429 then success", []int{429, 202}, true, 2, 202, "", 5},
		{"4xx is final", []int{400}, false, 1, 400, "HTTP 400", 5},
		{"redirect is not followed", []int{302}, false, 1, 302, "HTTP 302", 5},
		{"gives up after MaxAttempts", []int{503}, false, 3, 503, "HTTP 503", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkNoLeaks(t)
			url, got := endpoint(t, tt.statuses...)
			s, results := newSender(t, []webhook.Target{{URL: url}}, webhook.Options{MaxAttempts: tt.maxAttempts})
			s.Send(page())
			r := nextResult(t, results)
			if r.OK != tt.wantOK || r.Attempts != tt.wantTries || r.Status != tt.wantStatus || r.Err != tt.wantErr {
				t.Errorf("result = OK %v, %d attempts, status %d, err %q; want %v, %d, %d, %q",
					r.OK, r.Attempts, r.Status, r.Err, tt.wantOK, tt.wantTries, tt.wantStatus, tt.wantErr)
			}
			if len(got) != tt.wantTries {
				t.Errorf("endpoint received %d requests, want %d", len(got), tt.wantTries)
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		backoff    time.Duration
		want       time.Duration
	}{
		{"seconds", "7", time.Second, 7 * time.Second},
		{"capped at a minute", "3600", time.Second, time.Minute},
		{"shorter than the backoff", "1", 5 * time.Second, 5 * time.Second},
		{"not seconds", "Wed, 21 Oct 2026 07:28:00 GMT", 250 * time.Millisecond, 250 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkNoLeaks(t)
			var answered atomic.Bool
			url, _ := serve(t, func(w http.ResponseWriter, _ *http.Request) {
				if !answered.Swap(true) {
					w.Header().Set("Retry-After", tt.retryAfter)
					w.WriteHeader(http.StatusTooManyRequests)
				}
			})
			waits := newParkingSleep()
			close(waits.release)
			s, results := newSender(t, []webhook.Target{{URL: url}}, webhook.Options{
				Backoff: func(int) time.Duration { return tt.backoff },
				Sleep:   waits.sleep,
			})
			s.Send(page())
			if r := nextResult(t, results); !r.OK || r.Attempts != 2 {
				t.Fatalf("result = %+v, want OK on attempt 2", r)
			}
			if got := waits.waitParked(t); got != tt.want {
				t.Errorf("waited %v before retrying, want %v", got, tt.want)
			}
		})
	}
}

func TestDeadEndpointBlocksNothing(t *testing.T) {
	checkNoLeaks(t)
	dead := deadURL(t)
	healthy, got := endpoint(t, 200)
	waits := newParkingSleep()
	s, results := newSender(t, []webhook.Target{{Name: "dead", URL: dead}, {Name: "healthy", URL: healthy}},
		webhook.Options{MaxAttempts: 3, Sleep: waits.sleep})

	s.Send(page())
	waits.waitParked(t) // the dead target failed once and is waiting to retry
	nextRequest(t, got)
	if r := nextResult(t, results); r.Target.Name != "healthy" || !r.OK {
		t.Fatalf("first result = %+v, want the healthy target delivered", r)
	}

	close(waits.release)
	r := nextResult(t, results)
	if r.Target.Name != "dead" || r.OK || r.Attempts != 3 || r.Status != 0 || r.Err != "connection refused" {
		t.Errorf("result = %+v, want dead failed after 3 attempts with connection refused", r)
	}
}

// deadURL is the address of a loopback listener that has been closed, so
// connecting to it is refused.
func deadURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return "http://" + addr + "/hook"
}

func TestSlowEndpointTimesOut(t *testing.T) {
	checkNoLeaks(t)
	url, _, release := blockingEndpoint(t)
	s, results := newSender(t, []webhook.Target{{URL: url}},
		webhook.Options{MaxAttempts: 1, Client: &http.Client{Timeout: 50 * time.Millisecond}})
	t.Cleanup(release)
	s.Send(page())
	if r := nextResult(t, results); r.OK || r.Err != "timed out after 50ms" {
		t.Errorf("result = %+v, want timed out after 50ms", r)
	}
}

func TestSendNeverBlocksWhenQueueIsFull(t *testing.T) {
	checkNoLeaks(t)
	url, got, release := blockingEndpoint(t)
	s, results := newSender(t, []webhook.Target{{URL: url}}, webhook.Options{QueueSize: 1})
	t.Cleanup(release)
	message := func(key string) webhook.Message { m := page(); m.Key = key; return m }

	s.Send(message("1"))
	nextRequest(t, got) // the worker holds 1, so the queue is empty
	sent := make(chan struct{})
	go func() {
		s.Send(message("2")) // fills the queue
		s.Send(message("3")) // overflows it
		close(sent)
	}()
	select {
	case <-sent:
	case <-time.After(patience):
		t.Fatal("Send blocked on a full queue")
	}
	if r := nextResult(t, results); r.Message.Key != "3" || r.OK || r.Attempts != 0 || r.Err != "queue full, dropped" {
		t.Errorf("result = %+v, want message 3 dropped", r)
	}

	release()
	for _, key := range []string{"1", "2"} {
		if r := nextResult(t, results); r.Message.Key != key || !r.OK {
			t.Errorf("result = %+v, want message %s delivered", r, key)
		}
	}
}

func TestCloseDeliversWhatIsQueued(t *testing.T) {
	checkNoLeaks(t)
	url, _ := endpoint(t, 500, 200)
	s, results := newSender(t, []webhook.Target{{URL: url}}, webhook.Options{})
	s.Send(page())
	s.Send(page())
	if err := s.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	for range 2 {
		select {
		case r := <-results:
			if !r.OK {
				t.Errorf("result = %+v, want delivered", r)
			}
		default:
			t.Fatal("Close returned before reporting every queued message")
		}
	}
}

func TestCloseDuringRetriesReportsShutdown(t *testing.T) {
	checkNoLeaks(t)
	url, _ := endpoint(t, 500)
	waits := newParkingSleep()
	s, results := newSender(t, []webhook.Target{{URL: url}}, webhook.Options{Sleep: waits.sleep})
	retrying, queued := page(), page()
	queued.Key = "evt-43"
	s.Send(retrying)
	s.Send(queued)
	waits.waitParked(t)

	ctx, cancel := context.WithCancel(context.Background())
	cancel() // no time left to drain
	if err := s.Close(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Close = %v, want context.Canceled", err)
	}
	want := []webhook.Result{
		{Message: retrying, Attempts: 1, Status: 500, Err: "server shutting down (last: HTTP 500)"},
		{Message: queued, Attempts: 0, Status: 0, Err: "server shutting down"},
	}
	for _, w := range want {
		r := nextResult(t, results)
		if r.OK || r.Message.Key != w.Message.Key || r.Attempts != w.Attempts || r.Status != w.Status || r.Err != w.Err {
			t.Errorf("result = %+v, want %d attempts, status %d, err %q", r, w.Attempts, w.Status, w.Err)
		}
	}
	s.Send(page()) // after Close: ignored, and must not panic
}
