package config

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/alerts"
	"github.com/warroom/warroom/server/webhook"
)

// parse parses a config written with tabs for indentation, for readable
// test tables; YAML itself forbids tabs.
func parse(t *testing.T, text string) *Config {
	t.Helper()
	cfg, err := Parse("test.yaml", []byte(strings.ReplaceAll(text, "\t", "  ")))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return cfg
}

func roleNames(r *model.Rules) []string {
	var names []string
	for _, role := range r.Roles {
		names = append(names, role.Name)
	}
	return names
}

func TestEmptyConfigIsDefault(t *testing.T) {
	for name, text := range map[string]string{
		"empty":          "",
		"blank lines":    "\n\n  \n",
		"only comments":  "# nothing here yet\n# roles: [scribe]\n",
		"document start": "---\n",
		"null document":  "~\n",
	} {
		t.Run(name, func(t *testing.T) {
			cfg := parse(t, text)
			if !reflect.DeepEqual(cfg, Default()) {
				t.Errorf("got %+v, want the defaults %+v", cfg, Default())
			}
		})
	}
}

func TestSectionsLeftEmptyKeepDefaults(t *testing.T) {
	cfg := parse(t, "roles:\nteams:\npolicies:\n# - name: default\ncadence:\nhandover:\nevidence:\nwebhooks:\nhooks:\napi: {token: }\nalerts:\n")
	if !reflect.DeepEqual(cfg, Default()) {
		t.Errorf("got %+v, want the defaults", cfg)
	}
}

func TestRoles(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want []string
	}{
		{"all listed keep the listed order",
			"roles: [scribe, comms-lead, tech-lead, incident-commander]",
			[]string{"scribe", "comms-lead", "tech-lead", "incident-commander"}},
		{"aliases and titles name built-ins",
			"roles: [IC, tech, Communications Lead, scribe]",
			[]string{"incident-commander", "tech-lead", "comms-lead", "scribe"}},
		{"missing built-ins come first",
			"roles: [customer-liaison, comms, ic]",
			[]string{"tech-lead", "scribe", "customer-liaison", "comms-lead", "incident-commander"}},
		{"custom roles after the built-ins",
			"roles: [incident-commander, tech-lead, comms-lead, scribe, customer-liaison, db-2-owner]",
			[]string{"incident-commander", "tech-lead", "comms-lead", "scribe", "customer-liaison", "db-2-owner"}},
		{"empty list is the built-ins",
			"roles: []",
			[]string{"incident-commander", "tech-lead", "comms-lead", "scribe"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := roleNames(parse(t, c.yaml).Rules); !slices.Equal(got, c.want) {
				t.Errorf("roles %v, want %v", got, c.want)
			}
		})
	}
}

func TestCustomRoleTitleAndAlias(t *testing.T) {
	rules := parse(t, "roles: [ic, customer-liaison, db-2-owner]").Rules
	want := map[string]model.Role{
		"customer-liaison": {Name: "customer-liaison", Title: "Customer Liaison", Aliases: []string{"customer-liaison"}},
		"Db 2 Owner":       {Name: "db-2-owner", Title: "Db 2 Owner", Aliases: []string{"db-2-owner"}},
		"commander":        model.BuiltinRoles()[0],
	}
	for lookup, role := range want {
		got, ok := rules.Role(lookup)
		if !ok || !reflect.DeepEqual(got, role) {
			t.Errorf("Role(%q) = %+v, %v; want %+v", lookup, got, ok, role)
		}
	}
}

func TestTeamsExpandInPolicies(t *testing.T) {
	rules := parse(t, `
teams:
	db: [bob, alice]
	web: [carol]
policies:
	- name: default
		levels:
			- {targets: [alice, "team:db", "team:web"], timeout: 5m}
			- targets:
				- dave
				- team:db
				timeout: 1h30m
`).Rules
	if !reflect.DeepEqual(rules.Teams, map[string][]string{"db": {"bob", "alice"}, "web": {"carol"}}) {
		t.Errorf("teams %v", rules.Teams)
	}
	p, ok := rules.PolicyFor("")
	if !ok || len(p.Levels) != 2 {
		t.Fatalf("PolicyFor: %+v, %v", p, ok)
	}
	if got, want := rules.Expand(p.Levels[0].Targets), []string{"alice", "bob", "carol"}; !slices.Equal(got, want) {
		t.Errorf("level 1 pages %v, want %v", got, want)
	}
	if got, want := rules.Expand(p.Levels[1].Targets), []string{"dave", "bob", "alice"}; !slices.Equal(got, want) {
		t.Errorf("level 2 pages %v, want %v", got, want)
	}
	if p.Levels[0].Timeout != 5*time.Minute || p.Levels[1].Timeout != 90*time.Minute {
		t.Errorf("timeouts %v, %v", p.Levels[0].Timeout, p.Levels[1].Timeout)
	}
}

func TestPolicyFor(t *testing.T) {
	withDefault := parse(t, `
policies:
	- name: payments
		service: Payments
		levels: [{targets: [carol], timeout: 5m}]
	- name: default
		levels: [{targets: [alice], timeout: 5m}]
	- name: search only
		service: search
		levels: [{targets: [bob], timeout: 30s}]
`).Rules
	withoutDefault := parse(t, `
policies:
	- name: payments
		service: payments
		levels: [{targets: [carol], timeout: 5m}]
`).Rules
	cases := []struct {
		name    string
		rules   *model.Rules
		service string
		want    string // policy name; "" for none
	}{
		{"service ignoring case", withDefault, "payments", "payments"},
		{"another service", withDefault, "search", "search only"},
		{"unknown service falls back to default", withDefault, "checkout", "default"},
		{"no service is default", withDefault, "", "default"},
		{"no default", withoutDefault, "checkout", ""},
		{"service without default", withoutDefault, "PAYMENTS", "payments"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, ok := c.rules.PolicyFor(c.service)
			if p.Name != c.want || ok != (c.want != "") {
				t.Errorf("PolicyFor(%q) = %q, %v; want %q", c.service, p.Name, ok, c.want)
			}
		})
	}
}

func TestCadence(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want map[model.Severity]time.Duration
	}{
		{"overrides keep the rest",
			"cadence: {sev1: 15m}",
			map[model.Severity]time.Duration{model.Sev1: 15 * time.Minute, model.Sev2: time.Hour, model.Sev3: 4 * time.Hour}},
		{"numbers and upper case",
			"cadence: {\"2\": 2h, SEV4: 1h30m}",
			map[model.Severity]time.Duration{model.Sev1: 30 * time.Minute, model.Sev2: 2 * time.Hour, model.Sev3: 4 * time.Hour, model.Sev4: 90 * time.Minute}},
		{"none and 0 switch it off",
			"cadence:\n  sev1: none\n  sev3: 0\n  sev4: None",
			map[model.Severity]time.Duration{model.Sev2: time.Hour}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rules := parse(t, c.yaml).Rules
			if !reflect.DeepEqual(rules.Cadence, c.want) {
				t.Errorf("cadence %v, want %v", rules.Cadence, c.want)
			}
			for sev := model.Sev1; sev <= model.Sev4; sev++ {
				if got := rules.CadenceFor(sev); got != c.want[sev] {
					t.Errorf("CadenceFor(%v) = %v, want %v", sev, got, c.want[sev])
				}
			}
		})
	}
}

func TestHandoverTimeout(t *testing.T) {
	if got := parse(t, "handover: {timeout: 90s}").Rules.HandoverTimeout; got != 90*time.Second {
		t.Errorf("handover timeout %v, want 90s", got)
	}
	if got := parse(t, "handover: {}").Rules.HandoverTimeout; got != model.DefaultHandoverTimeout {
		t.Errorf("handover timeout %v, want the default", got)
	}
}

func TestEvidenceKeep(t *testing.T) {
	for text, want := range map[string]int64{
		"evidence: {keep: 1KiB}":     1 << 10,
		"evidence: {keep: 512KiB}":   512 << 10,
		"evidence: {keep: 1MiB}":     1 << 20,
		"evidence: {keep: 4 MiB}":    4 << 20,
		"evidence: {keep: 16mib}":    16 << 20,
		"evidence: {keep: 2048}":     2048,
		"evidence: {keep: 65536B}":   65536,
		"evidence: {keep: 16777216}": 16 << 20,
		"evidence: {}":               model.DefaultEvidenceBytes,
		"evidence:":                  model.DefaultEvidenceBytes,
	} {
		if got := parse(t, text).Rules.EvidenceLimit(); got != want {
			t.Errorf("%s keeps %d bytes, want %d", text, got, want)
		}
	}
}

func TestWebhooks(t *testing.T) {
	cfg := parse(t, `
webhooks:
	- url: https://hooks.example.com/a
	- {url: "http://10.0.0.5:8080/hook", format: slack, name: chat}
	- {url: "https://alerts.example.com/b", format: generic}
`)
	want := []webhook.Target{
		{URL: "https://hooks.example.com/a", Format: webhook.FormatJSON},
		{Name: "chat", URL: "http://10.0.0.5:8080/hook", Format: webhook.FormatSlack},
		{URL: "https://alerts.example.com/b", Format: webhook.FormatJSON},
	}
	if !reflect.DeepEqual(cfg.Webhooks, want) {
		t.Errorf("webhooks %+v\nwant %+v", cfg.Webhooks, want)
	}
}

func TestAliasesShareValues(t *testing.T) {
	rules := parse(t, `
teams:
	db: &oncall [alice, bob]
	web: *oncall
policies:
	- name: default
		levels: &ladder
			- {targets: ["team:db"], timeout: 5m}
	- name: search
		service: search
		levels: *ladder
`).Rules
	if !slices.Equal(rules.Teams["web"], []string{"alice", "bob"}) {
		t.Errorf("web team %v", rules.Teams["web"])
	}
	if p, _ := rules.PolicyFor("search"); p.Name != "search" || len(p.Levels) != 1 || p.Levels[0].Timeout != 5*time.Minute {
		t.Errorf("search policy %+v", p)
	}
}

func TestUsersLeftForTheServer(t *testing.T) {
	if rules := parse(t, "teams: {db: [alice]}").Rules; rules.Users != nil {
		t.Errorf("Users = %v, want nil", rules.Users)
	}
}

func TestTokens(t *testing.T) {
	cfg := parse(t, `
hooks:
	token: 0123456789abcdef0123456789abcdef
api: {token: "k9/+Zx_~.-=8QwErTy"}
`)
	if cfg.HookToken != "0123456789abcdef0123456789abcdef" || cfg.APIToken != "k9/+Zx_~.-=8QwErTy" {
		t.Errorf("hook token %q, API token %q", cfg.HookToken, cfg.APIToken)
	}
	if cfg := parse(t, "hooks: {}"); cfg.HookToken != "" || cfg.APIToken != "" {
		t.Errorf("tokens %q, %q; want none", cfg.HookToken, cfg.APIToken)
	}
}

func TestAlertMapping(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		want alerts.Mapping
	}{
		{"none is the default", "alerts: {}", alerts.DefaultMapping()},
		{"labels renamed, values added and changed, the rest kept", `
alerts:
	severity_label: priority
	service_label: app
	severities: {P1: 1, p2: sev2, warning: 4}
`, alerts.Mapping{
			SeverityLabel: "priority",
			ServiceLabel:  "app",
			Severities: map[string]model.Severity{
				"p1": model.Sev1, "p2": model.Sev2,
				"critical": model.Sev1, "error": model.Sev2, "high": model.Sev2,
				"warning": model.Sev4, "info": model.Sev4, "low": model.Sev4,
			},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := parse(t, c.yaml).Alerts; !reflect.DeepEqual(got, c.want) {
				t.Errorf("mapping %+v\nwant %+v", got, c.want)
			}
		})
	}
}
