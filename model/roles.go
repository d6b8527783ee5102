package model

import "fmt"

// AssignRole gives a role to a user; the incident commander's call. The IC
// role itself changes hands only by handover (the new IC must accept) or,
// while it is vacant, by assignment or /take.
type AssignRole struct {
	Incident string
	Role     string // name or alias
	User     string
}

// UnassignRole leaves a role vacant; the incident commander's call.
type UnassignRole struct {
	Incident string
	Role     string
}

// TakeRole gives a vacant role to the actor; anyone who may write.
type TakeRole struct {
	Incident string
	Role     string
}

// RoleChanged records a role's new holder ("" when it became vacant).
// Title is the role's title when it changed hands, so that the timeline
// reads the same under a later config; events stored before it was kept
// have none.
type RoleChanged struct {
	Role  string `json:"role"`
	Title string `json:"title,omitempty"`
	User  string `json:"user,omitempty"`
	Prev  string `json:"prev,omitempty"`
}

const KindRole Kind = "role.changed"

func (RoleChanged) Kind() Kind { return KindRole }

func (c AssignRole) decide(d *decision) (string, Payload, error) {
	inc, role, err := d.incidentRole(c.Incident, c.Role)
	if err != nil {
		return "", nil, err
	}
	user, err := d.user(c.User, "hold a role")
	if err != nil {
		return "", nil, err
	}
	if err := d.commanding(inc, "assign roles"); err != nil {
		return "", nil, err
	}
	holder := inc.Roles[role.Name]
	switch {
	case holder == user:
		return "", nil, Errorf(CodeConflict, "%s is already %s", user, role.Title)
	case role.Name == RoleCommander && holder != "":
		return "", nil, Errorf(CodeConflict, "%s is incident commander; hand over with /handover %s (they must accept)", holder, user)
	}
	return inc.ID, RoleChanged{Role: role.Name, Title: role.Title, User: user, Prev: holder}, nil
}

func (c UnassignRole) decide(d *decision) (string, Payload, error) {
	inc, role, err := d.incidentRole(c.Incident, c.Role)
	if err != nil {
		return "", nil, err
	}
	if err := d.commanding(inc, "unassign roles"); err != nil {
		return "", nil, err
	}
	holder := inc.Roles[role.Name]
	if holder == "" {
		return "", nil, Errorf(CodeConflict, "%s is already vacant", role.Title)
	}
	return inc.ID, RoleChanged{Role: role.Name, Title: role.Title, Prev: holder}, nil
}

func (c TakeRole) decide(d *decision) (string, Payload, error) {
	inc, role, err := d.incidentRole(c.Incident, c.Role)
	if err != nil {
		return "", nil, err
	}
	if err := ValidateUserName(d.actor.Name); err != nil {
		return "", nil, Errorf(CodeForbidden, "%s cannot hold a role", d.actor.Name)
	}
	switch holder := inc.Roles[role.Name]; {
	case holder == d.actor.Name:
		return "", nil, Errorf(CodeConflict, "you are already %s", role.Title)
	case holder != "":
		return "", nil, Errorf(CodeConflict, "%s is held by %s; only a vacant role can be taken", role.Title, holder)
	}
	return inc.ID, RoleChanged{Role: role.Name, Title: role.Title, User: d.actor.Name}, nil
}

func (d *decision) incidentRole(id, name string) (*Incident, Role, error) {
	inc, err := d.incident(id)
	if err != nil {
		return nil, Role{}, err
	}
	role, err := d.role(name)
	return inc, role, err
}

func (p RoleChanged) apply(s *State, e *Event) error {
	title := p.Title
	if title == "" {
		title = s.Rules().RoleTitle(p.Role)
	}
	var text string
	switch {
	case p.User == "":
		text = fmt.Sprintf("%s is vacant (was %s)", title, p.Prev)
	case p.User == e.Actor:
		text = fmt.Sprintf("took %s", title)
	case p.Prev != "":
		text = fmt.Sprintf("assigned %s to %s (was %s)", title, p.User, p.Prev)
	default:
		text = fmt.Sprintf("assigned %s to %s", title, p.User)
	}
	return s.change(e, text, func(inc *Incident) error {
		inc.Roles = copyMap(inc.Roles, p.Role, p.User, p.User == "")
		if p.Role == RoleCommander {
			inc.Handover = nil // an offer made by the previous IC no longer stands
		}
		return nil
	})
}
