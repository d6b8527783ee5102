package alerts

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

func alert(status model.AlertStatus, name, summary string, labels ...string) model.Alert {
	a := model.Alert{Status: status, Name: name, Summary: summary, Labels: map[string]string{}}
	for i := 0; i+1 < len(labels); i += 2 {
		a.Labels[labels[i]] = labels[i+1]
	}
	return a
}

func TestToCommand(t *testing.T) {
	firing, resolved := model.AlertFiring, model.AlertResolved
	custom := Mapping{SeverityLabel: "priority", Severities: map[string]model.Severity{"p1": model.Sev1, "p2": model.Sev2}, ServiceLabel: "app"}
	cases := []struct {
		name     string
		n        Notification
		m        Mapping
		title    string
		severity model.Severity
		service  string
	}{
		{"alertname and summary of the first firing alert; the most severe firing",
			Notification{Alerts: []model.Alert{
				alert(resolved, "Old", "gone", "severity", "critical", "service", "legacy"),
				alert(firing, "HighErrorRate", "checkout 5xx above 5%", "severity", "warning"),
				alert(firing, "HighErrorRate", "cart 5xx above 1%", "severity", "error", "service", "cart"),
			}},
			DefaultMapping(), "HighErrorRate: checkout 5xx above 5%", model.Sev2, "legacy"},
		{"values match ignoring case and space; sev and numbers work too",
			Notification{Alerts: []model.Alert{alert(firing, "A", "", "severity", " Critical "), alert(firing, "B", "", "severity", "sev2")}},
			DefaultMapping(), "A", model.Sev1, ""},
		{"a number as the label",
			Notification{Alerts: []model.Alert{alert(firing, "A", "", "severity", "4")}},
			DefaultMapping(), "A", model.Sev4, ""},
		{"no label or an unknown value is the default severity",
			Notification{Alerts: []model.Alert{alert(firing, "A", "", "severity", "page-someone"), alert(firing, "B", "")}},
			DefaultMapping(), "A", model.DefaultSeverity, ""},
		{"only resolved alerts: the default severity, titled from the first",
			Notification{Alerts: []model.Alert{alert(resolved, "Gone", "it passed", "severity", "critical")}},
			DefaultMapping(), "Gone: it passed", model.DefaultSeverity, ""},
		{"the sender's own title, severity and service win",
			Notification{Title: "Nightly backup failed", Severity: "critical", Service: "orders-db",
				Alerts: []model.Alert{alert(firing, "BackupFailed", "x", "severity", "info", "service", "backup")}},
			DefaultMapping(), "Nightly backup failed", model.Sev1, "orders-db"},
		{"a custom mapping",
			Notification{Alerts: []model.Alert{alert(firing, "A", "", "priority", "P2", "app", "search", "severity", "critical")}},
			custom, "A", model.Sev2, "search"},
		{"text made one clean line; an over-long service cut to fit",
			Notification{Alerts: []model.Alert{alert(firing, "Disk\x1b[31mFull", "line one\n  line two", "service", strings.Repeat("s", 80))}},
			DefaultMapping(), "DiskFull: line one line two", model.DefaultSeverity, strings.Repeat("s", model.MaxServiceRunes-1) + "…"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := ToCommand(&c.n, c.m)
			if cmd.Title != c.title || cmd.Severity != c.severity || cmd.Service != c.service {
				t.Errorf("title %q, severity %v, service %q; want %q, %v, %q", cmd.Title, cmd.Severity, cmd.Service, c.title, c.severity, c.service)
			}
		})
	}
}

// What real Alertmanager setups send can exceed the model's bounds (a
// group key of many group_by labels, alerts with many labels): the
// command fits them, the same way every time, rather than lose the alert
// to a refusal Alertmanager would not retry.
func TestToCommandFitsOversizedInputIntoTheModelsBounds(t *testing.T) {
	labels := map[string]string{"alertname": "HighErrorRate", "long": strings.Repeat("v", 300)}
	for i := range 70 {
		labels[fmt.Sprintf("l%02d", i)] = "x"
	}
	n := &Notification{
		Source: SourceAlertmanager, GroupKey: "{}/{}:" + strings.Repeat("{cluster=\"eu\"}", 50),
		Alerts: []model.Alert{{Fingerprint: strings.Repeat("f", 300), Status: model.AlertFiring,
			StartsAt: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC), Name: "HighErrorRate", Labels: labels}},
	}
	cmd := ToCommand(n, DefaultMapping())
	if len(cmd.GroupKey) > model.MaxGroupKeyBytes || cmd.GroupKey != ToCommand(n, DefaultMapping()).GroupKey {
		t.Errorf("group key %q: too long, or not the same every time", cmd.GroupKey)
	}
	a := cmd.Alerts[0]
	if len(a.Labels) != model.MaxAlertLabels || len(a.Fingerprint) > model.MaxLabelBytes {
		t.Errorf("%d labels, fingerprint of %d bytes; want %d labels and a bounded fingerprint", len(a.Labels), len(a.Fingerprint), model.MaxAlertLabels)
	}
	if _, err := model.Decide(model.NewState(nil), model.System(), cmd, time.Date(2026, 11, 28, 9, 1, 0, 0, time.UTC)); err != nil {
		t.Errorf("the model refuses the fitted command: %v", err)
	}
}
