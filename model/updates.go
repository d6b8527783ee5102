package model

import (
	"slices"
	"time"
)

// PostUpdate records a stakeholder update: what the outside world is told.
// The communications lead or the incident commander (or an admin) posts
// them; the status page publishes them.
type PostUpdate struct {
	Incident string
	Text     string
}

// UpdatePosted is a stakeholder update, with the status and severity the
// incident had when it was written, as the status page shows it.
type UpdatePosted struct {
	Text     string   `json:"text"`
	Status   Status   `json:"status"`
	Severity Severity `json:"severity"`
}

// StakeholderUpdate is a posted update as the incident keeps it: what the
// outside world was told, by whom and when, under the status and severity
// the incident had then.
type StakeholderUpdate struct {
	Seq      uint64 // the event that posted it
	Time     time.Time
	By       string
	Text     string
	Status   Status
	Severity Severity
}

const KindUpdate Kind = "update.posted"

func (UpdatePosted) Kind() Kind { return KindUpdate }

func (c PostUpdate) decide(d *decision) (string, Payload, error) {
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	if comms := inc.Roles[RoleComms]; comms != d.actor.Name && d.commanding(inc, "post stakeholder updates") != nil {
		lead := ""
		if comms != "" {
			lead = ", the communications lead (" + comms + ")"
		}
		return "", nil, Errorf(CodeForbidden, "only the incident commander (%s)%s or an admin may post stakeholder updates", inc.Commander(), lead)
	}
	text, err := cleanText(c.Text, "update")
	if err != nil {
		return "", nil, err
	}
	return inc.ID, UpdatePosted{Text: text, Status: inc.Status, Severity: inc.Severity}, nil
}

func (p UpdatePosted) apply(s *State, e *Event) error {
	return s.change(e, p.Text, func(inc *Incident) error {
		inc.LastUpdateAt = e.Time
		inc.Updates = append(slices.Clip(inc.Updates), StakeholderUpdate{
			Seq: e.Seq, Time: e.Time, By: e.Actor, Text: p.Text, Status: p.Status, Severity: p.Severity,
		})
		return nil
	})
}
