package model

import (
	"fmt"
	"slices"
	"strings"
)

// RecordDelivery records the outcome of sending a page or a stakeholder
// update to a webhook, once per event and target. Only the server itself
// sends it.
type RecordDelivery struct {
	Incident string
	Event    uint64 // the page or update delivered
	Target   string // the webhook, as its config names it
	OK       bool
	Attempts int
	Detail   string // why it failed, or the HTTP status
}

// Delivered records one delivery's outcome.
type Delivered struct {
	Event    uint64 `json:"event"`
	Entry    int    `json:"entry"` // Event's number on the timeline
	Target   string `json:"target"`
	OK       bool   `json:"ok"`
	Attempts int    `json:"attempts"`
	Detail   string `json:"detail,omitempty"`
}

// Delivery is a Delivered as the incident keeps it.
type Delivery = Delivered

const KindDelivered Kind = "webhook.delivered"

func (Delivered) Kind() Kind { return KindDelivered }

func (c RecordDelivery) decide(d *decision) (string, Payload, error) {
	if err := d.isSystem("webhook deliveries"); err != nil {
		return "", nil, err
	}
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	n := inc.EntryNumber(c.Event)
	if n == 0 {
		return "", nil, Errorf(CodeNotFound, "%s has no event %d", inc.ID, c.Event)
	}
	target := strings.TrimSpace(Sanitize(c.Target, false))
	if inc.Delivered(c.Event, target) {
		return "", nil, Errorf(CodeConflict, "%s entry %d already has a delivery to %s recorded", inc.ID, n, target)
	}
	return inc.ID, Delivered{
		Event: c.Event, Entry: n, Target: target, OK: c.OK, Attempts: c.Attempts,
		Detail: strings.TrimSpace(Sanitize(c.Detail, false)),
	}, nil
}

// Delivered reports whether event seq already has a delivery outcome
// recorded for target, so that a restart neither loses nor repeats it.
func (inc *Incident) Delivered(seq uint64, target string) bool {
	for _, d := range inc.Deliveries {
		if d.Event == seq && d.Target == target {
			return true
		}
	}
	return false
}

func (p Delivered) apply(s *State, e *Event) error {
	text := fmt.Sprintf("webhook %s: delivered entry %d", p.Target, p.Entry)
	if !p.OK {
		text = fmt.Sprintf("webhook %s: could not deliver entry %d", p.Target, p.Entry)
	}
	if p.Attempts > 1 {
		text += fmt.Sprintf(" after %d attempts", p.Attempts)
	}
	if p.Detail != "" {
		text += " (" + p.Detail + ")"
	}
	return s.change(e, text, func(inc *Incident) error {
		inc.Deliveries = append(slices.Clip(inc.Deliveries), p)
		return nil
	})
}
