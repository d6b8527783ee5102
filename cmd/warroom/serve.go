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
	"syscall"
	"time"

	"github.com/warroom/warroom/model/bolt"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/server"
)

type serveCmd struct {
	dataFlag
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

// shutdownGrace bounds how long sessions get to say goodbye on SIGTERM.
const shutdownGrace = 2 * time.Second

func (c *serveCmd) Run() error {
	logger := c.logger()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := os.MkdirAll(c.Data, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	journal, err := bolt.Open(filepath.Join(c.Data, journalFile))
	if err != nil {
		return err
	}
	defer journal.Close()
	store, err := hub.Open(ctx, journal, hub.Options{Logger: logger})
	if err != nil {
		return err
	}
	defer store.Close()

	srv, err := server.New(ctx, server.Config{
		Addr: c.SSH, DataDir: c.Data, AllowOpen: c.AllowOpen,
		IdleTimeout: c.IdleTimeout, KeepAlive: c.KeepAlive, MaxSessions: c.MaxSessions,
		Store: store, Logger: logger,
	})
	if err != nil {
		return err
	}
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
