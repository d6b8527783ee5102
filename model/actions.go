package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ActionKind says when an action item is for: mitigation during the
// incident, or follow-up after it.
type ActionKind string

const (
	ActionMitigation ActionKind = "mitigation"
	ActionFollowUp   ActionKind = "follow-up"
)

// ParseActionKind accepts "mitigation" and "follow-up" (or "followup").
func ParseActionKind(s string) (ActionKind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "mitigation", "mitigate":
		return ActionMitigation, nil
	case "follow-up", "followup", "follow":
		return ActionFollowUp, nil
	}
	return "", Errorf(CodeInvalid, "no action kind %q (mitigation or follow-up)", Sanitize(s, false))
}

// ActionState is where an action item stands.
type ActionState string

const (
	ActionOpen  ActionState = "open"
	ActionDoing ActionState = "doing"
	ActionDone  ActionState = "done"
)

// Action is an action item: something someone must do, by a day.
type Action struct {
	N         int // numbered per incident from 1
	Title     string
	Owner     string // "" when nobody owns it yet
	Due       Day    // zero when no due day was set
	Kind      ActionKind
	State     ActionState
	CreatedBy string
	CreatedAt time.Time
	DoneAt    time.Time
}

// Overdue reports whether the item is not done and its due day is past
// on the day of now (UTC).
func (a Action) Overdue(now time.Time) bool {
	return a.State != ActionDone && !a.Due.IsZero() && a.Due.Before(DayOf(now))
}

// AddAction adds an action item. A zero Kind means mitigation while the
// incident is open and follow-up once it is resolved.
type AddAction struct {
	Incident string
	Title    string
	Owner    string // optional
	Due      Day    // optional
	Kind     ActionKind
}

// SetActionState marks an action item open, doing or done.
type SetActionState struct {
	Incident string
	N        int
	State    ActionState
}

// AssignAction gives an action item an owner.
type AssignAction struct {
	Incident string
	N        int
	Owner    string
}

// SetActionDue sets or clears (zero Due) an action item's due day.
type SetActionDue struct {
	Incident string
	N        int
	Due      Day
}

// ActionAdded records a new action item.
type ActionAdded struct {
	N     int        `json:"n"`
	Title string     `json:"title"`
	Owner string     `json:"owner,omitempty"`
	Due   Day        `json:"due,omitzero"`
	Type  ActionKind `json:"kind"`
}

// ActionChanged records one change to an action item: its state, owner or
// due day, whichever Field names.
type ActionChanged struct {
	N     int         `json:"n"`
	Field string      `json:"field"` // "state", "owner" or "due"
	State ActionState `json:"state,omitempty"`
	Owner string      `json:"owner,omitempty"`
	Due   Day         `json:"due,omitzero"`
}

const (
	KindActionAdded   Kind = "action.added"
	KindActionChanged Kind = "action.changed"
)

func (ActionAdded) Kind() Kind   { return KindActionAdded }
func (ActionChanged) Kind() Kind { return KindActionChanged }

func (c AddAction) decide(d *decision) (string, Payload, error) {
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	title, err := cleanLine(c.Title, "action", MaxTitleRunes)
	if err != nil {
		return "", nil, err
	}
	p := ActionAdded{N: len(inc.Actions) + 1, Title: title, Type: ActionMitigation, Due: c.Due}
	switch {
	case c.Kind != "":
		// Stored by its canonical name, whichever spelling was typed, so
		// that the follow-ups screen finds it.
		if p.Type, err = ParseActionKind(string(c.Kind)); err != nil {
			return "", nil, err
		}
	case !inc.Status.Open():
		p.Type = ActionFollowUp
	}
	if c.Owner != "" {
		if p.Owner, err = d.user(c.Owner, "own an action"); err != nil {
			return "", nil, err
		}
	}
	if err := d.dueDay(c.Due); err != nil {
		return "", nil, err
	}
	return inc.ID, p, nil
}

func (d *decision) dueDay(due Day) error {
	if !due.IsZero() && due.Before(DayOf(d.now)) {
		return Errorf(CodeInvalid, "the due day %s is in the past", due)
	}
	return nil
}

// action finds action item n of an incident.
func (d *decision) action(id string, n int) (*Incident, Action, error) {
	inc, err := d.incident(id)
	if err != nil {
		return nil, Action{}, err
	}
	if n < 1 || n > len(inc.Actions) {
		return nil, Action{}, Errorf(CodeNotFound, "%s has no action %d (it has %d)", inc.ID, n, len(inc.Actions))
	}
	return inc, inc.Actions[n-1], nil
}

func (c SetActionState) decide(d *decision) (string, Payload, error) {
	inc, a, err := d.action(c.Incident, c.N)
	if err != nil {
		return "", nil, err
	}
	if !slices.Contains([]ActionState{ActionOpen, ActionDoing, ActionDone}, c.State) {
		return "", nil, Errorf(CodeInvalid, "no action state %q (open, doing or done)", Sanitize(string(c.State), false))
	}
	if a.State == c.State {
		return "", nil, Errorf(CodeConflict, "action %d is already %s", a.N, a.State)
	}
	return inc.ID, ActionChanged{N: a.N, Field: "state", State: c.State}, nil
}

func (c AssignAction) decide(d *decision) (string, Payload, error) {
	inc, a, err := d.action(c.Incident, c.N)
	if err != nil {
		return "", nil, err
	}
	owner, err := d.user(c.Owner, "own an action")
	if err != nil {
		return "", nil, err
	}
	if a.Owner == owner {
		return "", nil, Errorf(CodeConflict, "action %d is already %s's", a.N, owner)
	}
	return inc.ID, ActionChanged{N: a.N, Field: "owner", Owner: owner}, nil
}

func (c SetActionDue) decide(d *decision) (string, Payload, error) {
	inc, a, err := d.action(c.Incident, c.N)
	if err != nil {
		return "", nil, err
	}
	if err := d.dueDay(c.Due); err != nil {
		return "", nil, err
	}
	switch {
	case a.Due == c.Due && c.Due.IsZero():
		return "", nil, Errorf(CodeConflict, "action %d has no due day to clear", a.N)
	case a.Due == c.Due:
		return "", nil, Errorf(CodeConflict, "action %d is already due %s", a.N, c.Due)
	}
	return inc.ID, ActionChanged{N: a.N, Field: "due", Due: c.Due}, nil
}

func (p ActionAdded) apply(s *State, e *Event) error {
	text := fmt.Sprintf("added %s action %d: %s", p.Type, p.N, p.Title)
	if p.Owner != "" {
		text += " (owner " + p.Owner + ")"
	}
	if !p.Due.IsZero() {
		text += " due " + p.Due.String()
	}
	return s.change(e, text, func(inc *Incident) error {
		if p.N != len(inc.Actions)+1 {
			return Errorf(CodeCorrupt, "event %d adds action %d to %s out of order", e.Seq, p.N, e.Incident)
		}
		inc.Actions = append(slices.Clip(inc.Actions), Action{
			N: p.N, Title: p.Title, Owner: p.Owner, Due: p.Due, Kind: p.Type,
			State: ActionOpen, CreatedBy: e.Actor, CreatedAt: e.Time,
		})
		return nil
	})
}

func (p ActionChanged) apply(s *State, e *Event) error {
	var text string
	switch p.Field {
	case "state":
		text = fmt.Sprintf("marked action %d %s", p.N, p.State)
	case "owner":
		text = fmt.Sprintf("gave action %d to %s", p.N, p.Owner)
	case "due":
		text = fmt.Sprintf("set action %d due %s", p.N, p.Due)
		if p.Due.IsZero() {
			text = fmt.Sprintf("cleared action %d's due day", p.N)
		}
	default:
		return Errorf(CodeCorrupt, "event %d changes unknown field %q of an action", e.Seq, p.Field)
	}
	return s.change(e, text, func(inc *Incident) error {
		if p.N < 1 || p.N > len(inc.Actions) {
			return Errorf(CodeCorrupt, "event %d changes action %d of %s, which does not exist", e.Seq, p.N, e.Incident)
		}
		inc.Actions = slices.Clone(inc.Actions)
		a := &inc.Actions[p.N-1]
		switch p.Field {
		case "state":
			a.State, a.DoneAt = p.State, time.Time{}
			if p.State == ActionDone {
				a.DoneAt = e.Time
			}
		case "owner":
			a.Owner = p.Owner
		case "due":
			a.Due = p.Due
		}
		return nil
	})
}
