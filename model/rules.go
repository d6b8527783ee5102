package model

import (
	"slices"
	"strings"
	"time"
)

// Rules is how this server runs incidents: the roles people can hold, the
// teams and escalation policies that say who is paged, how often
// stakeholders must hear from the room, how long a handover offer stands,
// and how much of piped evidence is kept. It comes from the config file
// at start and does not change while the server runs; whatever an incident
// needs from it later (its ladder, a handover's expiry) is copied into the
// incident's events, so that a changed config never rewrites a running
// incident.
type Rules struct {
	// Roles in display order; the built-in four are always among them.
	Roles []Role
	// Teams maps a team name to its members, in order.
	Teams map[string][]string
	// Policies are the escalation policies; see PolicyFor.
	Policies []Policy
	// Cadence is how long after the last stakeholder update the next one
	// is due, per severity; zero means no cadence.
	Cadence map[Severity]time.Duration
	// HandoverTimeout is how long a handover offer stands unanswered.
	HandoverTimeout time.Duration
	// EvidenceBytes is how much of an attachment's content is kept; see
	// EvidenceLimit.
	EvidenceBytes int64
	// Users, when set, is who roles, handovers and actions may name: its
	// users who may write. Without it any well-formed name is accepted
	// (open mode).
	Users Directory
}

// Directory answers who the server's users are and what each may do. The
// server's users file is one.
type Directory interface {
	// LevelOf returns the access level of the user called name; ok is
	// false when there is no such user.
	LevelOf(name string) (level Level, ok bool)
	// Names lists the users, for completion.
	Names() []string
}

// Role is an incident role: one holder per incident at a time.
type Role struct {
	Name    string   // canonical, as stored: "incident-commander"
	Title   string   // as shown: "Incident Commander"
	Aliases []string // short names accepted in commands: "ic"
}

// Policy is an escalation policy: the ladder an incident of its service
// climbs until someone acknowledges.
type Policy struct {
	Name    string
	Service string // "" for none; the policy named "default" covers the rest
	Levels  []PolicyLevel
}

// PolicyLevel is one rung: who is paged, and how long they have to
// acknowledge before the next rung is paged.
type PolicyLevel struct {
	Targets []string // user names, or "team:NAME"
	Timeout time.Duration
}

// The built-in roles.
const (
	RoleCommander = "incident-commander"
	RoleTechLead  = "tech-lead"
	RoleComms     = "comms-lead"
	RoleScribe    = "scribe"
)

// TeamPrefix marks a policy target that names a team.
const TeamPrefix = "team:"

// BuiltinRoles returns the four roles every server has, in display order.
func BuiltinRoles() []Role {
	return []Role{
		{Name: RoleCommander, Title: "Incident Commander", Aliases: []string{"ic", "commander"}},
		{Name: RoleTechLead, Title: "Tech Lead", Aliases: []string{"tech", "tl"}},
		{Name: RoleComms, Title: "Communications Lead", Aliases: []string{"comms", "cl"}},
		{Name: RoleScribe, Title: "Scribe", Aliases: []string{"scribe"}},
	}
}

// DefaultCadence is the stakeholder update cadence when the config names
// none: SEV1 every 30 minutes, SEV2 every hour, SEV3 every 4 hours, SEV4
// none.
func DefaultCadence() map[Severity]time.Duration {
	return map[Severity]time.Duration{Sev1: 30 * time.Minute, Sev2: time.Hour, Sev3: 4 * time.Hour}
}

// DefaultHandoverTimeout is how long a handover offer stands by default.
const DefaultHandoverTimeout = 5 * time.Minute

// DefaultRules are the rules of a server without a config file: the
// built-in roles, default cadences, no teams and no escalation policies.
func DefaultRules() *Rules {
	return &Rules{Roles: BuiltinRoles(), Cadence: DefaultCadence(), HandoverTimeout: DefaultHandoverTimeout}
}

// Role finds a role by name, alias or title, ignoring case.
func (r *Rules) Role(name string) (Role, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	for _, role := range r.Roles {
		if n == role.Name || n == strings.ToLower(role.Title) || slices.Contains(role.Aliases, n) {
			return role, true
		}
	}
	return Role{}, false
}

// shortName is what to type for the role: its first alias, or its name
// when the config gave it none.
func (r Role) shortName() string {
	if len(r.Aliases) > 0 {
		return r.Aliases[0]
	}
	return r.Name
}

// RoleTitle is how the role with this canonical name is shown.
func (r *Rules) RoleTitle(name string) string {
	if role, ok := r.Role(name); ok {
		return role.Title
	}
	return name
}

// PolicyFor returns the policy for service: the one naming it, else the
// one named "default". ok is false when neither exists.
func (r *Rules) PolicyFor(service string) (Policy, bool) {
	if service != "" {
		for _, p := range r.Policies {
			if strings.EqualFold(p.Service, service) {
				return p, true
			}
		}
	}
	for _, p := range r.Policies {
		if p.Name == "default" {
			return p, true
		}
	}
	return Policy{}, false
}

// Expand returns the users a level's targets name, teams replaced by their
// members, each once, in order.
func (r *Rules) Expand(targets []string) []string {
	var users []string
	for _, t := range targets {
		members := []string{t}
		if team, ok := strings.CutPrefix(t, TeamPrefix); ok {
			members = r.Teams[team]
		}
		for _, u := range members {
			if !slices.Contains(users, u) {
				users = append(users, u)
			}
		}
	}
	return users
}

// CadenceFor is how often stakeholders of an incident of severity sev must
// hear from the room; zero means no cadence.
func (r *Rules) CadenceFor(sev Severity) time.Duration { return r.Cadence[sev] }

// EvidenceLimit is how many bytes of an attachment's content are kept:
// EvidenceBytes, DefaultEvidenceBytes when it is not set, and never more
// than MaxEvidenceBytes whatever built the rules.
func (r *Rules) EvidenceLimit() int64 {
	if r.EvidenceBytes <= 0 {
		return DefaultEvidenceBytes
	}
	return min(r.EvidenceBytes, MaxEvidenceBytes)
}

// UserNames lists the people commands may name, for completion: the
// users who may write, observers left out. It is nil when any name is
// accepted.
func (r *Rules) UserNames() []string {
	if r.Users == nil {
		return nil
	}
	var names []string
	for _, name := range r.Users.Names() {
		if level, ok := r.Users.LevelOf(name); ok && level.CanWrite() {
			names = append(names, name)
		}
	}
	return names
}
