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
	e := &Event{Time: now, Actor: actor.Name}
	switch c := cmd.(type) {
	case Declare:
		title, err := cleanTitle(c.Title)
		if err != nil {
			return nil, err
		}
		sev := c.Severity
		if sev == 0 {
			sev = DefaultSeverity
		}
		if !sev.Valid() {
			return nil, Errorf(CodeInvalid, "severity must be 1 to 4 (SEV1 is critical)")
		}
		n := s.incidents.len() + 1
		e.Incident = IncidentID(n)
		e.Data = Declared{Number: n, Title: title, Severity: sev}
	case PostNote:
		inc, err := s.lookup(c.Incident)
		if err != nil {
			return nil, err
		}
		text, err := cleanNote(c.Text)
		if err != nil {
			return nil, err
		}
		e.Incident = inc.ID
		e.Data = NotePosted{Text: text}
	default:
		return nil, Errorf(CodeInvalid, "unknown command %T", cmd)
	}
	return e, nil
}

func (s *State) lookup(id string) (*Incident, error) {
	inc, ok := s.Incident(id)
	if !ok {
		return nil, Errorf(CodeNotFound, "no incident %s", Sanitize(strings.TrimSpace(id), false))
	}
	return inc, nil
}

func cleanTitle(raw string) (string, error) {
	t := strings.TrimSpace(Sanitize(raw, false))
	switch n := utf8.RuneCountInString(t); {
	case n == 0:
		return "", Errorf(CodeInvalid, "the title is empty")
	case n > MaxTitleRunes:
		return "", Errorf(CodeInvalid, "the title is %d characters; the limit is %d", n, MaxTitleRunes)
	}
	return t, nil
}

func cleanNote(raw string) (string, error) {
	t := strings.TrimSpace(Sanitize(raw, true))
	switch n := len(t); {
	case n == 0:
		return "", Errorf(CodeInvalid, "the note is empty")
	case n > MaxNoteBytes:
		return "", Errorf(CodeInvalid, "the note is %d bytes; the limit is %d (4 KiB)", n, MaxNoteBytes)
	}
	return t, nil
}
