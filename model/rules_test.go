package model

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestRulesRole(t *testing.T) {
	r := warRules()
	for in, want := range map[string]string{
		"ic": RoleCommander, "IC": RoleCommander, "commander": RoleCommander, "incident-commander": RoleCommander,
		"Incident Commander": RoleCommander, " tech ": RoleTechLead, "tl": RoleTechLead, "Tech Lead": RoleTechLead,
		"comms": RoleComms, "cl": RoleComms, "communications lead": RoleComms, "scribe": RoleScribe,
		"customer-liaison": "customer-liaison", "Customer Liaison": "customer-liaison",
	} {
		if got, ok := r.Role(in); !ok || got.Name != want {
			t.Errorf("Role(%q) = %q, %t; want %q", in, got.Name, ok, want)
		}
	}
	for _, in := range []string{"", "dba", "incident", "i c"} {
		if got, ok := r.Role(in); ok {
			t.Errorf("Role(%q) found %q", in, got.Name)
		}
	}
	if got := r.RoleTitle(RoleComms); got != "Communications Lead" {
		t.Errorf("RoleTitle(comms) = %q", got)
	}
	if got := r.RoleTitle("retired-role"); got != "retired-role" {
		t.Errorf("a role the config no longer has shows as %q, want its name", got)
	}
}

func TestRulesPolicyFor(t *testing.T) {
	onlyPayments := warRules()
	onlyPayments.Policies = onlyPayments.Policies[:1]
	for _, tc := range []struct {
		name, service string
		rules         *Rules
		want          string // "" for none
	}{
		{"a service's own", "payments", warRules(), "payments"},
		{"a service's own in any case", "PAYMENTS", warRules(), "payments"},
		{"no service", "", warRules(), "default"},
		{"a service without its own", "search", warRules(), "default"},
		{"no default, no service", "", onlyPayments, ""},
		{"no default, another service", "search", onlyPayments, ""},
		{"no policies", "payments", DefaultRules(), ""},
	} {
		p, ok := tc.rules.PolicyFor(tc.service)
		if ok != (tc.want != "") || p.Name != tc.want {
			t.Errorf("%s: PolicyFor(%q) = %q, %t; want %q", tc.name, tc.service, p.Name, ok, tc.want)
		}
	}
}

func TestRulesExpand(t *testing.T) {
	r := warRules()
	got := r.Expand([]string{"team:db", "carol", "bob", "team:db", "team:nobody", "dave"})
	if want := []string{"carol", "dave", "bob"}; !slices.Equal(got, want) {
		t.Errorf("Expand = %v, want %v: teams replaced by members, each user once, in order", got, want)
	}
	if got := r.Expand(nil); got != nil {
		t.Errorf("Expand(nil) = %v", got)
	}
}

func TestDefaultRules(t *testing.T) {
	r := DefaultRules()
	var names []string
	for _, role := range r.Roles {
		names = append(names, role.Name)
	}
	if want := []string{RoleCommander, RoleTechLead, RoleComms, RoleScribe}; !slices.Equal(names, want) {
		t.Errorf("roles = %v, want %v", names, want)
	}
	want := map[Severity]time.Duration{Sev1: 30 * time.Minute, Sev2: time.Hour, Sev3: 4 * time.Hour}
	if !reflect.DeepEqual(r.Cadence, want) || r.HandoverTimeout != 5*time.Minute || r.Policies != nil || r.Users != nil {
		t.Errorf("default rules = %+v", r)
	}
	if r.UserNames() != nil {
		t.Errorf("open mode completes user names %v", r.UserNames())
	}
	if got := warRules().UserNames(); !slices.Contains(got, "carol") || slices.Contains(got, "olive") {
		t.Errorf("UserNames = %v, want the users file's names but its observer's", got)
	}
	// Each call is a fresh value: a caller that edits its copy (the
	// config loader) leaves everyone else's alone.
	a, b := DefaultRules(), DefaultRules()
	a.Cadence[Sev4] = time.Hour
	a.Roles[0].Aliases[0] = "boss"
	if b.Cadence[Sev4] != 0 || b.Roles[0].Aliases[0] != "ic" {
		t.Errorf("DefaultRules share their maps or slices")
	}
}

// A state without rules (the zero State) runs under the defaults.
func TestStateWithoutRules(t *testing.T) {
	for _, s := range []*State{{}, NewState(nil)} {
		if r := s.Rules(); len(r.Roles) != 4 || r.HandoverTimeout != DefaultHandoverTimeout {
			t.Errorf("rules of an empty state = %+v", r)
		}
	}
	rules := warRules()
	if NewState(rules).Rules() != rules {
		t.Errorf("NewState does not keep its rules")
	}
}
