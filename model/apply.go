package model

import "fmt"

// Apply folds one committed event into s and returns the new state; s is
// left as it was. An event that does not fit the state (a gap in sequence
// numbers, an unknown incident) is a CodeCorrupt error, because only a
// damaged or foreign journal can produce one.
//
// Timelines grow in place, past the end any earlier State can see, so that
// a note costs no copy of its incident's history. The price: of two States
// applied to the same s, only one may be kept. The store's single writer
// keeps to that: a branch decided for a commit that failed is dropped before
// it applies again from the published State.
func Apply(s *State, e *Event) (*State, error) {
	if e.Seq != s.Seq+1 {
		return nil, Errorf(CodeCorrupt, "event %d follows event %d: the journal has a gap", e.Seq, s.Seq)
	}
	next := *s
	next.Seq = e.Seq
	switch p := e.Data.(type) {
	case Declared:
		if p.Number != s.incidents.len()+1 || IncidentID(p.Number) != e.Incident {
			return nil, Errorf(CodeCorrupt, "event %d declares %s out of order", e.Seq, e.Incident)
		}
		inc := &Incident{
			ID: e.Incident, Number: p.Number, Title: p.Title, Severity: p.Severity,
			Status: StatusTriage, DeclaredBy: e.Actor,
			DeclaredAt: e.Time, StatusSince: e.Time, UpdatedAt: e.Time,
		}
		inc.Timeline = []Entry{entryFor(e, fmt.Sprintf("declared %s: %s", p.Severity, p.Title))}
		next.incidents = s.incidents.appended(inc)
		next.list = s.list.next(true)
		return &next, nil
	case NotePosted:
		return next.withIncident(e, func(inc *Incident) {
			inc.Timeline = append(inc.Timeline, entryFor(e, p.Text))
		})
	}
	return nil, Errorf(CodeCorrupt, "event %d has kind %s, which this build cannot apply", e.Seq, e.Kind())
}

// withIncident replaces e's incident in s (already a copy) with an updated
// copy. The index copies only the chunk it changes, so that earlier states
// keep theirs; the timeline is appended in place, which earlier states
// cannot observe because their slices end before the new entry. The list
// order is kept unless the change moved the incident in it.
func (s *State) withIncident(e *Event, change func(*Incident)) (*State, error) {
	n, err := ParseIncidentID(e.Incident)
	if err != nil || n > s.incidents.len() {
		return nil, Errorf(CodeCorrupt, "event %d refers to unknown incident %s", e.Seq, e.Incident)
	}
	old := s.incidents.at(n)
	inc := *old
	change(&inc)
	inc.UpdatedAt = e.Time
	s.incidents = s.incidents.replaced(&inc)
	s.list = s.list.next(listKeyOf(&inc) != listKeyOf(old))
	return s, nil
}

func entryFor(e *Event, text string) Entry {
	return Entry{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Kind: e.Kind(), Text: text}
}
