package model

import (
	"fmt"
	"time"
)

// Declare opens a new incident. The declarer becomes its incident
// commander, unless the server itself declares it: then the role starts
// vacant. The escalation policy for its service, if the rules have one,
// becomes its ladder and the ladder's first level is paged at once.
// Monitoring opens incidents with ReceiveAlerts.
type Declare struct {
	Title    string
	Severity Severity // zero means DefaultSeverity
	Service  string   // optional; picks the escalation policy
}

// Declared opens an incident.
type Declared struct {
	Number    int      `json:"number"`
	Title     string   `json:"title"`
	Severity  Severity `json:"severity"`
	Service   string   `json:"service,omitempty"`
	Commander string   `json:"commander,omitempty"` // "" leaves the role vacant
	// Ladder is the policy copied at declaration, so a later config
	// change never alters a running incident's deadlines.
	Ladder *LadderSpec `json:"ladder,omitempty"`

	// Set when monitoring opened the incident (see ReceiveAlerts):
	// Source names the monitoring, AlertGroup is the group's key,
	// Alerts are the alerts of the notification and DetectedAt is when
	// the earliest of them started (never after the declaration).
	Source     string    `json:"source,omitempty"`
	AlertGroup string    `json:"alert_group,omitempty"`
	DetectedAt time.Time `json:"detected_at,omitzero"`
	Alerts     []Alert   `json:"alerts,omitempty"`
}

// MaxServiceRunes bounds a service name.
const MaxServiceRunes = 64

const KindDeclared Kind = "incident.declared"

func (Declared) Kind() Kind { return KindDeclared }

func (c Declare) decide(d *decision) (string, Payload, error) {
	title, err := cleanLine(c.Title, "title", MaxTitleRunes)
	if err != nil {
		return "", nil, err
	}
	p, err := d.declaration(title, c.Severity, c.Service)
	if err != nil {
		return "", nil, err
	}
	if d.actor.Name != SystemActor { // the server holds no role
		p.Commander = d.actor.Name
	}
	return IncidentID(p.Number), p, nil
}

// declaration is the Declared of a new incident with a clean title: its
// number, its severity (zero means DefaultSeverity), its service and the
// ladder of the service's escalation policy. Its commander is vacant.
func (d *decision) declaration(title string, sev Severity, service string) (Declared, error) {
	if sev == 0 {
		sev = DefaultSeverity
	}
	if !sev.Valid() {
		return Declared{}, Errorf(CodeInvalid, "severity must be 1 to 4 (SEV1 is critical)")
	}
	p := Declared{Title: title, Severity: sev}
	if service != "" {
		var err error
		if p.Service, err = cleanLine(service, "service", MaxServiceRunes); err != nil {
			return Declared{}, err
		}
	}
	if policy, ok := d.rules.PolicyFor(p.Service); ok && len(policy.Levels) > 0 {
		p.Ladder = d.rules.ladderFor(policy)
	}
	p.Number = d.state.incidents.len() + 1
	return p, nil
}

func (p Declared) apply(s *State, e *Event) error {
	if p.Number != s.incidents.len()+1 || IncidentID(p.Number) != e.Incident {
		return Errorf(CodeCorrupt, "event %d declares %s out of order", e.Seq, e.Incident)
	}
	if p.Ladder != nil && len(p.Ladder.Levels) == 0 {
		return Errorf(CodeCorrupt, "event %d gives %s a ladder without levels", e.Seq, e.Incident)
	}
	inc := &Incident{
		ID: e.Incident, Number: p.Number, Title: p.Title, Severity: p.Severity,
		Status: StatusTriage, Service: p.Service, DeclaredBy: e.Actor,
		DeclaredAt: e.Time, StatusSince: e.Time, UpdatedAt: e.Time,
		AlertGroup: p.AlertGroup, DetectedAt: p.DetectedAt,
	}
	text := fmt.Sprintf("declared %s: %s", p.Severity, p.Title)
	if p.Source != "" {
		text = fmt.Sprintf("opened by %s: %s %s", p.Source, p.Severity, p.Title)
	}
	if p.Service != "" {
		text += " (service " + p.Service + ")"
	}
	if p.Commander != "" {
		inc.Roles = map[string]string{RoleCommander: p.Commander}
	}
	if p.Ladder != nil {
		inc.Ladder = p.Ladder.start(e)
		text += "; " + inc.Ladder.Pages[0].describe()
	}
	if len(p.Alerts) > 0 {
		inc.Alerts = mergeAlerts(nil, p.Alerts)
		text += "; " + describeAlerts(p.Alerts, e.Time)
	}
	inc.Timeline = []Entry{{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Kind: KindDeclared, Text: text}}
	s.incidents = s.incidents.appended(inc)
	s.list = s.list.next(true)
	if inc.AlertGroup != "" {
		s.trackAlertGroup(inc)
	}
	return nil
}
