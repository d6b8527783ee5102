package model

import (
	"cmp"
	"slices"
)

// FollowUp is an open follow-up action item and the incident it came from.
type FollowUp struct {
	Incident *Incident
	Action
}

// OpenFollowUps returns every follow-up action not yet done, of every
// incident, owned by owner unless it is "": soonest due day first, those
// without one last, then by incident and number, so that every caller
// lists them in the same order.
func (s *State) OpenFollowUps(owner string) []FollowUp {
	var list []FollowUp
	for _, inc := range s.Incidents() {
		for _, a := range inc.Actions {
			if a.Kind == ActionFollowUp && a.State != ActionDone && (owner == "" || a.Owner == owner) {
				list = append(list, FollowUp{Incident: inc, Action: a})
			}
		}
	}
	slices.SortFunc(list, func(x, y FollowUp) int {
		return cmp.Or(compareDue(x.Due, y.Due), cmp.Compare(x.Incident.Number, y.Incident.Number), cmp.Compare(x.N, y.N))
	})
	return list
}

// compareDue orders due days soonest first, and no due day last.
func compareDue(a, b Day) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Time().Compare(b.Time())
}
