// Package config reads warroom's YAML config file: the roles, teams,
// escalation policies, update cadences, handover timeout and evidence size
// that become the server's model.Rules; the webhook targets pages and
// updates are posted to; the bearer tokens of the alert hooks and the API; and how
// alerts' labels map to severities and services. testdata/example.yaml
// shows every key.
//
// Every key is optional and an empty file means the defaults. Anything the
// server could not use as written — an unknown key, a value of the wrong
// type, a bad duration, a policy paging an undefined team — is refused with
// the file, the line and the reason, several problems at a time.
package config

import (
	"fmt"
	"os"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/alerts"
	"github.com/warroom/warroom/server/webhook"
)

// Config is a parsed config file.
type Config struct {
	// Rules has no Users: the server sets them from its users file.
	Rules    *model.Rules
	Webhooks []webhook.Target

	// HookToken authorises alert notifications (hooks.token) and APIToken
	// the read-only API (api.token); "" when the file gives none. The
	// environment (WARROOM_HOOK_TOKEN, WARROOM_API_TOKEN) overrides them:
	// the server reads it, not this package.
	HookToken string
	APIToken  string

	// Alerts says which labels give an alert's severity and service.
	Alerts alerts.Mapping
}

// Default is the config of a server without a config file: the default
// rules and alert mapping, no webhooks and no tokens.
func Default() *Config { return &Config{Rules: model.DefaultRules(), Alerts: alerts.DefaultMapping()} }

// Load reads and parses the config file at path.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	return Parse(path, data)
}

// Parse parses a config file's contents; name is the file as messages
// should call it. The error lists up to ten problems, one per line, in
// file order; errors.As finds the first as a *Problem.
func Parse(name string, data []byte) (*Config, error) {
	root, err := parseDocument(name, data)
	if err != nil {
		return nil, err
	}
	if root == nil {
		return Default(), nil
	}
	d := newDecoder(name, root)
	cfg := d.config(root)
	if err := d.err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

func (d *decoder) config(root *yaml.Node) *Config {
	if n := resolve(root); n.Kind != yaml.MappingNode {
		d.fail(n, "", "the config must be a mapping of keys such as roles: and policies:, not %s", describe(n))
		return nil
	}
	top := d.fields(root, "", "roles", "teams", "policies", "cadence", "handover", "evidence", "webhooks", "hooks", "api", "alerts")
	cfg := Default()
	rules := cfg.Rules
	if n, ok := top.get("roles"); ok {
		rules.Roles = d.roles(n)
	}
	// Teams are read before policies whatever the order in the file,
	// since policies refer to them.
	defined := map[string]bool{}
	if n, ok := top.get("teams"); ok {
		rules.Teams, defined = d.teams(n)
	}
	if n, ok := top.get("policies"); ok {
		rules.Policies = d.policies(n, defined)
	}
	if n, ok := top.get("cadence"); ok {
		d.cadence(n, rules.Cadence)
	}
	if n, ok := top.get("handover"); ok {
		if t, ok := d.fields(n, "handover", "timeout").get("timeout"); ok {
			rules.HandoverTimeout = d.duration(t, "handover.timeout", minHandoverTimeout, maxHandoverTimeout)
		}
	}
	if n, ok := top.get("evidence"); ok {
		rules.EvidenceBytes = d.evidence(n)
	}
	if n, ok := top.get("webhooks"); ok {
		cfg.Webhooks = d.webhooks(n)
	}
	if n, ok := top.get("hooks"); ok {
		cfg.HookToken = d.tokenSection(n, "hooks")
	}
	if n, ok := top.get("api"); ok {
		cfg.APIToken = d.tokenSection(n, "api")
	}
	if n, ok := top.get("alerts"); ok {
		cfg.Alerts = d.alertMapping(n)
	}
	return cfg
}
