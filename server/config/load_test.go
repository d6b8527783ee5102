package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/alerts"
	"github.com/warroom/warroom/server/webhook"
)

const examplePath = "testdata/example.yaml"

// The example is copied into the README, so it must parse and mean what
// its comments say.
func TestExampleParses(t *testing.T) {
	cfg, err := Load(examplePath)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	rules := cfg.Rules
	wantRoles := []string{"incident-commander", "tech-lead", "comms-lead", "scribe", "customer-liaison"}
	if got := roleNames(rules); !slices.Equal(got, wantRoles) {
		t.Errorf("roles %v, want %v", got, wantRoles)
	}
	if got := rules.RoleTitle("customer-liaison"); got != "Customer Liaison" {
		t.Errorf("custom role titled %q", got)
	}
	p, ok := rules.PolicyFor("payments")
	if !ok || p.Name != "payments" || !slices.Equal(rules.Expand(p.Levels[1].Targets), []string{"alice", "bob"}) {
		t.Errorf("payments policy %+v", p)
	}
	if p, _ := rules.PolicyFor("checkout"); p.Name != "default" {
		t.Errorf("checkout gets policy %q, want default", p.Name)
	}
	if rules.CadenceFor(model.Sev1) != 30*time.Minute || rules.CadenceFor(model.Sev4) != 0 {
		t.Errorf("cadence %v", rules.Cadence)
	}
	if rules.HandoverTimeout != 5*time.Minute {
		t.Errorf("handover timeout %v", rules.HandoverTimeout)
	}
	if rules.EvidenceLimit() != 1<<20 {
		t.Errorf("evidence kept %d bytes, want 1 MiB", rules.EvidenceLimit())
	}
	if len(cfg.Webhooks) != 2 || cfg.Webhooks[1].Format != webhook.FormatSlack {
		t.Errorf("webhooks %+v", cfg.Webhooks)
	}
	if cfg.HookToken == "" || cfg.APIToken == "" || cfg.HookToken == cfg.APIToken {
		t.Errorf("hook token %q, API token %q: want two different placeholders", cfg.HookToken, cfg.APIToken)
	}
	if !reflect.DeepEqual(cfg.Alerts, alerts.DefaultMapping()) {
		t.Errorf("alerts %+v: the example shows the defaults", cfg.Alerts)
	}
}

// TestExampleShowsEveryKey keeps the example complete as keys are added:
// every key listed below, which is every key the decoder reads, appears in
// it at least once.
func TestExampleShowsEveryKey(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	shown := map[string]bool{}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 {
				shown[c.Value] = true
			}
			walk(c)
		}
	}
	walk(&doc)
	for _, key := range []string{
		"roles", "teams", "policies", "name", "service", "levels", "targets", "timeout",
		"cadence", "sev1", "sev2", "sev3", "sev4", "handover", "evidence", "keep", "webhooks", "url", "format",
		"hooks", "token", "api", "alerts", "severity_label", "severities", "service_label",
	} {
		if !shown[key] {
			t.Errorf("the example does not show %q", key)
		}
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.yaml")
	_, err := Load(path)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Errorf("error %v, want not-exist naming %s", err, path)
	}
}

func TestLoadNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.yaml")
	if err := os.WriteFile(path, []byte("roles: [ic]\nhandover: {timeout: 1s}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	if err == nil || !strings.HasPrefix(err.Error(), path+":2:") {
		t.Errorf("error %v, want it to start %s:2:", err, path)
	}
}

func TestLoadEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.yaml")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path)
	if err != nil || !reflect.DeepEqual(cfg, Default()) {
		t.Errorf("Load = %+v, %v; want the defaults", cfg, err)
	}
}
