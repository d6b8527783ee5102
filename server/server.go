// Package server is warroom's SSH front door: a wish server whose sessions
// get the shared war room as a Bubble Tea program (with a PTY) or run one
// command and exit (without one).
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	"charm.land/wish/v2/recover"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/users"
	"github.com/warroom/warroom/tui"
	"github.com/warroom/warroom/tui/render"
)

// Defaults for the zero values of Config.
const (
	DefaultIdleTimeout        = 30 * time.Minute
	DefaultKeepAlive          = 30 * time.Second
	DefaultMaxSessions        = 1000
	DefaultMaxSessionsPerUser = 20
	DefaultAuthFailures       = 10
	DefaultAuthFailureWindow  = time.Minute
	DefaultChangesPerSecond   = 5
	DefaultChangeBurst        = 30
	DefaultStallTimeout       = 30 * time.Second
)

// Files kept in Config.DataDir.
const (
	HostKeyFile = "host_ed25519"
	UsersFile   = "users"
)

// Config is what New needs to build a server.
type Config struct {
	Addr    string // SSH listen address, e.g. "127.0.0.1:2222"
	DataDir string // holds the host key and the users file

	// AllowOpen permits open mode (no users configured: any key is
	// admitted) on an address that is not loopback.
	AllowOpen bool

	// IdleTimeout closes a connection with no traffic for this long.
	// Zero means DefaultIdleTimeout; negative disables it.
	IdleTimeout time.Duration

	// KeepAlive is how often the server asks each session's client for a
	// reply, so that a quiet observer counts as traffic and an
	// unresponsive client is found. Zero means DefaultKeepAlive; negative
	// disables keepalives.
	KeepAlive time.Duration

	// MaxSessions caps concurrent sessions; past it a session is refused
	// with a message. Zero means DefaultMaxSessions.
	MaxSessions int

	// MaxSessionsPerUser caps one user's concurrent sessions, so that a
	// runaway script cannot take the whole server. Zero means
	// DefaultMaxSessionsPerUser.
	MaxSessionsPerUser int

	// AuthFailures failed logins from one source address (an IPv4
	// address, an IPv6 /64) within AuthFailureWindow throttle it until
	// the window ends: an unknown key from it then ends the connection at
	// once, unlogged. Zero values mean DefaultAuthFailures and
	// DefaultAuthFailureWindow.
	AuthFailures      int
	AuthFailureWindow time.Duration

	// ChangesPerSecond is how many changes a second each user may make
	// over time, across all their sessions, after a burst of ChangeBurst.
	// Zero values mean DefaultChangesPerSecond and DefaultChangeBurst; a
	// negative rate disables the limit.
	ChangesPerSecond float64
	ChangeBurst      int

	// StallTimeout closes the connection of a session whose client has not
	// taken any of its output for this long. Zero means
	// DefaultStallTimeout; negative disables it.
	StallTimeout time.Duration

	Store model.Store
	// Users is the live users file. When nil, New watches the one in
	// DataDir itself; a caller that also needs it (for the store's rules)
	// opens it with users.Watch and passes it here.
	Users  *users.Directory
	Logger *slog.Logger     // nil discards logs
	Now    func() time.Time // the TUI's clock; nil means time.Now
}

// Server serves the war room over SSH. Make one with New.
type Server struct {
	cfg          Config
	users        *users.Directory
	stopWatching context.CancelFunc // stops reloading the users file
	openAllowed  bool               // open mode may admit keys on this address
	ssh          *ssh.Server
	throttle     *authThrottle  // failed logins per source address
	changes      *changeLimiter // changes per user name

	nextSession atomic.Uint64
	frames      *render.Cache // painting shared by terminals showing the same screen
	shared      *tui.Shared   // styles and timeline rows shared by every session's TUI

	mu       sync.Mutex
	sessions map[ssh.Session]*session
	perUser  map[string]int // sessions open per user name
	closing  bool
	active   sync.WaitGroup // one per admitted session, for Shutdown
}

// New checks cfg, starts watching the users file (until ctx is done or
// Shutdown) and builds the SSH server. It does not listen yet: call Serve.
func New(ctx context.Context, cfg Config) (*Server, error) {
	cfg, err := withDefaults(cfg)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", cfg.DataDir, err)
	}
	watchCtx, stopWatching := context.WithCancel(ctx)
	dir := cfg.Users
	if dir == nil {
		if dir, err = users.Watch(watchCtx, filepath.Join(cfg.DataDir, UsersFile), cfg.Logger); err != nil {
			stopWatching()
			return nil, fmt.Errorf("load users: %w", err)
		}
	}
	s := &Server{
		cfg:          cfg,
		users:        dir,
		stopWatching: stopWatching,
		openAllowed:  cfg.AllowOpen || isLoopback(cfg.Addr),
		throttle:     newAuthThrottle(cfg.AuthFailures, cfg.AuthFailureWindow, cfg.Logger),
		changes:      newChangeLimiter(cfg.ChangesPerSecond, cfg.ChangeBurst),
		sessions:     make(map[ssh.Session]*session),
		frames:       render.NewCache(),
		shared:       tui.NewShared(),
		perUser:      make(map[string]int),
	}
	if dir.Empty() && !s.openAllowed {
		stopWatching()
		return nil, fmt.Errorf("no users are configured in %s, so the server would admit any key (open mode), "+
			"and %s is not a loopback address: add a user with `warroom user add`, listen on 127.0.0.1, "+
			"or pass --allow-open to accept that", filepath.Join(cfg.DataDir, UsersFile), cfg.Addr)
	}

	idle := cfg.IdleTimeout
	if idle < 0 {
		idle = 0 // charm.land/ssh reads zero as "no idle timeout"
	}
	// Middlewares compose first to last, so the last runs first: the
	// session bookkeeping admits and logs, commands take sessions without
	// a PTY, and the rest reach the TUI. recover wraps them all.
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithHostKeyPath(filepath.Join(cfg.DataDir, HostKeyFile)),
		wish.WithPublicKeyAuth(s.authorize),
		wish.WithBannerHandler(s.throttleBanner),
		wish.WithIdleTimeout(idle),
		wish.WithMiddleware(recover.MiddlewareWithLogger(
			slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelError),
			bubbletea.MiddlewareWithProgramHandler(s.newProgram),
			s.commandMiddleware,
			s.sessionMiddleware,
		)),
	)
	if err != nil {
		stopWatching()
		return nil, fmt.Errorf("build ssh server: %w", err)
	}
	srv.ConnCallback = keepRawConn
	srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
		cfg.Logger.Debug("ssh handshake failed", "remote", conn.RemoteAddr().String(), "err", err)
	}
	s.ssh = srv
	return s, nil
}

func withDefaults(cfg Config) (Config, error) {
	if cfg.Store == nil {
		return cfg, errors.New("server config: no store")
	}
	if cfg.DataDir == "" {
		return cfg, errors.New("server config: no data directory")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.KeepAlive == 0 {
		cfg.KeepAlive = DefaultKeepAlive
	}
	if cfg.MaxSessions <= 0 {
		cfg.MaxSessions = DefaultMaxSessions
	}
	if cfg.MaxSessionsPerUser <= 0 {
		cfg.MaxSessionsPerUser = DefaultMaxSessionsPerUser
	}
	if cfg.AuthFailures <= 0 {
		cfg.AuthFailures = DefaultAuthFailures
	}
	if cfg.AuthFailureWindow <= 0 {
		cfg.AuthFailureWindow = DefaultAuthFailureWindow
	}
	if cfg.ChangesPerSecond == 0 {
		cfg.ChangesPerSecond = DefaultChangesPerSecond
	}
	if cfg.ChangeBurst <= 0 {
		cfg.ChangeBurst = DefaultChangeBurst
	}
	if cfg.StallTimeout == 0 {
		cfg.StallTimeout = DefaultStallTimeout
	}
	if cfg.KeepAlive > 0 && cfg.IdleTimeout > 0 && cfg.KeepAlive >= cfg.IdleTimeout {
		return cfg, fmt.Errorf("server config: the keepalive interval (%s) must be shorter than the idle timeout (%s), "+
			"or quiet sessions are cut off", cfg.KeepAlive, cfg.IdleTimeout)
	}
	return cfg, nil
}

// isLoopback reports whether addr only listens on a loopback interface. An
// empty host listens on every interface, so it is not loopback.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve accepts connections on ln until Shutdown. It returns nil once the
// server was shut down, and the listener's error otherwise.
func (s *Server) Serve(ln net.Listener) error {
	if err := s.ssh.Serve(ln); !errors.Is(err, ssh.ErrServerClosed) {
		return err
	}
	return nil
}

// Sessions is how many sessions are admitted and open now, for metrics.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}
