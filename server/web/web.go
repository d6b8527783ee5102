// Package web is warroom's optional HTTP listener: the public status page
// (GET / and /status.json), the read-only JSON API behind a bearer token
// (/api/v1/incidents), Prometheus metrics of the server itself (/metrics),
// and the webhook handlers other packages write, mounted under /hooks/.
//
// Every route only reads the store's immutable snapshots, so no request
// can hold up the war room, and the status page is rendered once per
// change of state however many people read it.
package web

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
)

// Limits of every request and connection the listener takes.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 10 * time.Second
	IdleTimeout       = 60 * time.Second
	MaxHeaderBytes    = 16 << 10
	// DefaultMaxBodyBytes bounds a request body when Config sets no limit.
	// The GET routes read none; it is the outer bound for the hooks.
	DefaultMaxBodyBytes = 1 << 20
)

// Config is what New needs. Only Store is required.
type Config struct {
	Store model.Store
	// Stats reads the store's counters for /metrics; nil leaves the
	// commit, event and subscriber metrics out.
	Stats func() hub.Stats
	// Sessions counts the open SSH sessions for /metrics; nil leaves
	// warroom_sessions out.
	Sessions func() int
	// APIToken returns the bearer token of /api/v1; while it returns ""
	// the API answers 503, so it is never open by mistake. It is asked on
	// every request, so a caller may change the token without a restart.
	APIToken func() string
	// Hooks are mounted at /hooks/NAME and handle their own methods,
	// authentication and decoding. Names are letters, digits, '-' and '_'.
	Hooks map[string]http.Handler
	// PageTitle heads the status page; "Service status" when empty.
	PageTitle string
	// MaxBodyBytes bounds every request body; DefaultMaxBodyBytes when
	// zero or less.
	MaxBodyBytes int64
	Now          func() time.Time // the status page's clock; the store's when nil
	Logger       *slog.Logger     // nil discards logs
}

// Server is the HTTP listener. It is an http.Handler too, so tests and
// other listeners can serve it directly.
type Server struct {
	cfg     Config
	handler http.Handler
	http    *http.Server
	status  statusCache
	page    *template.Template
}

// New checks cfg and builds the listener's routes. It does not listen
// yet: call Serve.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("web config: no store")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = cfg.Store.Now
	}
	if cfg.APIToken == nil {
		cfg.APIToken = func() string { return "" }
	}
	if cfg.PageTitle == "" {
		cfg.PageTitle = "Service status"
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	page, err := parseStatusPage()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, page: page}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.serveStatusPage)
	mux.HandleFunc("GET /status.json", s.serveStatusJSON)
	mux.HandleFunc("GET /api/v1/incidents", s.requireToken(s.serveIncidentList))
	mux.HandleFunc("GET /api/v1/incidents/{id}", s.requireToken(s.serveIncident))
	mux.Handle("GET /metrics", newMetricsHandler(cfg))
	for name, h := range cfg.Hooks {
		if !validHookName(name) || h == nil {
			return nil, fmt.Errorf("web config: hook %q needs a name of letters, digits, '-' and '_' and a handler", name)
		}
		mux.Handle("/hooks/"+name, h)
	}
	s.handler = s.guard(mux)
	s.http = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
	return s, nil
}

func validHookName(name string) bool {
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return name != ""
}

// ServeHTTP serves one request with the listener's routes and guards.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Serve accepts connections on ln until Shutdown. It returns nil once the
// server was shut down, and the listener's error otherwise.
func (s *Server) Serve(ln net.Listener) error {
	if err := s.http.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve http on %s: %w", ln.Addr(), err)
	}
	return nil
}

// Shutdown stops accepting connections and waits, until ctx is done, for
// the requests in flight; then it closes the rest.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.http.Shutdown(ctx)
	if err != nil {
		err = errors.Join(fmt.Errorf("shutdown http: %w", err), s.http.Close())
	}
	return err
}

// guard bounds every request body, marks every response as not to be
// sniffed, and turns a panic in any handler (a hook's included) into a
// 500 and a log line instead of a dropped connection.
func (s *Server) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.cfg.Logger.Error("http handler panicked", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			http.Error(w, "internal error; the server log has the details", http.StatusInternalServerError)
		}()
		r.Body = http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}
