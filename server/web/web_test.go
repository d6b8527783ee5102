package web

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestUnknownPathsAre404AndWrongMethods405(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		method, path string
		want         int
	}{
		{http.MethodGet, "/nope", http.StatusNotFound},
		{http.MethodGet, "/index.html", http.StatusNotFound},
		{http.MethodGet, "/api/v1/incidents/INC-1/timeline", http.StatusNotFound},
		{http.MethodGet, "/hooks/unknown", http.StatusNotFound},
		{http.MethodPost, "/", http.StatusMethodNotAllowed},
		{http.MethodPut, "/status.json", http.StatusMethodNotAllowed},
		{http.MethodDelete, "/api/v1/incidents/INC-1", http.StatusMethodNotAllowed},
		{http.MethodPost, "/metrics", http.StatusMethodNotAllowed},
		{http.MethodHead, "/", http.StatusOK},
		{http.MethodHead, "/status.json", http.StatusOK},
	}
	for _, c := range cases {
		w := f.request(c.method, c.path)
		if w.Code != c.want {
			t.Errorf("%s %s: %d, want %d", c.method, c.path, w.Code, c.want)
		}
		if c.want == http.StatusMethodNotAllowed && !strings.Contains(w.Header().Get("Allow"), http.MethodGet) {
			t.Errorf("%s %s: 405 with Allow %q", c.method, c.path, w.Header().Get("Allow"))
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: no X-Content-Type-Options: nosniff", c.method, c.path)
		}
	}
}

func TestHooksAreMountedWithTheBodyLimit(t *testing.T) {
	var read int
	var readErr error
	hook := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		read, readErr = len(b), err
		w.WriteHeader(http.StatusAccepted)
	})
	f := newFixture(t, func(cfg *Config) {
		cfg.Hooks = map[string]http.Handler{"alertmanager": hook}
		cfg.MaxBodyBytes = 1024
	})
	if w := f.post("/hooks/alertmanager", strings.Repeat("a", 1024)); w.Code != http.StatusAccepted || read != 1024 || readErr != nil {
		t.Errorf("a body at the limit: %d, read %d, err %v", w.Code, read, readErr)
	}
	f.post("/hooks/alertmanager", strings.Repeat("a", 1025))
	var tooBig *http.MaxBytesError
	if !errors.As(readErr, &tooBig) || read > 1024 {
		t.Errorf("a body past the limit: read %d, err %v; want a MaxBytesError", read, readErr)
	}
}

func TestNewRefusesBadConfig(t *testing.T) {
	f := newFixture(t)
	ok := http.NotFoundHandler()
	cases := map[string]Config{
		"no store":             {},
		"empty hook name":      {Store: f.store, Hooks: map[string]http.Handler{"": ok}},
		"hook name with /":     {Store: f.store, Hooks: map[string]http.Handler{"a/b": ok}},
		"hook name with {}":    {Store: f.store, Hooks: map[string]http.Handler{"{x}": ok}},
		"hook with no handler": {Store: f.store, Hooks: map[string]http.Handler{"alert": nil}},
	}
	for name, cfg := range cases {
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: New accepted it", name)
		}
	}
}

func TestAPanickingHandlerIsA500AndTheServerCarriesOn(t *testing.T) {
	f := newFixture(t, func(cfg *Config) {
		cfg.Hooks = map[string]http.Handler{"alert": http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("bad payload") })}
	})
	if w := f.request(http.MethodPost, "/hooks/alert"); w.Code != http.StatusInternalServerError || strings.Contains(w.Body.String(), "bad payload") {
		t.Errorf("panicking hook: %d %q, want a 500 that keeps the panic to the log", w.Code, w.Body)
	}
	f.getOK("/")
}

// listen serves the fixture on loopback and shuts it down at cleanup,
// checking that Serve then returns nil.
func listen(t *testing.T, f *fixture) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- f.web.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := f.web.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		if err := <-served; err != nil {
			t.Errorf("Serve after Shutdown: %v", err)
		}
	})
	return ln.Addr().String()
}

func TestListenerServesAndRefusesHugeHeaders(t *testing.T) {
	f := newFixture(t)
	addr := listen(t, f)
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Get("http://" + addr + "/status.json")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /status.json over the listener: %d", resp.StatusCode)
	}

	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(conn, "GET / HTTP/1.1\r\nHost: x\r\nX-Junk: %s\r\n\r\n", strings.Repeat("j", 64<<10))
	status, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil || !strings.Contains(status, "431") {
		t.Errorf("64 KiB of headers: %q %v, want 431", status, err)
	}
}

func TestListenerDropsGarbage(t *testing.T) {
	f := newFixture(t)
	addr := listen(t, f)
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	_, _ = conn.Write([]byte("\x00\xff\x16\x03garbage\r\n\r\n"))
	status, _ := bufio.NewReader(conn).ReadString('\n')
	if !strings.Contains(status, "400") {
		t.Errorf("garbage: %q, want 400", status)
	}
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("after garbage the listener no longer serves: %v", err)
	}
	_ = resp.Body.Close()
}
