package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"

	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/server"
	"github.com/warroom/warroom/server/alerts"
	"github.com/warroom/warroom/server/config"
	"github.com/warroom/warroom/server/web"
)

// The environment variables that override the config file's tokens, so
// that secrets need not be written into it.
const (
	hookTokenEnv = "WARROOM_HOOK_TOKEN"
	apiTokenEnv  = "WARROOM_API_TOKEN"
)

// listenHTTP starts listening for the status page, the API, the alert
// hooks and /metrics when --http is given; it returns a nil server when it
// is not.
func (c *serveCmd) listenHTTP(store *hub.Hub, ssh *server.Server, cfg *config.Config, logger *slog.Logger) (*web.Server, net.Listener, error) {
	if c.HTTP == "" {
		return nil, nil, nil
	}
	hookToken, err := token(hookTokenEnv, cfg.HookToken, logger)
	if err != nil {
		return nil, nil, err
	}
	apiToken, err := token(apiTokenEnv, cfg.APIToken, logger)
	if err != nil {
		return nil, nil, err
	}
	log := logger.With("part", "http")
	hookTokenOf := func() string { return hookToken }
	srv, err := web.New(web.Config{
		Store:    store,
		Stats:    store.Stats,
		Sessions: ssh.Sessions,
		APIToken: func() string { return apiToken },
		Hooks: map[string]http.Handler{
			"alertmanager": alerts.NewHandler(store, alerts.DecodeAlertmanager, cfg.Alerts, hookTokenOf, log),
			"alert":        alerts.NewHandler(store, alerts.DecodeGeneric, cfg.Alerts, hookTokenOf, log),
		},
		Logger: log,
	})
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", c.HTTP)
	if err != nil {
		return nil, nil, fmt.Errorf("listen for HTTP: %w", err)
	}
	logger.Info("serving HTTP", "http", ln.Addr().String(),
		"alert_hooks", hookToken != "", "api", apiToken != "")
	return srv, ln, nil
}

// token is the bearer token from the environment variable env, else the
// config file's (an empty variable counts as unset, as deployment tools
// often write them). One from the environment is checked here as the
// config file's was when it loaded. A token still reading like the example's
// placeholder is publicly known: it is refused.
func token(env, fromConfig string, logger *slog.Logger) (string, error) {
	t := fromConfig
	if v := os.Getenv(env); v != "" {
		if err := config.ValidateToken(v); err != nil {
			return "", fmt.Errorf("%s: %w", env, err)
		}
		t = v
	}
	if strings.HasPrefix(t, "replace-with-") {
		return "", fmt.Errorf("the config's token is the example's placeholder, which anyone can read: set %s or write your own token", env)
	}
	if t == "" {
		logger.Warn("no token configured: the endpoints behind it refuse every request", "env", env)
	}
	return t, nil
}

// shutdownHTTP stops the HTTP listener, letting requests in flight finish
// within shutdownGrace.
func shutdownHTTP(srv *web.Server, logger *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		logger.Warn("http shutdown", "err", err)
	}
}
