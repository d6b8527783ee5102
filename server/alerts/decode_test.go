package alerts

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

func TestDecodeAlertmanager(t *testing.T) {
	n, err := DecodeAlertmanager(payload(t, "alertmanager-one-resolved.json"))
	if err != nil {
		t.Fatal(err)
	}
	if n.Source != SourceAlertmanager || n.GroupKey != `{}/{severity=~"critical|warning"}:{alertname="HighErrorRate"}` || len(n.Alerts) != 2 {
		t.Fatalf("notification %+v", n)
	}
	a := n.Alerts[0]
	want := model.Alert{
		Fingerprint: "8f3c2a1d4b5e6f70", Status: model.AlertResolved,
		StartsAt: time.Date(2026, 5, 1, 9, 12, 4, 512e6, time.UTC), EndsAt: time.Date(2026, 5, 1, 9, 41, 4, 512e6, time.UTC),
		Name: "HighErrorRate", Summary: "checkout 5xx above 5%",
	}
	if a.Fingerprint != want.Fingerprint || a.Status != want.Status || !a.StartsAt.Equal(want.StartsAt) ||
		!a.EndsAt.Equal(want.EndsAt) || a.Name != want.Name || a.Summary != want.Summary || a.Labels["job"] != "checkout" {
		t.Errorf("alert %+v\nwant %+v", a, want)
	}
	if !n.Alerts[1].EndsAt.IsZero() {
		t.Errorf("a firing alert's 0001-01-01 end should read as no end, got %v", n.Alerts[1].EndsAt)
	}
}

// amAlert is an Alertmanager payload of one alert with the given JSON
// members, for checking one field at a time.
func amAlert(members string) []byte {
	return []byte(`{"version": "4", "groupKey": "{}:{alertname=\"X\"}", "alerts": [{` + members + `}]}`)
}

func TestDecodeAlertmanagerFillsGaps(t *testing.T) {
	cases := []struct {
		name    string
		members string
		check   func(model.Alert) bool
	}{
		{"no fingerprint: derived from the labels",
			`"status": "firing", "startsAt": "2026-05-01T09:00:00Z", "labels": {"alertname": "X", "job": "a"}`,
			func(a model.Alert) bool {
				return a.Fingerprint == Fingerprint("X", map[string]string{"alertname": "X", "job": "a"})
			}},
		{"no summary: the description",
			`"status": "firing", "startsAt": "2026-05-01T09:00:00Z", "labels": {"alertname": "X"}, "annotations": {"description": "disk full"}`,
			func(a model.Alert) bool { return a.Summary == "disk full" }},
		{"a summary too long for the model is shortened",
			`"status": "firing", "startsAt": "2026-05-01T09:00:00Z", "labels": {"alertname": "X"}, "annotations": {"summary": "` + strings.Repeat("é", 2000) + `"}`,
			func(a model.Alert) bool {
				return len(a.Summary) <= model.MaxSummaryBytes && strings.HasSuffix(a.Summary, "…")
			}},
		{"times with an offset",
			`"status": "firing", "startsAt": "2026-05-01T11:00:00+02:00", "labels": {"alertname": "X"}`,
			func(a model.Alert) bool { return a.StartsAt.Equal(time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)) }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := DecodeAlertmanager(amAlert(c.members))
			if err != nil {
				t.Fatal(err)
			}
			if !c.check(n.Alerts[0]) {
				t.Errorf("alert %+v", n.Alerts[0])
			}
		})
	}
}

func TestFingerprintIsStable(t *testing.T) {
	a := Fingerprint("DiskFull", map[string]string{"host": "db-1", "mount": "/"})
	b := Fingerprint("DiskFull", map[string]string{"mount": "/", "host": "db-1"})
	if a != b || len(a) != 16 {
		t.Errorf("fingerprints %q and %q of the same alert", a, b)
	}
	for _, other := range []string{
		Fingerprint("DiskFull", map[string]string{"host": "db-2", "mount": "/"}),
		Fingerprint("DiskFul", map[string]string{"host": "db-1", "mount": "/"}),
		Fingerprint("DiskFull", map[string]string{"host": "db-1/", "mount": ""}), // no two inputs run together
	} {
		if other == a {
			t.Errorf("a different alert has the same fingerprint %q", a)
		}
	}
}

// A group larger than the model takes still opens its incident: the rest
// are counted as left out, as Alertmanager's max_alerts would.
func TestLargeGroupIsCut(t *testing.T) {
	alerts := make([]string, model.MaxAlertsPerNotification+20)
	for i := range alerts {
		alerts[i] = fmt.Sprintf(`{"status": "firing", "startsAt": "2026-05-01T09:00:00Z", "labels": {"alertname": "X", "pod": "p%d"}}`, i)
	}
	body := `{"version": "4", "groupKey": "g", "truncatedAlerts": 5, "alerts": [` + strings.Join(alerts, ",") + `]}`
	n, err := DecodeAlertmanager([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(n.Alerts) != model.MaxAlertsPerNotification || n.Truncated != 25 {
		t.Errorf("%d alerts, %d left out; want %d and 25", len(n.Alerts), n.Truncated, model.MaxAlertsPerNotification)
	}
}

func TestDecodeGeneric(t *testing.T) {
	n, err := DecodeGeneric([]byte(`{"group": "nightly-backup", "severity": 2, "alerts": [{"name": "BackupFailed", "started_at": "2026-05-01T03:00:00Z", "labels": {"db": "orders"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	a := n.Alerts[0]
	if n.Source != SourceGeneric || n.GroupKey != "nightly-backup" || n.Severity != "2" ||
		a.Status != model.AlertFiring || a.Fingerprint != Fingerprint("BackupFailed", map[string]string{"db": "orders"}) {
		t.Errorf("notification %+v, alert %+v", n, a)
	}
}

func TestDecodeRefusals(t *testing.T) {
	cases := []struct {
		name   string
		decode Decoder
		body   string
		reason string
	}{
		{"syntax", DecodeAlertmanager, `{"version": "4",}`, "not valid JSON at byte 17: invalid character '}'"},
		{"not an object", DecodeAlertmanager, `["version", "4"]`, "the payload must be a JSON object, not a JSON array"},
		{"cut short", DecodeAlertmanager, `{"version": "4", "alerts": [`, "not valid JSON: it ends too soon"},
		{"two values", DecodeAlertmanager, `{"version": "4"} {}`, "more data after the payload"},
		{"no version", DecodeAlertmanager, `{"groupKey": "g", "alerts": []}`, "the payload has no version; warroom reads Alertmanager's webhook payload version 4"},
		{"version 3", DecodeAlertmanager, `{"version": "3"}`, `Alertmanager webhook payload version "3" is not supported; warroom reads version 4`},
		{"version as a number", DecodeAlertmanager, `{"version": 4}`, "version cannot be a JSON number"},
		{"no group key", DecodeAlertmanager, `{"version": "4", "groupKey": " ", "alerts": []}`, "groupKey is missing"},
		{"no alerts", DecodeAlertmanager, `{"version": "4", "groupKey": "g", "alerts": []}`, "the notification has no alerts"},
		{"unknown status", DecodeAlertmanager, string(amAlert(`"status": "pending", "startsAt": "2026-05-01T09:00:00Z", "labels": {"alertname": "X"}`)),
			`alerts[0].status must be firing or resolved, not "pending"`},
		{"no start", DecodeAlertmanager, string(amAlert(`"status": "firing", "labels": {"alertname": "X"}`)), "alerts[0].startsAt is missing"},
		{"bad time", DecodeAlertmanager, string(amAlert(`"status": "firing", "startsAt": "yesterday"`)), `time "yesterday" is not RFC 3339, like 2026-05-01T12:00:00Z`},
		{"no alertname", DecodeAlertmanager, string(amAlert(`"status": "firing", "startsAt": "2026-05-01T09:00:00Z", "labels": {"job": "x"}`)),
			"alerts[0].labels.alertname is missing"},
		{"label not a string", DecodeAlertmanager, string(amAlert(`"labels": {"alertname": 7}`)), "alerts.labels cannot be a JSON number"},
		{"generic: misspelt field", DecodeGeneric, `{"group": "g", "sevrity": "1"}`, `unknown field "sevrity"`},
		{"generic: no group", DecodeGeneric, `{"alerts": [{"name": "X", "started_at": "2026-05-01T09:00:00Z"}]}`, "group is missing"},
		{"generic: no name", DecodeGeneric, `{"group": "g", "alerts": [{"started_at": "2026-05-01T09:00:00Z"}]}`, "alerts[0].name is missing"},
		{"generic: no start", DecodeGeneric, `{"group": "g", "alerts": [{"name": "X"}]}`, "alerts[0].started_at is missing"},
		{"generic: severity neither string nor number", DecodeGeneric, `{"group": "g", "severity": true}`, "severity must be a string or a number"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := c.decode([]byte(c.body))
			if err == nil {
				t.Fatalf("decoded %+v, want an error", n)
			}
			if model.ErrorCode(err) != model.CodeInvalid || !strings.Contains(model.ErrorMessage(err), c.reason) {
				t.Errorf("error %q (%s), want it to contain %q", model.ErrorMessage(err), model.ErrorCode(err), c.reason)
			}
		})
	}
}
