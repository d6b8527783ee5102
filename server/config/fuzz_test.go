package config

import (
	"os"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
)

// FuzzParse checks that Parse never panics, and that whatever it accepts
// is usable: every built-in role present, every policy a ladder whose
// levels page someone, every token one ValidateToken passes, every alert
// severity valid, every error naming the file.
func FuzzParse(f *testing.F) {
	example, err := os.ReadFile(examplePath)
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		string(example),
		"",
		"roles: [ic, customer-liaison, IC]\n",
		"teams: &t {db: [alice, *t]}\n",
		"policies: [{name: default, levels: [{targets: [\"team:db\"], timeout: 5m}]}]\nteams: {db: [bob]}\n",
		"cadence: {sev1: none, \"2\": 1h, sev3: 0}\nhandover: {timeout: 59m}\n",
		"webhooks: [{url: \"https://h.example/x\", format: slack, name: \"\\x1b[31m\"}]\n",
		"x: &a [1, 2]\ny: &b [*a, *a]\nz: [*b, *b]\n",
		"hooks: {token: 0123456789abcdef}\nalerts: {severity_label: sev, severities: {P1: sev1, \"\": 2}}\n",
		"roles: [\n",
		"--- a\n--- b\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("fuzz.yaml", data)
		if err != nil {
			if cfg != nil {
				t.Errorf("config %+v returned with error %v", cfg, err)
			}
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		rules := cfg.Rules
		for _, builtin := range model.BuiltinRoles() {
			if _, ok := rules.Role(builtin.Name); !ok {
				t.Errorf("built-in role %s missing from %+v", builtin.Name, rules.Roles)
			}
		}
		for _, p := range rules.Policies {
			if len(p.Levels) == 0 {
				t.Errorf("policy %q has no levels", p.Name)
			}
			for _, level := range p.Levels {
				if len(rules.Expand(level.Targets)) == 0 || level.Timeout <= 0 {
					t.Errorf("policy %q has a level that pages no one: %+v", p.Name, level)
				}
			}
		}
		for _, w := range cfg.Webhooks {
			if w.URL == "" {
				t.Errorf("webhook without URL: %+v", w)
			}
		}
		for _, token := range []string{cfg.HookToken, cfg.APIToken} {
			if token != "" && ValidateToken(token) != nil {
				t.Errorf("token accepted that ValidateToken refuses: %v", ValidateToken(token))
			}
		}
		for value, sev := range cfg.Alerts.Severities {
			if !sev.Valid() || value != strings.ToLower(value) {
				t.Errorf("alert severity %q → %v", value, sev)
			}
		}
	})
}
