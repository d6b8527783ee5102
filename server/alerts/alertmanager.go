package alerts

import (
	"cmp"
	"strings"
	"time"

	"github.com/warroom/warroom/model"
)

// SourceAlertmanager is the Source of every Alertmanager notification.
const SourceAlertmanager = "alertmanager"

// alertmanagerPayload is what warroom reads of Alertmanager's webhook
// payload, version 4. The rest (receiver, status, groupLabels,
// commonLabels, commonAnnotations, externalURL, generatorURL) adds nothing:
// every alert carries all of its own labels and annotations.
type alertmanagerPayload struct {
	Version         string              `json:"version"`
	GroupKey        string              `json:"groupKey"`
	TruncatedAlerts int                 `json:"truncatedAlerts"`
	Alerts          []alertmanagerAlert `json:"alerts"`
}

type alertmanagerAlert struct {
	Status      string            `json:"status"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	StartsAt    time.Time         `json:"startsAt"`
	EndsAt      time.Time         `json:"endsAt"`
	Fingerprint string            `json:"fingerprint"`
}

// DecodeAlertmanager reads a Prometheus Alertmanager webhook notification
// (payload version 4). An alert's name is its alertname label and its
// summary the summary annotation, or the description when it has none.
func DecodeAlertmanager(body []byte) (*Notification, error) {
	var p alertmanagerPayload
	if err := unmarshal(body, &p, false); err != nil {
		return nil, err
	}
	switch {
	case p.Version == "":
		return nil, invalid("the payload has no version; warroom reads Alertmanager's webhook payload version 4")
	case p.Version != "4":
		return nil, invalid("Alertmanager webhook payload version %q is not supported; warroom reads version 4", clip(p.Version))
	case strings.TrimSpace(p.GroupKey) == "":
		return nil, invalid("groupKey is missing")
	}
	n := &Notification{Source: SourceAlertmanager, GroupKey: p.GroupKey, Truncated: max(p.TruncatedAlerts, 0)}
	raw := make([]model.Alert, len(p.Alerts))
	for i, a := range p.Alerts {
		raw[i] = model.Alert{
			Fingerprint: a.Fingerprint,
			Status:      model.AlertStatus(a.Status),
			StartsAt:    a.StartsAt,
			EndsAt:      a.EndsAt,
			Name:        a.Labels["alertname"],
			Summary:     cmp.Or(a.Annotations["summary"], a.Annotations["description"]),
			Labels:      a.Labels,
		}
	}
	if err := n.setAlerts(raw, fieldNames{name: "labels.alertname", startsAt: "startsAt"}); err != nil {
		return nil, err
	}
	return n, nil
}
