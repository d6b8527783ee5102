package model

// PostNote adds a person's note to an incident's timeline.
type PostNote struct {
	Incident string
	Text     string
}

// NotePosted is a note typed by a person.
type NotePosted struct {
	Text string `json:"text"`
}

const KindNote Kind = "note.posted"

func (NotePosted) Kind() Kind { return KindNote }

func (c PostNote) decide(d *decision) (string, Payload, error) {
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	text, err := cleanText(c.Text, "note")
	if err != nil {
		return "", nil, err
	}
	return inc.ID, NotePosted{Text: text}, nil
}

func (p NotePosted) apply(s *State, e *Event) error {
	return s.change(e, p.Text, func(inc *Incident) error { inc.LastNoteAt = e.Time; return nil })
}
