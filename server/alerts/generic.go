package alerts

import (
	"cmp"
	"encoding/json"
	"strings"
	"time"

	"github.com/warroom/warroom/model"
)

// SourceGeneric is the Source of a generic notification that names none.
const SourceGeneric = "generic"

type genericPayload struct {
	Source   string         `json:"source"`
	Group    string         `json:"group"`
	Title    string         `json:"title"`
	Severity severityText   `json:"severity"`
	Service  string         `json:"service"`
	Alerts   []genericAlert `json:"alerts"`
}

type genericAlert struct {
	ID        string            `json:"id"`
	Status    string            `json:"status"`
	StartedAt time.Time         `json:"started_at"`
	EndedAt   time.Time         `json:"ended_at"`
	Name      string            `json:"name"`
	Summary   string            `json:"summary"`
	Labels    map[string]string `json:"labels"`
}

// severityText is a severity written as a JSON string or number.
type severityText string

func (s *severityText) UnmarshalJSON(b []byte) error {
	var text string
	if err := json.Unmarshal(b, &text); err == nil {
		*s = severityText(text)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return invalid("severity must be a string or a number")
	}
	*s = severityText(n)
	return nil
}

// DecodeGeneric reads a notification in the generic JSON form, for
// sources other than Alertmanager (another monitoring system, a script, a
// cron job):
//
//	{
//	  "source":   "grafana",               optional, who sends it; default "generic"
//	  "group":    "checkout-5xx",          required: alerts of one group share one incident
//	  "title":    "Checkout 5xx above 5%", optional; default "name: summary" of a firing alert
//	  "severity": "critical",              optional: 1 to 4, sev1 to sev4, or a name the server
//	                                       maps (critical, warning...); default from the labels
//	  "service":  "checkout",              optional; default from the labels
//	  "alerts": [{                         at least one
//	    "id":         "5xx-eu-1",              optional; default derived from name and labels
//	    "status":     "firing",                firing (the default) or resolved
//	    "started_at": "2026-05-01T12:00:00Z",  required, RFC 3339
//	    "ended_at":   "2026-05-01T12:30:00Z",  optional
//	    "name":       "HighErrorRate",         required
//	    "summary":    "checkout 5xx above 5%", optional
//	    "labels":     {"severity": "critical", "service": "checkout"}  optional
//	  }]
//	}
//
// An alert is the same alert in a later notification when it has the same
// id (or name and labels) and start time. Unknown fields are refused, so
// that a misspelt one is reported instead of lost.
func DecodeGeneric(body []byte) (*Notification, error) {
	var p genericPayload
	if err := unmarshal(body, &p, true); err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(p.Group) == "":
		return nil, invalid("group is missing: alerts with the same group attach to the same open incident")
	}
	n := &Notification{
		Source:   cmp.Or(oneLine(p.Source), SourceGeneric),
		GroupKey: p.Group,
		Title:    p.Title,
		Severity: string(p.Severity),
		Service:  p.Service,
	}
	raw := make([]model.Alert, len(p.Alerts))
	for i, a := range p.Alerts {
		raw[i] = model.Alert{
			Fingerprint: a.ID,
			Status:      model.AlertStatus(cmp.Or(a.Status, string(model.AlertFiring))),
			StartsAt:    a.StartedAt,
			EndsAt:      a.EndedAt,
			Name:        a.Name,
			Summary:     a.Summary,
			Labels:      a.Labels,
		}
	}
	if err := n.setAlerts(raw, fieldNames{name: "name", startsAt: "started_at"}); err != nil {
		return nil, err
	}
	return n, nil
}
