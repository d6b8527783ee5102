package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Decide validates cmd for actor against s and returns the event that
// records it, without Seq or ID (the store assigns those). A refusal is a
// coded error whose message tells the actor why. User text is sanitised
// here, on its way into the model.
func Decide(s *State, actor Actor, cmd Command, now time.Time) (*Event, error) {
	if !actor.Level.CanWrite() {
		return nil, Errorf(CodeForbidden, "%s is an observer and cannot change anything", actor.Name)
	}
	if cmd == nil {
		return nil, Errorf(CodeInvalid, "no command")
	}
	d := &decision{state: s, rules: s.Rules(), actor: actor, now: now}
	id, p, err := cmd.decide(d)
	if err != nil {
		return nil, err
	}
	return &Event{Time: now, Actor: actor.Name, Incident: id, Data: p}, nil
}

// incident finds the incident a command names.
func (d *decision) incident(id string) (*Incident, error) {
	inc, ok := d.state.Incident(id)
	if !ok {
		return nil, Errorf(CodeNotFound, "no incident %s", Sanitize(strings.TrimSpace(id), false))
	}
	return inc, nil
}

// openIncident finds an incident that is not resolved.
func (d *decision) openIncident(id, what string) (*Incident, error) {
	inc, err := d.incident(id)
	if err != nil {
		return nil, err
	}
	if !inc.Status.Open() {
		return nil, Errorf(CodeConflict, "%s is resolved; reopen it (/status investigating) to %s", inc.ID, what)
	}
	return inc, nil
}

// commanding allows what only the incident commander may do: the IC, an
// admin, or any responder while the role is vacant.
func (d *decision) commanding(inc *Incident, what string) error {
	ic := inc.Commander()
	if ic == "" || ic == d.actor.Name || d.actor.Level == LevelAdmin {
		return nil
	}
	return Errorf(CodeForbidden, "only the incident commander (%s) or an admin may %s", ic, what)
}

// isSystem allows what only the server's own clocks and deliveries do.
func (d *decision) isSystem(what string) error {
	if d.actor.Name != SystemActor {
		return Errorf(CodeForbidden, "only the server itself records %s", what)
	}
	return nil
}

// role resolves a role name or alias under the server's rules.
func (d *decision) role(name string) (Role, error) {
	if r, ok := d.rules.Role(name); ok {
		return r, nil
	}
	names := make([]string, 0, len(d.rules.Roles))
	for _, r := range d.rules.Roles {
		names = append(names, r.shortName())
	}
	return Role{}, Errorf(CodeInvalid, "no role %q (roles: %s)", Sanitize(strings.TrimSpace(name), false), strings.Join(names, ", "))
}

// user checks a user name a command names to do duty ("hold a role"):
// well formed, and when the server keeps a users file, a user in it who
// may write. An observer could never answer a page or an offer, nor
// report an action done.
func (d *decision) user(raw, duty string) (string, error) {
	name := strings.TrimPrefix(strings.TrimSpace(raw), "@")
	if err := ValidateUserName(name); err != nil {
		return "", err
	}
	if d.rules.Users == nil {
		return name, nil
	}
	switch level, ok := d.rules.Users.LevelOf(name); {
	case !ok:
		return "", Errorf(CodeNotFound, "no user %q on this server", name)
	case !level.CanWrite():
		return "", Errorf(CodeForbidden, "%s is an observer and cannot %s", name, duty)
	}
	return name, nil
}

// MaxUserNameLength is the longest user name, in bytes (names are ASCII).
const MaxUserNameLength = 32

// ValidateUserName reports whether name may be a user name, with a message
// that says what a valid one looks like. The server's own name is taken.
func ValidateUserName(name string) error {
	if name == SystemActor {
		return Errorf(CodeInvalid, "user name %q is taken by the server itself", name)
	}
	if isValidUserName(name) {
		return nil
	}
	hint := ""
	if lower := strings.ToLower(name); lower != name && isValidUserName(lower) {
		hint = " (names are lowercase: try " + lower + ")"
	}
	return Errorf(CodeInvalid,
		"user name %q is not valid: use 1 to %d characters of a-z, 0-9, '.', '_' and '-', starting with a letter or digit%s",
		name, MaxUserNameLength, hint)
}

func isValidUserName(name string) bool {
	if len(name) == 0 || len(name) > MaxUserNameLength || !isLowerAlnum(name[0]) {
		return false
	}
	for i := 1; i < len(name); i++ {
		if c := name[i]; !isLowerAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

func isLowerAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }

// cleanLine sanitises one line of user text (a title) and checks its
// length in runes.
func cleanLine(raw, what string, limit int) (string, error) {
	t := strings.TrimSpace(Sanitize(raw, false))
	switch n := utf8.RuneCountInString(t); {
	case n == 0:
		return "", Errorf(CodeInvalid, "the %s is empty", what)
	case n > limit:
		return "", Errorf(CodeInvalid, "the %s is %d characters; the limit is %d", what, n, limit)
	}
	return t, nil
}

// cleanText sanitises multi-line user text (a note) and checks its size.
func cleanText(raw, what string) (string, error) {
	t := strings.TrimSpace(Sanitize(raw, true))
	switch n := len(t); {
	case n == 0:
		return "", Errorf(CodeInvalid, "the %s is empty", what)
	case n > MaxNoteBytes:
		return "", Errorf(CodeInvalid, "the %s is %d bytes; the limit is %d (4 KiB)", what, n, MaxNoteBytes)
	}
	return t, nil
}
