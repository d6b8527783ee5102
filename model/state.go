package model

import (
	"slices"
	"strings"
	"sync"
)

// State is the projection of the journal at sequence Seq, plus who is
// connected. A State is immutable once published; Apply and WithPresence
// return new values that share what did not change.
type State struct {
	Seq       uint64
	incidents incidentIndex
	// list is the incident list, built on first use. Copies that differ
	// only in presence share it.
	list     *incidentList
	presence *presenceSet // nil when no one is connected
	rules    *Rules
	// prefs holds each user's preferences, copied when one changes.
	prefs map[string]Prefs
	// alertGroups maps the alert group key of each open incident that
	// monitoring opened to its number, copied when one changes. Only open
	// incidents are in it, so copying costs little.
	alertGroups map[string]int
}

// NewState returns the empty state of a server run under rules (nil means
// DefaultRules).
func NewState(rules *Rules) *State {
	if rules == nil {
		rules = DefaultRules()
	}
	return &State{rules: rules}
}

// Rules returns the rules the state's server runs under.
func (s *State) Rules() *Rules {
	if s.rules == nil {
		return DefaultRules()
	}
	return s.rules
}

// Prefs returns user's preferences; the zero value when they set none.
func (s *State) Prefs(user string) Prefs { return s.prefs[user] }

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
	if err != nil || n > s.incidents.len() {
		return nil, false
	}
	return s.incidents.at(n), true
}

// Incidents returns every incident in list order: open ones first, then by
// severity (SEV1 first), then newest first. The slice is shared by every
// caller of this State and must not be modified; it is built at most once
// per State and sorted only when the order changed.
func (s *State) Incidents() []*Incident {
	if s.list == nil {
		return nil // no event was ever applied
	}
	return s.list.build(s.incidents)
}

// presenceSet is who is connected, shared by every State until someone
// comes or goes. Who is in which room is worked out once per set, not once
// per session that shows it: with a thousand sessions connected, every
// update would otherwise cost each of them a pass over all the others.
type presenceSet struct {
	list   []Presence // sorted by user, then session
	once   sync.Once
	byRoom map[string][]string
}

// Presence returns every connected session, ordered by user then session.
func (s *State) Presence() []Presence {
	if s.presence == nil {
		return nil
	}
	return s.presence.list
}

// PeopleIn returns the distinct users present in room, sorted. The slice
// is shared and must not be modified; it is the same slice for as long as
// no one comes or goes.
func (s *State) PeopleIn(room string) []string { return s.PeopleByRoom()[room] }

// PeopleByRoom returns, for every room with someone in it ("" for the
// incident list), the distinct users present, sorted. The map and its
// slices are shared and must not be modified.
func (s *State) PeopleByRoom() map[string][]string {
	set := s.presence
	if set == nil {
		return nil
	}
	set.once.Do(func() {
		set.byRoom = map[string][]string{}
		for _, p := range set.list { // sorted by user, so repeats are adjacent
			if ps := set.byRoom[p.Room]; len(ps) == 0 || ps[len(ps)-1] != p.User {
				set.byRoom[p.Room] = append(ps, p.User)
			}
		}
	})
	return set.byRoom
}

// WithPresence returns a copy of s with session's presence set, or removed
// when user is "".
func (s *State) WithPresence(session, user, room string) *State {
	next := *s
	old := s.Presence()
	list := make([]Presence, 0, len(old)+1)
	for _, p := range old {
		if p.Session != session {
			list = append(list, p)
		}
	}
	if user != "" {
		list = append(list, Presence{Session: session, User: user, Room: room})
	}
	slices.SortFunc(list, func(a, b Presence) int {
		if c := strings.Compare(a.User, b.User); c != 0 {
			return c
		}
		return strings.Compare(a.Session, b.Session)
	})
	next.presence = &presenceSet{list: list}
	return &next
}

// WithPresenceOf returns a copy of s carrying o's presence. The store uses
// it to keep presence changes made while an event batch was being committed.
func (s *State) WithPresenceOf(o *State) *State {
	next := *s
	next.presence = o.presence
	return &next
}
