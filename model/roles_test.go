package model

import (
	"maps"
	"testing"
)

// roles checks the incident's roles, holder by role name.
func roles(want map[string]string) func(*testing.T, *room) {
	return func(t *testing.T, r *room) {
		if got := r.inc().Roles; !maps.Equal(got, want) {
			t.Errorf("roles = %v, want %v", got, want)
		}
	}
}

func TestAssignRole(t *testing.T) {
	assign := func(role, user string) Command { return AssignRole{Incident: "INC-1", Role: role, User: user} }
	techBob := opened(step{by: alice, cmd: assign("tech", "bob")})
	vacant := opened(step{by: alice, cmd: UnassignRole{Incident: "INC-1", Role: "ic"}})
	runCases(t, warRules(), []decideCase{
		{name: "the IC assigns by alias", setup: opened(), by: alice, cmd: assign("tech", "bob"),
			want: RoleChanged{Role: RoleTechLead, Title: "Tech Lead", User: "bob"}, text: "assigned Tech Lead to bob",
			check: roles(map[string]string{RoleCommander: "alice", RoleTechLead: "bob"})},
		{name: "by title, user with @", setup: opened(), by: alice, cmd: assign("Communications Lead", "@carol"),
			want: RoleChanged{Role: RoleComms, Title: "Communications Lead", User: "carol"}, text: "assigned Communications Lead to carol"},
		{name: "by canonical name", setup: opened(), by: alice, cmd: assign("scribe", "dave"), text: "assigned Scribe to dave"},
		{name: "a role from the config", setup: opened(), by: alice, cmd: assign("Customer-Liaison", "erin"),
			want: RoleChanged{Role: "customer-liaison", Title: "Customer Liaison", User: "erin"}, text: "assigned Customer Liaison to erin"},
		{name: "to someone else than its holder", setup: techBob, by: alice, cmd: assign("tl", "carol"),
			want: RoleChanged{Role: RoleTechLead, Title: "Tech Lead", User: "carol", Prev: "bob"}, text: "assigned Tech Lead to carol (was bob)",
			check: roles(map[string]string{RoleCommander: "alice", RoleTechLead: "carol"})},
		{name: "the IC to themself", setup: opened(), by: alice, cmd: assign("scribe", "alice"), text: "took Scribe"},
		{name: "an admin", setup: opened(), by: admin, cmd: assign("comms", "bob"), text: "assigned Communications Lead to bob"},
		{name: "IC while vacant, by any responder", setup: vacant, by: bob, cmd: assign("ic", "carol"),
			want: RoleChanged{Role: RoleCommander, Title: "Incident Commander", User: "carol"}, text: "assigned Incident Commander to carol",
			check: roles(map[string]string{RoleCommander: "carol"})},

		{name: "a responder who is not IC", setup: opened(), by: bob, cmd: assign("tech", "bob"),
			code: CodeForbidden, msg: []string{"only the incident commander (alice) or an admin may assign roles"}},
		{name: "an observer", setup: opened(), by: observer, cmd: assign("tech", "bob"),
			code: CodeForbidden, msg: []string{"olive is an observer"}},
		{name: "IC while held", setup: opened(), by: alice, cmd: assign("ic", "bob"),
			code: CodeConflict, msg: []string{"alice is incident commander", "/handover bob", "they must accept"}},
		{name: "IC while held, by an admin", setup: opened(), by: admin, cmd: assign("ic", "bob"),
			code: CodeConflict, msg: []string{"/handover bob"}},
		{name: "to its holder", setup: techBob, by: alice, cmd: assign("tech", "bob"),
			code: CodeConflict, msg: []string{"bob is already Tech Lead"}},
		{name: "an unknown role", setup: opened(), by: alice, cmd: assign("dba", "bob"),
			code: CodeInvalid, msg: []string{`no role "dba"`, "(roles: ic, tech, comms, scribe, customer-liaison)"}},
		{name: "an unknown user", setup: opened(), by: alice, cmd: assign("tech", "zed"),
			code: CodeNotFound, msg: []string{`no user "zed" on this server`}},
		{name: "a malformed user", setup: opened(), by: alice, cmd: assign("tech", "Bob"),
			code: CodeInvalid, msg: []string{"names are lowercase: try bob"}},
		{name: "the server's name", setup: opened(), by: alice, cmd: assign("tech", SystemActor),
			code: CodeInvalid, msg: []string{"taken by the server itself"}},
		{name: "an unknown incident", setup: opened(), by: alice, cmd: AssignRole{Incident: "INC-4", Role: "tech", User: "bob"},
			code: CodeNotFound, msg: []string{"no incident INC-4"}},
	})
}

// Without a users file, any well-formed name may hold a role.
func TestAssignRoleInOpenMode(t *testing.T) {
	runCases(t, DefaultRules(), []decideCase{
		{name: "anyone well formed", setup: opened(), by: alice, cmd: AssignRole{Incident: "INC-1", Role: "tech", User: "zed"}, text: "assigned Tech Lead to zed"},
		{name: "still well formed", setup: opened(), by: alice, cmd: AssignRole{Incident: "INC-1", Role: "tech", User: "-zed"},
			code: CodeInvalid, msg: []string{"is not valid"}},
	})
}

func TestUnassignRole(t *testing.T) {
	unassign := func(role string) Command { return UnassignRole{Incident: "INC-1", Role: role} }
	techBob := opened(step{by: alice, cmd: AssignRole{Incident: "INC-1", Role: "tech", User: "bob"}})
	runCases(t, warRules(), []decideCase{
		{name: "the IC", setup: techBob, by: alice, cmd: unassign("tech"),
			want: RoleChanged{Role: RoleTechLead, Title: "Tech Lead", Prev: "bob"}, text: "Tech Lead is vacant (was bob)",
			check: roles(map[string]string{RoleCommander: "alice"})},
		{name: "the IC steps down", setup: opened(), by: alice, cmd: unassign("ic"),
			want: RoleChanged{Role: RoleCommander, Title: "Incident Commander", Prev: "alice"}, text: "Incident Commander is vacant (was alice)",
			check: roles(map[string]string{})},
		{name: "an admin", setup: techBob, by: admin, cmd: unassign("tech"), text: "Tech Lead is vacant (was bob)"},

		{name: "the holder who is not IC", setup: techBob, by: bob, cmd: unassign("tech"),
			code: CodeForbidden, msg: []string{"only the incident commander (alice) or an admin may unassign roles"}},
		{name: "an observer", setup: techBob, by: observer, cmd: unassign("tech"),
			code: CodeForbidden, msg: []string{"observer"}},
		{name: "a vacant role", setup: opened(), by: alice, cmd: unassign("scribe"),
			code: CodeConflict, msg: []string{"Scribe is already vacant"}},
		{name: "an unknown role", setup: opened(), by: alice, cmd: unassign("boss"),
			code: CodeInvalid, msg: []string{`no role "boss"`, "roles: ic, tech"}},
	})
}

func TestTakeRole(t *testing.T) {
	take := func(role string) Command { return TakeRole{Incident: "INC-1", Role: role} }
	vacant := opened(step{by: alice, cmd: UnassignRole{Incident: "INC-1", Role: "ic"}})
	runCases(t, warRules(), []decideCase{
		{name: "a vacant role", setup: opened(), by: bob, cmd: take("scribe"),
			want: RoleChanged{Role: RoleScribe, Title: "Scribe", User: "bob"}, text: "took Scribe",
			check: roles(map[string]string{RoleCommander: "alice", RoleScribe: "bob"})},
		{name: "IC while vacant", setup: vacant, by: bob, cmd: take("IC"),
			want: RoleChanged{Role: RoleCommander, Title: "Incident Commander", User: "bob"}, text: "took Incident Commander",
			check: roles(map[string]string{RoleCommander: "bob"})},
		{name: "by an admin", setup: opened(), by: admin, cmd: take("comms"), text: "took Communications Lead"},

		{name: "a held role", setup: opened(), by: bob, cmd: take("ic"),
			code: CodeConflict, msg: []string{"Incident Commander is held by alice; only a vacant role can be taken"}},
		{name: "a held role, by an admin", setup: opened(), by: admin, cmd: take("ic"),
			code: CodeConflict, msg: []string{"held by alice"}},
		{name: "one's own role", setup: opened(), by: alice, cmd: take("commander"),
			code: CodeConflict, msg: []string{"you are already Incident Commander"}},
		{name: "by the server", setup: opened(), by: System(), cmd: take("scribe"),
			code: CodeForbidden, msg: []string{"warroom cannot hold a role"}},
		{name: "by an observer", setup: vacant, by: observer, cmd: take("ic"),
			code: CodeForbidden, msg: []string{"observer"}},
		{name: "an unknown role", setup: opened(), by: bob, cmd: take("chef"),
			code: CodeInvalid, msg: []string{`no role "chef"`}},
	})
}

// An incident the server opens for an alert starts without a commander:
// any responder acts as IC until someone takes the role.
func TestAlertOpensWithCommanderVacant(t *testing.T) {
	r := newRoom(t, warRules(), step{by: System(), cmd: Declare{Title: "5xx above 2%", Severity: Sev1}})
	inc := r.inc()
	if inc.Commander() != "" || inc.DeclaredBy != SystemActor {
		t.Fatalf("commander %q, declared by %q; want vacant, by the server", inc.Commander(), inc.DeclaredBy)
	}
	r.do(step{by: bob, cmd: SetStatus{Incident: "INC-1", Status: StatusInvestigating}})
	r.do(step{by: carol, cmd: TakeRole{Incident: "INC-1", Role: "ic"}})
	_, err := r.try(step{by: bob, cmd: SetStatus{Incident: "INC-1", Status: StatusIdentified}})
	checkRefusal(t, err, CodeForbidden, "only the incident commander (carol)")
	if got := r.inc().Timeline[2].Text; got != "took Incident Commander" {
		t.Errorf("entry 3 = %q", got)
	}
}

func TestDeclarerBecomesCommander(t *testing.T) {
	r := newRoom(t, warRules(), opened()...)
	if got := r.inc().Commander(); got != "alice" {
		t.Errorf("commander = %q, want the declarer alice", got)
	}
}

// A role change reads on the timeline as it did when it was made, even
// after the config renames or drops the role; one stored before titles
// were kept reads under the current rules.
func TestRoleEntryKeepsTheTitleOfItsDay(t *testing.T) {
	r := newRoom(t, warRules(), opened(step{by: alice, cmd: AssignRole{Incident: "INC-1", Role: "customer-liaison", User: "erin"}})...)
	for name, rules := range map[string]*Rules{"renamed": warRules(), "dropped": DefaultRules()} {
		if name == "renamed" {
			rules.Roles[len(rules.Roles)-1].Title = "Customer Advocate"
		}
		inc, _ := replay(t, rules, r.events).Incident("INC-1")
		if got, want := inc.Timeline[1].Text, "assigned Customer Liaison to erin"; got != want {
			t.Errorf("role %s in the config: entry = %q, want %q", name, got, want)
		}
	}

	old := mustApply(t, r.s, 1, RoleChanged{Role: RoleScribe, User: "bob"})
	inc, _ := old.Incident("INC-1")
	if got, want := inc.Timeline[len(inc.Timeline)-1].Text, "assigned Scribe to bob"; got != want {
		t.Errorf("an event without a title reads %q, want %q", got, want)
	}
}
