package webhook

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

const (
	// maxBackoff caps the default backoff and any Retry-After a receiver asks for.
	maxBackoff = time.Minute
	// maxDrain is how much of a response body is read, so the connection
	// can be reused, before the rest is abandoned.
	maxDrain = 16 << 10
	// maxErrLen keeps an unexpected error short enough for a timeline line.
	maxErrLen = 80
)

// run delivers one target's messages in the order they were sent.
func (s *Sender) run(w *worker) {
	for m := range w.queue {
		s.results <- s.deliver(w.target, m)
	}
}

// outcome is what one HTTP attempt came to.
type outcome struct {
	ok         bool
	status     int
	err        string
	retry      bool
	retryAfter time.Duration // what the receiver asked for; 0 when it did not
}

// deliver makes up to MaxAttempts attempts, backing off between them.
func (s *Sender) deliver(t Target, m Message) Result {
	res := Result{Target: t, Message: m}
	start := time.Now()
	defer func() { res.Duration = time.Since(start) }()
	body, err := encode(t.Format, m)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	for {
		if s.abortCtx.Err() != nil {
			res.Err = shuttingDown(res.Err)
			return res
		}
		res.Attempts++
		out := s.attempt(t, m.Key, body)
		res.OK, res.Status, res.Err = out.ok, out.status, out.err
		if out.ok || !out.retry || res.Attempts >= s.opts.MaxAttempts {
			return res
		}
		wait := max(s.opts.Backoff(res.Attempts), min(out.retryAfter, maxBackoff))
		if s.opts.Sleep(s.abortCtx, wait) != nil {
			res.Err = shuttingDown(res.Err)
			return res
		}
	}
}

// shuttingDown keeps the last failure visible beside the reason for giving up.
func shuttingDown(last string) string {
	if last == "" || last == errShuttingDown {
		return errShuttingDown
	}
	return errShuttingDown + " (last: " + last + ")"
}

// attempt makes one POST and classifies its response: 2xx succeeds; 429,
// 5xx and network errors are worth retrying; anything else is final.
func (s *Sender) attempt(t Target, key string, body []byte) outcome {
	req, err := http.NewRequestWithContext(s.abortCtx, http.MethodPost, t.URL, bytes.NewReader(body))
	if err != nil {
		return outcome{err: "invalid URL"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "warroom")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := s.opts.Client.Do(req)
	if err != nil {
		if s.abortCtx.Err() != nil {
			return outcome{err: errShuttingDown}
		}
		return outcome{err: describe(err, s.opts.Client.Timeout), retry: true}
	}
	defer resp.Body.Close()
	// The body means nothing to us; reading a little lets the connection be reused.
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxDrain))

	code := resp.StatusCode
	switch {
	case code >= 200 && code < 300:
		return outcome{ok: true, status: code}
	case code == http.StatusTooManyRequests || code >= 500:
		return outcome{status: code, err: "HTTP " + strconv.Itoa(code), retry: true,
			retryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	}
	return outcome{status: code, err: "HTTP " + strconv.Itoa(code)}
}

// retryAfter reads a Retry-After given in seconds; the HTTP-date form is
// rare from webhook receivers and is ignored in favour of the backoff.
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(min(n, int(maxBackoff/time.Second))) * time.Second
}

// describe turns a request error into a short line fit for the timeline,
// never the URL, which may hold a secret.
func describe(err error, timeout time.Duration) string {
	var netErr net.Error
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var recordErr tls.RecordHeaderError
	switch {
	case errors.As(err, &netErr) && netErr.Timeout():
		if timeout > 0 {
			return "timed out after " + timeout.String()
		}
		return "timed out"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed by server"
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return "host not found"
		}
		return "DNS lookup failed"
	case errors.As(err, &certErr):
		return "TLS certificate not trusted"
	case errors.As(err, &recordErr):
		return "TLS handshake failed (not an https server?)"
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	if msg := []rune(err.Error()); len(msg) > maxErrLen {
		return string(msg[:maxErrLen-1]) + "…"
	}
	return err.Error()
}

// exponentialBackoff waits 1s, 2s, 4s… up to maxBackoff, each between half
// and all of that, so receivers recovering from an outage are not hit by
// every sender in the same instant.
func exponentialBackoff(attempt int) time.Duration {
	d := maxBackoff
	if attempt >= 1 && attempt <= 6 { // 2^6 s already exceeds the cap
		d = min(time.Second<<(attempt-1), maxBackoff)
	}
	return d/2 + rand.N(d/2+1)
}

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
