package config

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/model"
)

// maxPolicyNameRunes bounds a policy name, shown on the ladder pane.
const maxPolicyNameRunes = 64

// How long one escalation level may wait for an acknowledgement.
const (
	minLevelTimeout = 30 * time.Second
	maxLevelTimeout = 24 * time.Hour
)

// teams reads team name → members. defined holds every team the file
// names, even one with problems, so that policies paging it do not add
// a second, misleading "unknown team" problem.
func (d *decoder) teams(n *yaml.Node) (teams map[string][]string, defined map[string]bool) {
	teams, defined = map[string][]string{}, map[string]bool{}
	entries, _ := d.entries(n, "teams")
	for _, e := range entries {
		defined[e.key] = true
		if err := checkName("team", e.key); err != nil {
			d.fail(e.node, "teams", "%v", err)
			continue
		}
		path := join("teams", e.key)
		members := d.names(e.value, path, "the team has no members", model.ValidateUserName)
		if len(members) > 0 {
			teams[e.key] = members
		}
	}
	return teams, defined
}

// policies reads the escalation policies. Each is used by incidents of
// its service, or, for the one named "default", by the rest; so names and
// services are unique, and a policy with neither would never be used.
func (d *decoder) policies(n *yaml.Node, teams map[string]bool) []model.Policy {
	items, ok := d.sequence(n, "policies")
	if !ok {
		return nil
	}
	nameAt, serviceAt := map[string]int{}, map[string]int{} // lowercased → line
	var policies []model.Policy
	for i, item := range items {
		path := index("policies", i)
		f := d.fields(item, path, "name", "service", "levels")
		var p model.Policy
		unique := false
		if v, ok := d.need(f, "name", path, "the policy has no name"); ok {
			if p.Name, ok = d.label(v, join(path, "name"), maxPolicyNameRunes); ok {
				unique = d.once(nameAt, v, join(path, "name"), "policy", p.Name)
			}
		}
		if v, ok := f.get("service"); ok {
			if p.Service, ok = d.label(v, join(path, "service"), model.MaxServiceRunes); ok {
				d.once(serviceAt, v, join(path, "service"), "a policy for service", p.Service)
			}
		} else if unique && p.Name != "default" {
			d.fail(f.at, path, "policy %s has no service and is not named default, so no incident would use it", quote(p.Name))
		}
		if v, ok := d.need(f, "levels", path, "the policy has no levels"); ok {
			p.Levels = d.levels(v, join(path, "levels"), teams)
		}
		policies = append(policies, p)
	}
	return policies
}

// once records that value (compared ignoring case) is given at n, and
// reports false when an earlier entry gave it already.
func (d *decoder) once(seen map[string]int, n *yaml.Node, path, what, value string) bool {
	key := strings.ToLower(value)
	if line, dup := seen[key]; dup {
		d.fail(resolve(n), path, "%s %s is already defined at line %d", what, quote(value), line)
		return false
	}
	seen[key] = resolve(n).Line
	return true
}

// levels reads a policy's rungs, lowest first.
func (d *decoder) levels(n *yaml.Node, path string, teams map[string]bool) []model.PolicyLevel {
	items, ok := d.sequence(n, path)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.fail(resolve(n), path, "the policy has no levels; give at least one")
		return nil
	}
	checkTarget := func(t string) error {
		team, isTeam := strings.CutPrefix(t, model.TeamPrefix)
		if !isTeam {
			return model.ValidateUserName(t)
		}
		if !teams[team] {
			return unknownTeam(team, teams)
		}
		return nil
	}
	levels := make([]model.PolicyLevel, 0, len(items))
	for i, item := range items {
		at := index(path, i)
		f := d.fields(item, at, "targets", "timeout")
		var level model.PolicyLevel
		if v, ok := d.need(f, "targets", at, "the level has no targets"); ok {
			level.Targets = d.names(v, join(at, "targets"), "no targets; name at least one user or team:NAME", checkTarget)
		}
		if v, ok := d.need(f, "timeout", at, "the level has no timeout (like timeout: 5m)"); ok {
			level.Timeout = d.duration(v, join(at, "timeout"), minLevelTimeout, maxLevelTimeout)
		}
		levels = append(levels, level)
	}
	return levels
}

func unknownTeam(name string, teams map[string]bool) error {
	if len(teams) == 0 {
		return fmt.Errorf("unknown team %s: the config defines no teams", quote(name))
	}
	names := make([]string, 0, len(teams))
	for t := range teams {
		names = append(names, model.Sanitize(t, false))
	}
	slices.Sort(names)
	return fmt.Errorf("unknown team %s; the teams are %s", quote(name), strings.Join(names, ", "))
}
