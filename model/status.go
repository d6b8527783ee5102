package model

import "time"

// SetSeverity changes an incident's severity; the incident commander's call.
type SetSeverity struct {
	Incident string
	Severity Severity
}

// SetStatus moves an incident to another status; the incident commander's
// call. Resolved is a status like the others, and leaving it reopens the
// incident.
type SetStatus struct {
	Incident string
	Status   Status
}

// SeverityChanged records a change of severity.
type SeverityChanged struct {
	From Severity `json:"from"`
	To   Severity `json:"to"`
}

// StatusChanged records a change of status.
type StatusChanged struct {
	From Status `json:"from"`
	To   Status `json:"to"`
}

const (
	KindSeverity Kind = "severity.changed"
	KindStatus   Kind = "status.changed"
)

func (SeverityChanged) Kind() Kind { return KindSeverity }
func (StatusChanged) Kind() Kind   { return KindStatus }

func (c SetSeverity) decide(d *decision) (string, Payload, error) {
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	if !c.Severity.Valid() {
		return "", nil, Errorf(CodeInvalid, "severity must be 1 to 4 (SEV1 is critical)")
	}
	if err := d.commanding(inc, "change the severity"); err != nil {
		return "", nil, err
	}
	if c.Severity == inc.Severity {
		return "", nil, Errorf(CodeConflict, "%s is already %s", inc.ID, inc.Severity)
	}
	return inc.ID, SeverityChanged{From: inc.Severity, To: c.Severity}, nil
}

func (p SeverityChanged) apply(s *State, e *Event) error {
	verb := "raised"
	if p.To > p.From {
		verb = "lowered"
	}
	return s.changef(e, func(inc *Incident) error { inc.Severity = p.To; return nil }, "%s severity %s → %s", verb, p.From, p.To)
}

func (c SetStatus) decide(d *decision) (string, Payload, error) {
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	to, err := ParseStatus(string(c.Status))
	if err != nil {
		return "", nil, err
	}
	what := "change the status"
	if to == StatusResolved {
		what = "resolve the incident"
	}
	if err := d.commanding(inc, what); err != nil {
		return "", nil, err
	}
	switch {
	case to == inc.Status:
		return "", nil, Errorf(CodeConflict, "%s is already %s", inc.ID, to)
	case to == StatusTriage:
		return "", nil, Errorf(CodeInvalid, "triage is where incidents start; choose investigating, identified, monitoring or resolved")
	}
	return inc.ID, StatusChanged{From: inc.Status, To: to}, nil
}

func (p StatusChanged) apply(s *State, e *Event) error {
	text := "status " + string(p.From) + " → " + string(p.To)
	switch {
	case p.To == StatusResolved:
		text = "resolved the incident"
	case p.From == StatusResolved:
		text = "reopened the incident: " + string(p.To)
	}
	return s.change(e, text, func(inc *Incident) error {
		inc.Status, inc.StatusSince = p.To, e.Time
		if inc.AcknowledgedAt.IsZero() {
			inc.AcknowledgedAt = e.Time
		}
		if inc.MitigatedAt.IsZero() && (p.To == StatusMonitoring || p.To == StatusResolved) {
			inc.MitigatedAt = e.Time
		}
		inc.ResolvedAt = time.Time{}
		switch {
		case p.To == StatusResolved:
			inc.ResolvedAt = e.Time
			inc.Handover = nil // nobody takes command of a resolved incident
		case p.From == StatusResolved && inc.Ladder != nil:
			l := *inc.Ladder
			l.Restarted = e.Time
			inc.Ladder = &l
		}
		return nil
	})
}
