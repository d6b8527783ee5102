package alerts

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/warroom/warroom/model"
)

// Mapping is how alerts' labels become an incident's severity and
// service. Start from DefaultMapping.
type Mapping struct {
	// SeverityLabel names the label whose value is an alert's severity.
	SeverityLabel string
	// Severities maps that label's values, lowercase, to severities.
	// Values it lacks may still be written 1 to 4 or sev1 to sev4; any
	// other value, or none, is model.DefaultSeverity.
	Severities map[string]model.Severity
	// ServiceLabel names the label whose value is the incident's service.
	ServiceLabel string
}

// DefaultMapping reads the severity label with the values Prometheus
// rules commonly use, and the service label.
func DefaultMapping() Mapping {
	return Mapping{
		SeverityLabel: "severity",
		Severities: map[string]model.Severity{
			"critical": model.Sev1,
			"error":    model.Sev2,
			"high":     model.Sev2,
			"warning":  model.Sev3,
			"info":     model.Sev4,
			"low":      model.Sev4,
		},
		ServiceLabel: "service",
	}
}

// ToCommand is the command that records n: its title is the sender's own
// or the first firing alert's "alertname: summary"; its severity the
// sender's own or the most severe among the firing alerts; its service
// the sender's own or the first alert's that has the service label.
func ToCommand(n *Notification, m Mapping) model.ReceiveAlerts {
	alerts := make([]model.Alert, len(n.Alerts))
	for i, a := range n.Alerts {
		alerts[i] = withinBounds(a)
	}
	return model.ReceiveAlerts{
		Source:   n.Source,
		GroupKey: boundedKey(n.GroupKey, model.MaxGroupKeyBytes),
		Title:    title(n),
		Severity: m.severityOf(n),
		Service:  m.serviceOf(n),
		Alerts:   alerts,
	}
}

// boundedKey is s when it fits in limit bytes, else a digest of it. Group
// keys and fingerprints are identities, not text to read: a long one
// (Alertmanager's group key of a route with many group_by labels) must
// still name the same group every time, and must not lose the alert to a
// refusal that Alertmanager would not retry.
func boundedKey(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	sum := sha256.Sum256([]byte(s))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// withinBounds fits an alert into the model's limits: identities beyond
// them are replaced by their digest, label values are cut, and labels
// past the most the model keeps are dropped (in name order, so the same
// ones every time).
func withinBounds(a model.Alert) model.Alert {
	a.Fingerprint = boundedKey(a.Fingerprint, model.MaxLabelBytes)
	a.Name = cutBytes(a.Name, model.MaxLabelBytes)
	if len(a.Labels) == 0 {
		return a
	}
	labels := make(map[string]string, min(len(a.Labels), model.MaxAlertLabels))
	for _, name := range slices.Sorted(maps.Keys(a.Labels)) {
		if len(labels) == model.MaxAlertLabels {
			break
		}
		if len(name) <= model.MaxLabelBytes {
			labels[name] = cutBytes(a.Labels[name], model.MaxLabelBytes)
		}
	}
	a.Labels = labels
	return a
}

// cutBytes cuts s to at most n bytes without splitting a character.
func cutBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// severity maps one value as a label or a sender writes it.
func (m Mapping) severity(value string) model.Severity {
	v := strings.ToLower(strings.TrimSpace(value))
	if sev, ok := m.Severities[v]; ok {
		return sev
	}
	if sev, err := model.ParseSeverity(v); err == nil {
		return sev
	}
	return model.DefaultSeverity
}

func (m Mapping) severityOf(n *Notification) model.Severity {
	if strings.TrimSpace(n.Severity) != "" {
		return m.severity(n.Severity)
	}
	var worst model.Severity // SEV1 is the most severe, and the lowest
	for _, a := range n.Alerts {
		if a.Status != model.AlertFiring {
			continue
		}
		if sev := m.severity(a.Labels[m.SeverityLabel]); worst == 0 || sev < worst {
			worst = sev
		}
	}
	return cmp.Or(worst, model.DefaultSeverity)
}

func (m Mapping) serviceOf(n *Notification) string {
	if s := oneLine(n.Service); s != "" {
		return model.Shorten(s, model.MaxServiceRunes)
	}
	for _, a := range n.Alerts {
		if s := oneLine(a.Labels[m.ServiceLabel]); s != "" {
			return model.Shorten(s, model.MaxServiceRunes)
		}
	}
	return ""
}

// title is the sender's own, or "name: summary" of the alert that leads
// the group. The model shortens a title too long to keep.
func title(n *Notification) string {
	if t := oneLine(n.Title); t != "" {
		return t
	}
	a := leading(n.Alerts)
	name, summary := oneLine(a.Name), oneLine(a.Summary)
	if name != "" && summary != "" {
		return name + ": " + summary
	}
	return name + summary
}

// leading is the alert that names the group: the first firing one, else
// the first one.
func leading(alerts []model.Alert) model.Alert {
	for _, a := range alerts {
		if a.Status == model.AlertFiring {
			return a
		}
	}
	if len(alerts) == 0 {
		return model.Alert{}
	}
	return alerts[0]
}

// oneLine is s sanitised as the model will, with runs of spaces (and the
// newlines of a multi-line summary) made one.
func oneLine(s string) string {
	return strings.Join(strings.Fields(model.Sanitize(s, false)), " ")
}
