package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// lines joins a file's lines, so that a case's line numbers can be counted
// by eye: the first string is line 1.
func lines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

func TestInvalidConfigs(t *testing.T) {
	cases := []struct {
		name string
		yaml string
		at   string // "test.yaml:LINE:" or "test.yaml:LINE:COL:"
		want string // the rest of the message, or the part that matters
	}{
		// Keys.
		{"unknown top-level key", lines("roles: [ic]", "role: [scribe]"),
			"test.yaml:2:", `unknown key "role"; the keys here are roles, teams, policies, cadence, handover, evidence, webhooks, hooks, api, alerts`},
		{"unknown key in a level", lines("policies:", "  - name: default", "    levels:", "      - {targets: [alice], timout: 5m}"),
			"test.yaml:4:28:", `policies[0].levels[0]: unknown key "timout"; the keys here are targets, timeout`},
		{"key given twice", lines("teams: {db: [alice]}", "handover: {timeout: 1m}", "teams: {web: [bob]}"),
			"test.yaml:3:", `key "teams" is already given at line 1`},

		// Wrong YAML types.
		{"string where a list is expected", lines("roles: incident-commander"),
			"test.yaml:1:", `roles: expected a list, got "incident-commander"`},
		{"list where a mapping is expected", lines("teams: [db]"),
			"test.yaml:1:", "teams: expected a mapping (key: value), got a list"},
		{"mapping where a list is expected", lines("policies:", "  name: default"),
			"test.yaml:2:", "policies: expected a list, got a mapping"},
		{"scalar where a mapping is expected", lines("handover: 5m"),
			"test.yaml:1:", `handover: expected a mapping (key: value), got "5m"`},
		{"list where a duration is expected", lines("handover:", "  timeout: [5m]"),
			"test.yaml:2:", "handover.timeout: expected a duration (like 5m or 1h30m), got a list"},
		{"targets as a bare name", lines("policies:", "- name: default", "  levels:", "  - targets: alice", "    timeout: 5m"),
			"test.yaml:4:", `policies[0].levels[0].targets: expected a list, got "alice"`},
		{"whole file is a list", lines("- roles", "- teams"),
			"test.yaml:1:", "the config must be a mapping of keys such as roles: and policies:, not a list"},

		// YAML itself.
		{"syntax error", lines("roles: [ic]", "teams:", "  db: [alice", "cadence: {sev1: 5m}"),
			"test.yaml:3:", "not valid YAML: did not find expected ',' or ']'"},
		{"list item inside a mapping", lines("roles: [ic]", "teams:", "  db: [alice]", "- scribe"),
			"test.yaml:4:", "not valid YAML: did not find expected key"},
		{"key and value on a continuation line", lines("roles: [ic]", "handover:", "  timeout: 5m", "    more: x"),
			"test.yaml:4:", "not valid YAML: mapping values are not allowed in this context"},
		{"tab indentation", lines("teams:", "\tdb: [alice]"),
			"test.yaml:2:", "not valid YAML: found character that cannot start any token"},
		{"second document", lines("roles: [ic]", "---", "teams: {db: [alice]}"),
			"test.yaml:2:", "a second YAML document starts here; the config is one document"},
		{"alias inside itself", lines("teams: &t", "  db: *t"),
			"test.yaml:2:7:", "alias *t is inside the value it names"},

		// Roles.
		{"role listed twice", lines("roles:", "  - incident-commander", "  - scribe", "  - incident-commander"),
			"test.yaml:4:", "roles[2]: incident-commander is already listed at line 2"},
		{"role listed again by alias", lines("roles:", "  - scribe", "  - incident-commander", "  - ic"),
			"test.yaml:4:", `roles[2]: "ic" is incident-commander, already listed at line 3`},
		{"custom role listed twice", lines("roles:", "  - customer-liaison", "  - customer-liaison"),
			"test.yaml:3:", "roles[1]: customer-liaison is already listed at line 2"},
		{"role name with spaces", lines("roles: [ic, Customer Liaison]"),
			"test.yaml:1:13:", `roles[1]: role name "Customer Liaison" is not valid: use 1 to 32 lowercase letters, digits and hyphens, like customer-liaison`},
		{"custom role titled like a built-in", lines("roles:", "  - communications-lead"),
			"test.yaml:2:", `roles[0]: role communications-lead would be titled "Communications Lead", which is already comms-lead`},

		// Teams.
		{"empty team", lines("teams:", "  db: []"),
			"test.yaml:2:", "teams.db: the team has no members"},
		{"team member not a user name", lines("teams:", "  db:", "    - alice", "    - Bob"),
			"test.yaml:4:", `teams.db[1]: user name "Bob" is not valid`},
		{"team member twice", lines("teams:", "  db: [alice, alice]"),
			"test.yaml:2:15:", "teams.db[1]: alice is listed twice"},
		{"team name not valid", lines("teams:", "  DB: [alice]"),
			"test.yaml:2:", `teams: team name "DB" is not valid: use 1 to 32 lowercase letters, digits and hyphens, like db`},

		// Policies.
		{"bad duration", lines("policies:", "  - name: default", "    levels:", "      - targets: [alice]", "        timeout: 5 minutes"),
			"test.yaml:5:", `policies[0].levels[0].timeout: "5 minutes" is not a duration (like 5m or 1h30m)`},
		{"timeout too short", lines("policies:", "  - name: default", "    levels: [{targets: [alice], timeout: 10s}]"),
			"test.yaml:3:42:", "policies[0].levels[0].timeout: 10s is too short; the least is 30s"},
		{"timeout too long", lines("policies:", "  - name: default", "    levels: [{targets: [alice], timeout: 25h}]"),
			"test.yaml:3:42:", "policies[0].levels[0].timeout: 25h is too long; the most is 24h"},
		{"unknown team in targets", lines("teams: {db: [alice], web: [bob]}", "policies:", "  - name: default", "    levels:", "      - targets: [alice, \"team:dba\"]", "        timeout: 5m"),
			"test.yaml:5:26:", `policies[0].levels[0].targets[1]: unknown team "dba"; the teams are db, web`},
		{"team target without teams", lines("policies:", "  - name: default", "    levels:", "      - targets: [\"team:db\"]", "        timeout: 5m"),
			"test.yaml:4:19:", `policies[0].levels[0].targets[0]: unknown team "db": the config defines no teams`},
		{"target not a user name", lines("policies:", "  - name: default", "    levels:", "      - targets: [alice smith]", "        timeout: 5m"),
			"test.yaml:4:19:", `policies[0].levels[0].targets[0]: user name "alice smith" is not valid`},
		{"duplicate policy", lines("policies:", "  - name: default", "    levels: [{targets: [alice], timeout: 5m}]", "  - name: Default", "    levels: [{targets: [bob], timeout: 5m}]"),
			"test.yaml:4:", `policies[1].name: policy "Default" is already defined at line 2`},
		{"two policies for one service", lines("policies:", "  - {name: pay, service: payments, levels: [{targets: [alice], timeout: 5m}]}", "  - {name: pay2, service: Payments, levels: [{targets: [bob], timeout: 5m}]}"),
			"test.yaml:3:27:", `policies[1].service: a policy for service "Payments" is already defined at line 2`},
		{"policy nothing would use", lines("policies:", "  - name: backup", "    levels: [{targets: [alice], timeout: 5m}]"),
			"test.yaml:2:", `policies[0]: policy "backup" has no service and is not named default, so no incident would use it`},
		{"policy without a name", lines("policies:", "  - service: payments", "    levels: [{targets: [alice], timeout: 5m}]"),
			"test.yaml:2:", "policies[0]: the policy has no name"},
		{"policy without levels", lines("policies:", "  - name: default"),
			"test.yaml:2:", "policies[0]: the policy has no levels"},
		{"policy with an empty ladder", lines("policies:", "  - name: default", "    levels: []"),
			"test.yaml:3:", "policies[0].levels: the policy has no levels; give at least one"},
		{"level without targets", lines("policies:", "  - name: default", "    levels:", "      - targets: []", "        timeout: 5m"),
			"test.yaml:4:", "policies[0].levels[0].targets: no targets; name at least one user or team:NAME"},
		{"level without a timeout", lines("policies:", "  - name: default", "    levels:", "      - targets: [alice]"),
			"test.yaml:4:", "policies[0].levels[0]: the level has no timeout (like timeout: 5m)"},

		// Cadence and handover.
		{"unknown severity", lines("cadence:", "  sev5: 1h"),
			"test.yaml:2:", `cadence: unknown severity "sev5"; the keys are sev1 to sev4`},
		{"severity set twice", lines("cadence:", "  sev1: 1h", "  \"1\": 2h"),
			"test.yaml:3:", "cadence.1: SEV1 is already set at line 2"},
		{"cadence too short", lines("cadence: {sev2: 30s}"),
			"test.yaml:1:17:", "cadence.sev2: 30s is too short; the least is 1m; none means no cadence"},
		{"cadence left empty", lines("cadence:", "  sev2:"),
			"test.yaml:2:", "cadence.sev2: expected a duration or none, got nothing"},
		{"handover too long", lines("handover:", "  timeout: 2h"),
			"test.yaml:2:", "handover.timeout: 2h is too long; the most is 1h"},

		// Evidence.
		{"evidence size too small", lines("roles: [ic]", "evidence:", "  keep: 512B"),
			"test.yaml:3:", "evidence.keep: 512B is too small; the least is 1.0 KiB"},
		{"evidence size too large", lines("evidence: {keep: 17MiB}"),
			"test.yaml:1:18:", "evidence.keep: 17MiB is too large; the most is 16.0 MiB"},
		{"evidence size in bytes too large", lines("evidence:", "  keep: 16777217"),
			"test.yaml:2:", "evidence.keep: 16777217 is too large; the most is 16.0 MiB"},
		{"evidence size overflowing", lines("evidence:", "  keep: 9223372036854775807MiB"),
			"test.yaml:2:", "is too large; the most is 16.0 MiB"},
		{"evidence size in an unknown unit", lines("evidence:", "  keep: 1GB"),
			"test.yaml:2:", `evidence.keep: "1GB" is not a size (like 512KiB, 1MiB or a number of bytes)`},
		{"evidence size a fraction", lines("evidence:", "  keep: 1.5MiB"),
			"test.yaml:2:", `evidence.keep: "1.5MiB" is not a size`},
		{"evidence size negative", lines("evidence:", "  keep: -1"),
			"test.yaml:2:", `evidence.keep: "-1" is not a size`},
		{"evidence size a list", lines("evidence:", "  keep: [1MiB]"),
			"test.yaml:2:", "evidence.keep: expected a size (like 512KiB or 1MiB), got a list"},
		{"evidence with an unknown key", lines("evidence:", "  max: 1MiB"),
			"test.yaml:2:", `evidence: unknown key "max"; the keys here are keep`},

		// Webhooks.
		{"webhook URL not http", lines("webhooks:", "  - url: ftp://files.example.com/drop"),
			"test.yaml:2:", `webhooks[0].url: webhook URL must use http or https, not "ftp"`},
		{"webhook URL not absolute", lines("webhooks:", "  - url: hooks.example.com/hook"),
			"test.yaml:2:", "webhooks[0].url: webhook URL must be absolute (http:// or https://)"},
		{"webhook without a URL", lines("webhooks:", "  - name: pager"),
			"test.yaml:2:", "webhooks[0]: the webhook has no url"},
		{"webhook format unknown", lines("webhooks:", "  - url: https://hooks.example.com/x", "    format: xml"),
			"test.yaml:3:", `webhooks[0].format: unknown webhook format "xml" (want json or slack)`},
		{"webhook names twice", lines("webhooks:", "  - {url: \"https://a.example.com/\", name: pager}", "  - {url: \"https://b.example.com/\", name: Pager}"),
			"test.yaml:3:43:", `webhooks[1].name: a webhook named "Pager" is already defined at line 2`},
		{"two webhooks on one host without names", lines("webhooks:", "  - {url: \"https://hooks.slack.com/services/T0/B1/x\", format: slack}", "  - {url: \"https://hooks.slack.com/services/T0/B2/y\", format: slack}"),
			"test.yaml:3:", "webhooks[1]: its label hooks.slack.com is also webhooks[0]'s; give one a name"},
		{"a webhook named like another's host", lines("webhooks:", "  - url: https://hooks.slack.com/services/T0/B1/x", "  - url: https://chat.example.com/hook", "    name: hooks.slack.com"),
			"test.yaml:3:", "webhooks[1]: its label hooks.slack.com is also webhooks[0]'s; give one a name"},

		// Tokens and alerts.
		{"token too short", lines("hooks:", "  token: hunter2"),
			"test.yaml:2:", "hooks.token: the token is 7 characters; use 16 to 256, such as the output of openssl rand -hex 32"},
		{"token with a space", lines("api: {token: \"correct horse battery staple\"}"),
			"test.yaml:1:14:", "api.token: the token has a character at position 8 that is not visible ASCII"},
		{"token as a list", lines("hooks:", "  token: [a, b]"),
			"test.yaml:2:", "hooks.token: expected a token, got a list"},
		{"unknown key beside the token", lines("hooks:", "  secret: 0123456789abcdef0123"),
			"test.yaml:2:", `hooks: unknown key "secret"; the keys here are token`},
		{"severity label not a label name", lines("alerts:", "  severity_label: 1severity"),
			"test.yaml:2:", `alerts.severity_label: label name "1severity" is not valid: use letters, digits and underscores, not starting with a digit`},
		{"service label with a dash", lines("alerts: {service_label: app-name}"),
			"test.yaml:1:25:", `alerts.service_label: label name "app-name" is not valid`},
		{"severity out of range", lines("alerts:", "  severities:", "    page: 5"),
			"test.yaml:3:", `alerts.severities.page: "5" is not a severity; use 1 to 4 (1 is the most severe) or sev1 to sev4`},
		{"severity value mapped twice", lines("alerts:", "  severities:", "    critical: 1", "    Critical: 2"),
			"test.yaml:4:", `alerts.severities.Critical: "Critical" is already mapped at line 3`},
		{"severities as a list", lines("alerts:", "  severities: [critical]"),
			"test.yaml:2:", "alerts.severities: expected a mapping (key: value), got a list"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := Parse("test.yaml", []byte(c.yaml))
			if err == nil {
				t.Fatalf("Parse accepted it: %+v", cfg)
			}
			if cfg != nil {
				t.Errorf("Parse returned a config with its error: %+v", cfg)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, c.at+" ") || !strings.Contains(msg, c.want) {
				t.Errorf("error:\n  %s\nwant it to start %q and say %q", msg, c.at, c.want)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("one problem, several lines:\n%s", msg)
			}
		})
	}
}

func TestWebhookErrorsKeepTheURLSecret(t *testing.T) {
	_, err := Parse("test.yaml", []byte("webhooks:\n  - url: hooks.example.com/T0/B0/s3cr3t\n"))
	if err == nil || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("error %v: want a refusal that does not repeat the URL", err)
	}
}

func TestTokenErrorsKeepTheTokenSecret(t *testing.T) {
	for _, text := range []string{"hooks: {token: s3cr3t}\n", "api: {token: \"s3cr3t with spaces in it\"}\n"} {
		_, err := Parse("test.yaml", []byte(text))
		if err == nil || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("error %v: want a refusal that does not repeat the token", err)
		}
	}
}

func TestAliasBlowUpIsRefused(t *testing.T) {
	// Each team doubles the one before: about 2^40 names once expanded.
	var b strings.Builder
	b.WriteString("x: &a0 [alice, bob]\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "x%d: &a%d [*a%d, *a%d]\n", i, i, i-1, i-1)
	}
	_, err := Parse("test.yaml", []byte(b.String()))
	if err == nil || !strings.Contains(err.Error(), "the config holds more than 100000 values, counting each use of an alias") {
		t.Errorf("error %v, want the expansion refused", err)
	}
}

func TestProblemsAreCollectedInFileOrder(t *testing.T) {
	text := lines(
		"webhooks: [{url: \"ftp://x\"}]", // 1
		"teams:",                         // 2
		"  db: []",                       // 3
		"roles: [ic, ic]",                // 4
		"cadence: {sev9: 1h}",            // 5
	)
	_, err := Parse("test.yaml", []byte(text))
	if err == nil {
		t.Fatal("Parse accepted it")
	}
	got := strings.Split(err.Error(), "\n")
	wantPrefixes := []string{"test.yaml:1:", "test.yaml:3:", "test.yaml:4:", "test.yaml:5:"}
	if len(got) != len(wantPrefixes) {
		t.Fatalf("%d problems, want %d:\n%s", len(got), len(wantPrefixes), err)
	}
	for i, p := range wantPrefixes {
		if !strings.HasPrefix(got[i], p) {
			t.Errorf("problem %d is %q, want it at %s", i+1, got[i], p)
		}
	}
	var first *Problem
	if !errors.As(err, &first) || first.Line != 1 || first.Path != "webhooks[0].url" {
		t.Errorf("errors.As gives %+v, want the problem on line 1", first)
	}
}

func TestProblemsAreCapped(t *testing.T) {
	var b strings.Builder
	b.WriteString("teams:\n")
	for i := range 15 {
		fmt.Fprintf(&b, "  t%d: []\n", i)
	}
	_, err := Parse("test.yaml", []byte(b.String()))
	if err == nil {
		t.Fatal("Parse accepted it")
	}
	got := strings.Split(err.Error(), "\n")
	if len(got) != maxProblems+1 || got[maxProblems] != "test.yaml: 5 more problems not shown; fix these first" {
		t.Errorf("got %d lines:\n%s", len(got), err)
	}
}
