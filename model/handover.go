package model

import (
	"fmt"
	"time"
)

// OfferHandover offers the incident commander role to a user, who takes
// it only by accepting. A new offer withdraws a pending one, and says so.
type OfferHandover struct {
	Incident string
	To       string
}

// AnswerHandover accepts or declines the offer made to the actor.
type AnswerHandover struct {
	Incident string
	Accept   bool
}

// LapseHandover ends an offer nobody answered in time. The server's clock
// sends it; Offer is the seq of the offer it expects to end, so a lapse
// that races an answer or a newer offer is refused instead of ending the
// wrong one.
type LapseHandover struct {
	Incident string
	Offer    uint64
}

// Handover is a pending offer of the incident commander role.
type Handover struct {
	Seq     uint64 // the event that made the offer
	From    string // the commander handing over (an admin may have made the offer)
	To      string
	Expires time.Time
}

// HandoverOffered records an offer; Expires is fixed when it is made.
// Replaces names the addressee of a pending offer to someone else that
// this one withdraws.
type HandoverOffered struct {
	To       string    `json:"to"`
	Expires  time.Time `json:"expires"`
	Replaces string    `json:"replaces,omitempty"`
}

// HandoverEnded records how an offer ended.
type HandoverEnded struct {
	Outcome HandoverOutcome `json:"outcome"`
	From    string          `json:"from"` // the commander who handed over
	To      string          `json:"to"`
}

// HandoverOutcome is how an offer ended.
type HandoverOutcome string

const (
	HandoverAccepted HandoverOutcome = "accepted"
	HandoverDeclined HandoverOutcome = "declined"
	HandoverLapsed   HandoverOutcome = "lapsed"
)

const (
	KindHandoverOffered Kind = "handover.offered"
	KindHandoverEnded   Kind = "handover.ended"
)

func (HandoverOffered) Kind() Kind { return KindHandoverOffered }
func (HandoverEnded) Kind() Kind   { return KindHandoverEnded }

func (c OfferHandover) decide(d *decision) (string, Payload, error) {
	inc, err := d.openIncident(c.Incident, "hand over")
	if err != nil {
		return "", nil, err
	}
	to, err := d.user(c.To, "be incident commander")
	if err != nil {
		return "", nil, err
	}
	ic := inc.Commander()
	switch {
	case ic == "":
		return "", nil, Errorf(CodeConflict, "incident commander is vacant: %s can /take ic", to)
	case ic != d.actor.Name && d.actor.Level != LevelAdmin:
		return "", nil, Errorf(CodeForbidden, "only the incident commander (%s) or an admin may hand over", ic)
	case ic == to:
		return "", nil, Errorf(CodeConflict, "%s is already incident commander", to)
	case inc.Handover != nil && inc.Handover.To == to && d.now.Before(inc.Handover.Expires):
		return "", nil, Errorf(CodeConflict, "%s already has an offer, open until %s UTC", to, inc.Handover.Expires.Format("15:04:05"))
	}
	p := HandoverOffered{To: to, Expires: d.now.Add(d.rules.HandoverTimeout)}
	if h := inc.Handover; h != nil && h.To != to {
		p.Replaces = h.To
	}
	return inc.ID, p, nil
}

func (c AnswerHandover) decide(d *decision) (string, Payload, error) {
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	h := inc.Handover
	if h == nil || h.To != d.actor.Name {
		return "", nil, Errorf(CodeNotFound, "no handover is offered to you on %s", inc.ID)
	}
	if !d.now.Before(h.Expires) {
		return "", nil, Errorf(CodeConflict, "the offer lapsed at %s UTC; ask %s to offer again", h.Expires.Format("15:04:05"), h.From)
	}
	outcome := HandoverDeclined
	if c.Accept {
		outcome = HandoverAccepted
	}
	return inc.ID, HandoverEnded{Outcome: outcome, From: h.From, To: h.To}, nil
}

func (c LapseHandover) decide(d *decision) (string, Payload, error) {
	if err := d.isSystem("a lapsed handover"); err != nil {
		return "", nil, err
	}
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	h := inc.Handover
	switch {
	case h == nil || h.Seq != c.Offer:
		return "", nil, Errorf(CodeConflict, "the offer was already answered or replaced")
	case d.now.Before(h.Expires):
		// Not a refusal for good: the server's clock fired early by the
		// store's, and tries again.
		return "", nil, Errorf(CodeNotYet, "the offer stands until %s", h.Expires.Format(time.RFC3339))
	}
	return inc.ID, HandoverEnded{Outcome: HandoverLapsed, From: h.From, To: h.To}, nil
}

func (p HandoverOffered) apply(s *State, e *Event) error {
	text := fmt.Sprintf("offered incident commander to %s (until %s UTC", p.To, p.Expires.Format("15:04:05"))
	if p.Replaces != "" {
		text += "; withdrawing the offer to " + p.Replaces
	}
	return s.change(e, text+")", func(inc *Incident) error {
		// From is the commander who hands over, even when an admin made
		// the offer: the answer's entry names whom the role came from.
		inc.Handover = &Handover{Seq: e.Seq, From: inc.Commander(), To: p.To, Expires: p.Expires}
		return nil
	})
}

func (p HandoverEnded) apply(s *State, e *Event) error {
	var text string
	switch p.Outcome {
	case HandoverAccepted:
		text = "accepted incident commander from " + p.From
	case HandoverDeclined:
		text = "declined incident commander from " + p.From
	default:
		text = fmt.Sprintf("the offer of incident commander to %s lapsed unanswered", p.To)
	}
	return s.change(e, text, func(inc *Incident) error {
		if p.Outcome == HandoverAccepted {
			inc.Roles = copyMap(inc.Roles, RoleCommander, p.To, false)
		}
		inc.Handover = nil
		return nil
	})
}
