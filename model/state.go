package model

import (
	"slices"
	"strings"
)

// State is the projection of the journal at sequence Seq, plus who is
// connected. A State is immutable once published; Apply and WithPresence
// return new values that share what did not change.
type State struct {
	Seq uint64
	// incidents is indexed by incident number - 1.
	incidents []*Incident
	presence  []Presence
}

// Presence is one connected session: who, and which room they are in
// ("" for the incident list).
type Presence struct {
	Session string
	User    string
	Room    string
}

// Incident returns the incident with the given id ("INC-7", "7").
func (s *State) Incident(id string) (*Incident, bool) {
	n, err := ParseIncidentID(id)
	if err != nil || n > len(s.incidents) {
		return nil, false
	}
	return s.incidents[n-1], true
}

// Incidents returns every incident in list order: open ones first, then by
// severity (SEV1 first), then newest first.
func (s *State) Incidents() []*Incident {
	out := slices.Clone(s.incidents)
	slices.SortStableFunc(out, func(a, b *Incident) int {
		if ao, bo := a.Status.Open(), b.Status.Open(); ao != bo {
			if ao {
				return -1
			}
			return 1
		}
		if a.Severity != b.Severity {
			return int(a.Severity) - int(b.Severity)
		}
		return b.Number - a.Number
	})
	return out
}

// Presence returns every connected session, ordered by user then session.
func (s *State) Presence() []Presence { return s.presence }

// PeopleIn returns the distinct users present in room, sorted.
func (s *State) PeopleIn(room string) []string {
	var out []string
	for _, p := range s.presence {
		if p.Room == room && (len(out) == 0 || out[len(out)-1] != p.User) {
			out = append(out, p.User)
		}
	}
	return out
}

// WithPresence returns a copy of s with session's presence set, or removed
// when user is "".
func (s *State) WithPresence(session, user, room string) *State {
	next := *s
	next.presence = make([]Presence, 0, len(s.presence)+1)
	for _, p := range s.presence {
		if p.Session != session {
			next.presence = append(next.presence, p)
		}
	}
	if user != "" {
		next.presence = append(next.presence, Presence{Session: session, User: user, Room: room})
	}
	slices.SortFunc(next.presence, func(a, b Presence) int {
		if c := strings.Compare(a.User, b.User); c != 0 {
			return c
		}
		return strings.Compare(a.Session, b.Session)
	})
	return &next
}

// WithPresenceOf returns a copy of s carrying o's presence. The store uses
// it to keep presence changes made while an event batch was being committed.
func (s *State) WithPresenceOf(o *State) *State {
	next := *s
	next.presence = o.presence
	return &next
}
