package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

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
	AllowOpen   bool          `help:"Allow open mode (no users file: any key is admitted) on a non-loopback address."`
	IdleTimeout time.Duration `default:"30m" help:"Close connections with no traffic for this long (keepalive replies count, so this catches clients that stopped answering)."`
	KeepAlive   time.Duration `default:"30s" help:"Keepalive interval: quiet observers stay connected, and clients that stop answering three in a row are dropped."`
	MaxSessions int           `default:"1000" help:"Most concurrent SSH sessions."`
	LogLevel    slog.Level    `default:"info" help:"Log level: debug, info, warn or error."`
	LogJSON     bool          `name:"log-json" help:"Log JSON lines instead of text."`
}

// journalFile is the event journal's name in the data directory.
const journalFile = "journal.db"

// configFile is the config file read from the data directory when
// --config names none.
const configFile = "warroom.yaml"

// shutdownGrace bounds how long sessions get to say goodbye on SIGTERM.
const shutdownGrace = 2 * time.Second

// webhookGrace is how long webhook deliveries in flight may go on after
// SIGTERM; what is cut short is sent again at the next start.
const webhookGrace = time.Second

func (c *serveCmd) Run() error {
	logger := c.logger()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

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
		IdleTimeout: c.IdleTimeout, KeepAlive: c.KeepAlive, MaxSessions: c.MaxSessions,
		Store: store, Users: dir, Logger: logger,
	})
	if err != nil {
		return err
	}
	// The escalation clock and the pager stop before the store closes:
	// waiting for them keeps it open until their last dispatch returned.
	var background sync.WaitGroup
	defer background.Wait()
	bgCtx, stopBackground := context.WithCancel(ctx)
	defer stopBackground()
	background.Go(func() {
		if err := deadline.Run(bgCtx, store, deadline.SystemClock(), logger.With("part", "deadlines")); err != nil {
			logger.Error("escalation clock stopped", "err", err)
		}
	})
	background.Go(func() {
		opts := pager.Options{Logger: logger.With("part", "webhooks"), Grace: webhookGrace}
		if err := pager.Run(bgCtx, store, cfg.Webhooks, opts); err != nil {
			logger.Error("webhook pager stopped", "err", err)
		}
	})
	ln, err := net.Listen("tcp", c.SSH)
	if err != nil {
		return fmt.Errorf("listen for SSH: %w", err)
	}
	logger.Info("warroom is serving", "ssh", ln.Addr().String(), "data", c.Data,
		"connect", "ssh -p "+port(ln.Addr())+" localhost")

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("ssh server stopped: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		logger.Warn("shutdown", "err", err)
	}
	return nil
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
