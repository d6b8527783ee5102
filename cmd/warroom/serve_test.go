package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server"
	"github.com/warroom/warroom/server/config"
	"github.com/warroom/warroom/server/servertest"
	"github.com/warroom/warroom/server/users"
)

var quiet = slog.New(slog.DiscardHandler)

// testServe is a serve command on a fresh data directory, listening on a
// free loopback port.
func testServe(t *testing.T) *serveCmd {
	return &serveCmd{dataFlag: dataFlag{Data: t.TempDir()}, SSH: "127.0.0.1:0",
		IdleTimeout: time.Minute, KeepAlive: 10 * time.Second, MaxSessions: 10}
}

// serveUntilDone runs c.serve with loops and returns its error, failing
// the test if it is still running after servertest.WaitLimit.
func serveUntilDone(t *testing.T, c *serveCmd, loops func(model.Store, *config.Config, *slog.Logger) []loop) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- c.serve(context.Background(), quiet, loops) }()
	select {
	case err := <-done:
		return err
	case <-time.After(servertest.WaitLimit):
		t.Fatalf("serve still running %s after a loop failed", servertest.WaitLimit)
		return nil
	}
}

// The server must not run on without its escalation clock or its pager:
// when one stops with an error, serve stops with it (warroom exits
// non-zero), after the other loops have stopped.
func TestServeStopsWhenALoopFails(t *testing.T) {
	broken := errors.New("store subscription ended")
	var otherStopped bool
	loops := func(model.Store, *config.Config, *slog.Logger) []loop {
		return []loop{
			{name: "webhook pager", run: func(ctx context.Context) error {
				<-ctx.Done()
				otherStopped = true
				return nil
			}},
			{name: "escalation clock", run: func(context.Context) error { return broken }},
		}
	}
	err := serveUntilDone(t, testServe(t), loops)
	if !errors.Is(err, broken) || !strings.Contains(err.Error(), "escalation clock stopped") {
		t.Fatalf("serve = %v; want the escalation clock's error", err)
	}
	if !otherStopped {
		t.Error("serve returned before the webhook pager stopped")
	}
}

// Two webhooks whose deliveries the timeline could not tell apart are
// refused at start, rather than the pager refusing them after the server
// came up and leaving it without paging.
func TestServeRefusesWebhooksWithTheSameLabel(t *testing.T) {
	c := testServe(t)
	c.Config = filepath.Join(t.TempDir(), "warroom.yaml")
	writeFile(t, c.Config, "webhooks:\n"+
		"  - {url: \"https://hooks.slack.com/services/T0/B1/x\", format: slack}\n"+
		"  - {url: \"https://hooks.slack.com/services/T0/B2/y\", format: slack}\n")
	err := serveUntilDone(t, c, ownLoops)
	if err == nil || !strings.Contains(err.Error(), "webhooks[1]: its label hooks.slack.com is also webhooks[0]'s; give one a name") {
		t.Fatalf("serve = %v; want the duplicate label refused", err)
	}
}

// At start the log names every team member and policy target who could
// not answer a page: not in the users file, or an observer.
func TestServeWarnsOfPeopleWhoCannotAnswerAPage(t *testing.T) {
	cfg, err := config.Parse("warroom.yaml", []byte(`
teams:
  db: [alice, olive, zed]
policies:
  - name: default
    levels:
      - {targets: [carol, "team:db"], timeout: 5m}
      - {targets: [alice, olive], timeout: 5m}
`))
	if err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	for name, level := range map[string]model.Level{"alice": model.LevelResponder, "olive": model.LevelObserver} {
		if err := users.Add(filepath.Join(data, server.UsersFile), name, level, newAuthorizedKey(t)); err != nil {
			t.Fatal(err)
		}
	}

	got := warnings(t, cfg.Rules, data)
	want := []string{
		"the config pages a user who is not in the users file; they cannot log in to acknowledge: zed (team db)",
		"the config pages a user who is not in the users file; they cannot log in to acknowledge: carol (policy default level 1)",
		"the config pages an observer, who cannot acknowledge: olive (team db)",
		"the config pages an observer, who cannot acknowledge: olive (policy default level 2)",
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("warnings:\n%s\nwant one saying %q", got, w)
		}
	}
	if strings.Contains(got, "alice") || strings.Count(got, "\n") != len(want) {
		t.Errorf("warnings:\n%s\nwant only the %d above", got, len(want))
	}

	if got := warnings(t, cfg.Rules, t.TempDir()); got != "" {
		t.Errorf("open mode warns:\n%s\nwant nothing: anyone may connect under any name", got)
	}
}

// warnings runs warnUnanswerable with the users file in data and returns
// its warnings, one a line: "message: user (where)".
func warnings(t *testing.T, rules *model.Rules, data string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dir, err := users.Watch(ctx, filepath.Join(data, server.UsersFile), nil)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	warnUnanswerable(slog.New(slog.NewJSONHandler(&logs, nil)), rules, dir)
	var b strings.Builder
	for dec := json.NewDecoder(&logs); dec.More(); {
		var rec struct {
			Level, Msg, User, Team, Policy string
			PolicyLevel                    int `json:"policy_level"`
		}
		if err := dec.Decode(&rec); err != nil {
			t.Fatal(err)
		}
		if rec.Level != "WARN" {
			t.Errorf("%q is logged at %s, want WARN", rec.Msg, rec.Level)
		}
		where := "team " + rec.Team
		if rec.Policy != "" {
			where = fmt.Sprintf("policy %s level %d", rec.Policy, rec.PolicyLevel)
		}
		fmt.Fprintf(&b, "%s: %s (%s)\n", rec.Msg, rec.User, where)
	}
	return b.String()
}

// newAuthorizedKey returns a new public key as authorized_keys writes it.
func newAuthorizedKey(t *testing.T) []byte {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	key, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return gossh.MarshalAuthorizedKey(key)
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
