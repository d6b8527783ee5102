package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Alert is one alert of a monitoring notification, as the incident keeps it.
type Alert struct {
	Fingerprint string            `json:"fingerprint"`
	Status      AlertStatus       `json:"status"` // AlertFiring | AlertResolved
	StartsAt    time.Time         `json:"starts_at"`
	EndsAt      time.Time         `json:"ends_at,omitzero"`
	Name        string            `json:"name"`              // the alertname label
	Summary     string            `json:"summary,omitempty"` // the summary annotation
	Labels      map[string]string `json:"labels,omitempty"`
}

// AlertStatus is whether an alert is firing or resolved.
type AlertStatus string

const (
	AlertFiring   AlertStatus = "firing"
	AlertResolved AlertStatus = "resolved"
)

// Limits on a notification from monitoring. They bound what one
// notification can add to the journal and to an incident.
const (
	MaxAlertsPerNotification = 100
	MaxAlertLabels           = 64
	// MaxLabelBytes bounds a label's name and value, and an alert's
	// fingerprint and name.
	MaxLabelBytes    = 256
	MaxSummaryBytes  = 1024
	MaxGroupKeyBytes = 512
	MaxSourceRunes   = 64
)

// ReceiveAlerts records one notification from monitoring: the alerts of one group.
type ReceiveAlerts struct {
	Source   string   // "alertmanager" or a generic source's name, for the timeline
	GroupKey string   // the group's key; one open incident per key
	Title    string   // for an incident opened by it: alertname and summary, made by the caller
	Severity Severity // for an incident opened by it (zero: DefaultSeverity)
	Service  string   // for an incident opened by it; picks the escalation policy
	Alerts   []Alert
}

// AlertsReceived records the alerts of a notification that were news to
// the open incident of their group: alerts it had not seen, or the
// resolving of alerts it had seen firing.
type AlertsReceived struct {
	Source string  `json:"source"`
	Alerts []Alert `json:"alerts"`
}

const KindAlertsReceived Kind = "alerts.received"

func (AlertsReceived) Kind() Kind { return KindAlertsReceived }

// decide attaches the notification to the open incident of its group, or
// opens one for it when an alert fires. The incident commander role of an
// incident opened this way starts vacant: someone must take it.
func (c ReceiveAlerts) decide(d *decision) (string, Payload, error) {
	// Alerts come in through the hooks, which authenticate the sender and
	// dispatch as the server: no person can make one up.
	if err := d.isSystem("alerts from monitoring"); err != nil {
		return "", nil, err
	}
	source, err := cleanLine(c.Source, "alert source", MaxSourceRunes)
	if err != nil {
		return "", nil, err
	}
	key, err := cleanGroupKey(c.GroupKey)
	if err != nil {
		return "", nil, err
	}
	alerts, err := cleanAlerts(c.Alerts)
	if err != nil {
		return "", nil, err
	}
	if inc, ok := d.state.IncidentForAlertGroup(key); ok {
		fresh := alertNews(inc.Alerts, alerts)
		if len(fresh) == 0 {
			return "", nil, Errorf(CodeConflict, "nothing new in this notification for %s", inc.ID)
		}
		return inc.ID, AlertsReceived{Source: source, Alerts: fresh}, nil
	}
	alerts = alertNews(nil, alerts) // a notification may repeat an alert
	first := slices.IndexFunc(alerts, func(a Alert) bool { return a.Status == AlertFiring })
	if first < 0 {
		return "", nil, Errorf(CodeNotFound, "no open incident for this alert group")
	}
	// A long title is cut rather than refused: an alert must not be lost
	// to the wording of its summary.
	title := strings.TrimSpace(Sanitize(c.Title, false))
	if title == "" {
		title = alerts[first].Name
	}
	p, err := d.declaration(Shorten(title, MaxTitleRunes), c.Severity, c.Service)
	if err != nil {
		return "", nil, err
	}
	p.Source, p.AlertGroup, p.Alerts = source, key, alerts
	// A clock ahead of ours must not make the detection follow the
	// declaration.
	p.DetectedAt = d.now.UTC()
	for _, a := range alerts {
		if a.StartsAt.Before(p.DetectedAt) {
			p.DetectedAt = a.StartsAt
		}
	}
	return IncidentID(p.Number), p, nil
}

func (p AlertsReceived) apply(s *State, e *Event) error {
	if len(p.Alerts) == 0 {
		return Errorf(CodeCorrupt, "event %d receives no alerts", e.Seq)
	}
	var alerts []Alert
	if inc, ok := s.Incident(e.Incident); ok { // else change reports the unknown incident
		alerts = mergeAlerts(inc.Alerts, p.Alerts)
	}
	text := p.Source + ": " + describeAlerts(p.Alerts, e.Time)
	if allResolved(alerts) {
		text += "; all alerts of the group resolved"
	}
	return s.change(e, text, func(inc *Incident) error { inc.Alerts = alerts; return nil })
}

// IncidentForAlertGroup returns the open incident that monitoring's alert
// group key belongs to; ok is false when none is open.
func (s *State) IncidentForAlertGroup(key string) (inc *Incident, ok bool) {
	n, ok := s.alertGroups[strings.TrimSpace(Sanitize(key, false))]
	if !ok {
		return nil, false
	}
	return s.incidents.at(n), true
}

// trackAlertGroup keeps the index of open incidents by alert group in step
// with inc, which was just opened, resolved or reopened. One incident
// holds a key at a time: an incident reopened after a newer one took its
// group's key leaves the key to the newer one.
func (s *State) trackAlertGroup(inc *Incident) {
	holder, held := s.alertGroups[inc.AlertGroup]
	switch open := inc.Status.Open(); {
	case open && !held:
		s.alertGroups = copyMap(s.alertGroups, inc.AlertGroup, inc.Number, false)
	case !open && held && holder == inc.Number:
		s.alertGroups = copyMap(s.alertGroups, inc.AlertGroup, 0, true)
	}
}

// alertNews returns the alerts of a notification that change what kept (an
// incident's alerts, in alertOrder) says, in the notification's order: an
// alert not seen before, or the resolving of one seen firing. An alert is
// known by its fingerprint and start time, so a repeated notification has
// no news, and an alert that fires again (with a new start time) is new.
func alertNews(kept, alerts []Alert) []Alert {
	var fresh []Alert
	for _, a := range alerts {
		prev, seen := latestState(kept, fresh, a)
		if !seen || prev.Status == AlertFiring && a.Status == AlertResolved {
			fresh = append(fresh, a)
		}
	}
	return fresh
}

// latestState is the state of alert a that fresh, or else kept, has last.
func latestState(kept, fresh []Alert, a Alert) (Alert, bool) {
	for i := len(fresh) - 1; i >= 0; i-- {
		if sameAlert(fresh[i], a) {
			return fresh[i], true
		}
	}
	if i, ok := findAlert(kept, a); ok {
		return kept[i], true
	}
	return Alert{}, false
}

// mergeAlerts returns a new slice of kept (in alertOrder) updated by
// fresh, news as alertNews finds it; kept itself is left as it was.
func mergeAlerts(kept, fresh []Alert) []Alert {
	out := make([]Alert, len(kept), len(kept)+len(fresh))
	copy(out, kept)
	for _, a := range fresh {
		if i, ok := findAlert(out, a); ok {
			out[i] = a
		} else {
			out = slices.Insert(out, i, a)
		}
	}
	return out
}

// findAlert finds the alert a is a state of in alerts, sorted by
// alertOrder; when there is none, i is where it would go.
func findAlert(alerts []Alert, a Alert) (i int, ok bool) {
	return slices.BinarySearchFunc(alerts, a, alertOrder)
}

// alertOrder sorts an incident's alerts by fingerprint, then start time.
func alertOrder(a, b Alert) int {
	if c := strings.Compare(a.Fingerprint, b.Fingerprint); c != 0 {
		return c
	}
	return a.StartsAt.Compare(b.StartsAt)
}

func sameAlert(a, b Alert) bool { return alertOrder(a, b) == 0 }

func allResolved(alerts []Alert) bool {
	return !slices.ContainsFunc(alerts, func(a Alert) bool { return a.Status == AlertFiring })
}

// Bounds on how much of a notification one timeline entry shows; the
// incident keeps the alerts whole.
const (
	entryAlertsListed = 10
	entrySummaryRunes = 120
)

// describeAlerts is the timeline's account of alerts arriving at now: the
// alert when there is one, else how many and each of the first few.
func describeAlerts(alerts []Alert, now time.Time) string {
	if len(alerts) == 1 {
		return describeAlert(alerts[0], now)
	}
	parts := make([]string, 0, entryAlertsListed+1)
	for _, a := range alerts[:min(len(alerts), entryAlertsListed)] {
		parts = append(parts, describeAlert(a, now))
	}
	if more := len(alerts) - entryAlertsListed; more > 0 {
		parts = append(parts, fmt.Sprintf("and %d more", more))
	}
	return fmt.Sprintf("%d alerts: %s", len(alerts), strings.Join(parts, "; "))
}

// describeAlert reads "firing HighErrorRate — checkout 5xx above 5% (since
// 09:12 UTC)".
func describeAlert(a Alert, now time.Time) string {
	text := string(a.Status) + " " + a.Name
	if a.Summary != "" {
		text += " — " + Shorten(a.Summary, entrySummaryRunes)
	}
	switch {
	case a.Status == AlertFiring:
		return text + " (since " + alertClock(a.StartsAt, now) + " UTC)"
	case a.EndsAt.IsZero():
		return text + " (started " + alertClock(a.StartsAt, now) + " UTC)"
	default:
		return text + " (" + alertClock(a.StartsAt, now) + " to " + alertClock(a.EndsAt, now) + " UTC)"
	}
}

// alertClock is t in UTC: the time of day when it falls on now's date,
// with the date when it does not.
func alertClock(t, now time.Time) string {
	t, now = t.UTC(), now.UTC()
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04")
	}
	return t.Format("Jan 2 15:04")
}
