package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/bolt"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/server"
	"github.com/warroom/warroom/server/config"
	"github.com/warroom/warroom/server/deadline"
	"github.com/warroom/warroom/server/pager"
	"github.com/warroom/warroom/server/users"
)

type serveCmd struct {
	dataFlag
	Config      string        `placeholder:"FILE" help:"Config file (YAML): roles, teams, escalation policies, update cadences, webhooks. Default: warroom.yaml in the data directory, when present."`
	SSH         string        `default:"127.0.0.1:2222" placeholder:"ADDR" help:"SSH listen address."`
	HTTP        string        `placeholder:"ADDR" help:"HTTP listen address for the public status page, the JSON API, the alert webhooks and /metrics. Off unless given."`
	AllowOpen   bool          `help:"Allow open mode (no users file: any key is admitted) on a non-loopback address."`
	IdleTimeout time.Duration `default:"30m" help:"Close connections with no traffic for this long (keepalive replies count, so this catches clients that stopped answering)."`
	KeepAlive   time.Duration `default:"30s" help:"Keepalive interval: quiet observers stay connected, and clients that stop answering three in a row are dropped."`
	MaxSessions int           `default:"1000" help:"Most concurrent SSH sessions."`
	MaxPerUser  int           `name:"max-sessions-per-user" default:"20" help:"Most concurrent SSH sessions of one user."`
	LogLevel    slog.Level    `default:"info" help:"Log level: debug, info, warn or error."`
	LogJSON     bool          `name:"log-json" help:"Log JSON lines instead of text."`
}

// journalFile is the event journal's name in the data directory.
const journalFile = "journal.db"

// configFile is the config file read from the data directory when
// --config names none.
const configFile = "warroom.yaml"

// shutdownGrace bounds how long sessions get to say goodbye on SIGTERM, or
// when the server stops because one of its loops failed.
const shutdownGrace = 2 * time.Second

// webhookGrace is how long webhook deliveries in flight may go on after
// SIGTERM; what is cut short is sent again at the next start.
const webhookGrace = time.Second

// Run serves until SIGINT or SIGTERM, or until the SSH server or one of
// the server's own loops stops.
func (c *serveCmd) Run() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return c.serve(ctx, c.logger(), ownLoops)
}

// loop is one of the server's own loops, run beside the SSH server. It
// returns nil when its context ends; an error means it stopped doing its
// job.
type loop struct {
	name string // as the error names it: "escalation clock"
	run  func(context.Context) error
}

// ownLoops are the loops the war room cannot run without: the clock that
// escalates unacknowledged pages and lapses handovers, and the pager that
// carries pages and updates out to the webhooks.
func ownLoops(store model.Store, cfg *config.Config, logger *slog.Logger) []loop {
	return []loop{
		{name: "escalation clock", run: func(ctx context.Context) error {
			return deadline.Run(ctx, store, deadline.SystemClock(), logger.With("part", "deadlines"))
		}},
		{name: "webhook pager", run: func(ctx context.Context) error {
			opts := pager.Options{Logger: logger.With("part", "webhooks"), Grace: webhookGrace}
			return pager.Run(ctx, store, cfg.Webhooks, opts)
		}},
	}
}

// serve runs the server until ctx ends, the SSH server stops, or one of
// the loops fails. A failed loop stops the server with its error rather
// than leave it running with nobody paged.
func (c *serveCmd) serve(ctx context.Context, logger *slog.Logger, loops func(model.Store, *config.Config, *slog.Logger) []loop) error {
	if err := os.MkdirAll(c.Data, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	cfg, err := c.loadConfig()
	if err != nil {
		return err
	}
	dir, err := users.Watch(ctx, filepath.Join(c.Data, server.UsersFile), logger)
	if err != nil {
		return fmt.Errorf("load users: %w", err)
	}
	cfg.Rules.Users = dir
	warnUnanswerable(logger, cfg.Rules, dir)
	journal, err := bolt.Open(filepath.Join(c.Data, journalFile))
	if err != nil {
		return err
	}
	defer journal.Close()
	store, err := hub.Open(ctx, journal, hub.Options{Logger: logger, Rules: cfg.Rules})
	if err != nil {
		return err
	}
	defer store.Close()

	srv, err := server.New(ctx, server.Config{
		Addr: c.SSH, DataDir: c.Data, AllowOpen: c.AllowOpen,
		IdleTimeout: c.IdleTimeout, KeepAlive: c.KeepAlive,
		MaxSessions: c.MaxSessions, MaxSessionsPerUser: c.MaxPerUser,
		Store: store, Users: dir, Logger: logger,
	})
	if err != nil {
		return err
	}
	// The loops stop before the store closes: waiting for them keeps it
	// open until their last dispatch returned.
	var background sync.WaitGroup
	defer background.Wait()
	bgCtx, stopBackground := context.WithCancel(ctx)
	defer stopBackground()
	all := loops(store, cfg, logger)
	failed := make(chan error, len(all)+1) // and the HTTP server's
	for _, l := range all {
		background.Go(func() {
			if err := l.run(bgCtx); err != nil && bgCtx.Err() == nil {
				failed <- fmt.Errorf("%s stopped: %w", l.name, err)
			}
		})
	}
	ln, err := net.Listen("tcp", c.SSH)
	if err != nil {
		return fmt.Errorf("listen for SSH: %w", err)
	}
	logger.Info("warroom is serving", "ssh", ln.Addr().String(), "data", c.Data,
		"connect", "ssh -p "+port(ln.Addr())+" localhost")
	httpSrv, httpLn, err := c.listenHTTP(store, srv, cfg, logger)
	if err != nil {
		_ = ln.Close() // nothing was served on it yet
		return err
	}
	if httpSrv != nil {
		defer shutdownHTTP(httpSrv, logger) // before the store closes
		go func() {
			if err := httpSrv.Serve(httpLn); err != nil {
				failed <- fmt.Errorf("http server stopped: %w", err)
			}
		}()
	}

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("ssh server stopped: %w", err)
	case err := <-failed:
		logger.Error("shutting down: the war room cannot run without it", "err", err)
		// A loop can fail as Serve is only starting, and the SSH
		// server's Shutdown must not run alongside that: refuse new
		// connections and let Serve return first.
		_ = ln.Close() // the error, if any, is Serve's to report
		<-served
		shutdown(srv, logger)
		return err
	case <-ctx.Done():
		logger.Info("shutting down")
		shutdown(srv, logger)
		return nil
	}
}

// shutdown gives the sessions shutdownGrace to say goodbye.
func shutdown(srv *server.Server, logger *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		logger.Warn("shutdown", "err", err)
	}
}

// warnUnanswerable logs every team member and policy target who could not
// answer a page: a name the users file lacks (they cannot log in to
// acknowledge) or an observer (who may not). Without users (open mode)
// anyone may connect under any name, so there is nobody to warn about.
func warnUnanswerable(logger *slog.Logger, rules *model.Rules, dir *users.Directory) {
	if dir.Empty() {
		return
	}
	check := func(user string, where ...any) {
		switch level, ok := dir.LevelOf(user); {
		case !ok:
			logger.Warn("the config pages a user who is not in the users file; they cannot log in to acknowledge",
				append(where, "user", user)...)
		case !level.CanWrite():
			logger.Warn("the config pages an observer, who cannot acknowledge",
				append(where, "user", user)...)
		}
	}
	for _, team := range slices.Sorted(maps.Keys(rules.Teams)) {
		for _, user := range rules.Teams[team] {
			check(user, "team", team)
		}
	}
	for _, p := range rules.Policies {
		for i, lv := range p.Levels {
			for _, target := range lv.Targets {
				if !strings.HasPrefix(target, model.TeamPrefix) { // teams were checked above
					check(target, "policy", p.Name, "policy_level", i+1)
				}
			}
		}
	}
}

// loadConfig reads --config, or warroom.yaml in the data directory when
// it exists, or gives the defaults.
func (c *serveCmd) loadConfig() (*config.Config, error) {
	path := c.Config
	if path == "" {
		path = filepath.Join(c.Data, configFile)
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return config.Default(), nil
		}
	}
	return config.Load(path)
}

func (c *serveCmd) logger() *slog.Logger {
	opts := &slog.HandlerOptions{Level: c.LogLevel}
	if c.LogJSON {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

func port(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok {
		return fmt.Sprint(tcp.Port)
	}
	return a.String()
}
