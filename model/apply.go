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
	if e.Data == nil {
		return nil, Errorf(CodeCorrupt, "event %d has no payload", e.Seq)
	}
	next := *s
	next.Seq = e.Seq
	if err := e.Data.apply(&next, e); err != nil {
		return nil, err
	}
	return &next, nil
}

// change replaces e's incident in s (already a copy) with a copy that
// change updated and that gained a timeline entry reading text. An error
// from change means the event does not fit the incident: a corrupt journal. The index
// copies only the chunk it changes, so that earlier states keep theirs; the
// timeline is appended in place, which earlier states cannot observe
// because their slices end before the new entry. The list order is kept
// unless the change moved the incident in it; an incident monitoring
// opened leaves or rejoins the index of alert groups as it resolves or
// reopens.
func (s *State) change(e *Event, text string, change func(*Incident) error) error {
	n, err := ParseIncidentID(e.Incident)
	if err != nil || n > s.incidents.len() {
		return Errorf(CodeCorrupt, "event %d refers to unknown incident %s", e.Seq, e.Incident)
	}
	old := s.incidents.at(n)
	inc := *old
	if err := change(&inc); err != nil {
		return err
	}
	inc.UpdatedAt = e.Time
	inc.Timeline = append(inc.Timeline, Entry{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Kind: e.Kind(), Text: text})
	s.incidents = s.incidents.replaced(&inc)
	s.list = s.list.next(listKeyOf(&inc) != listKeyOf(old))
	if inc.AlertGroup != "" && inc.Status.Open() != old.Status.Open() {
		s.trackAlertGroup(&inc)
	}
	return nil
}

// changef is change with the entry's text formatted.
func (s *State) changef(e *Event, change func(*Incident) error, format string, args ...any) error {
	return s.change(e, fmt.Sprintf(format, args...), change)
}

// copyMap returns a copy of m with k set to v, or deleted when del.
func copyMap[K comparable, V any](m map[K]V, k K, v V, del bool) map[K]V {
	c := make(map[K]V, len(m)+1)
	for mk, mv := range m {
		c[mk] = mv
	}
	if del {
		delete(c, k)
	} else {
		c[k] = v
	}
	return c
}
