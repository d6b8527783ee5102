package model

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"
)

func TestAlertLimits(t *testing.T) {
	many := func(n int) []Alert {
		out := make([]Alert, n)
		for i := range out {
			out[i] = Alert{Fingerprint: fmt.Sprint(i), Status: AlertFiring, StartsAt: t0, Name: "A"}
		}
		return out
	}
	labels := func(n, size int) map[string]string {
		m := map[string]string{}
		for i := range n {
			m[fmt.Sprintf("%0*d", size, i)] = strings.Repeat("v", size)
		}
		return m
	}
	with := func(change func(*Alert)) ReceiveAlerts {
		a := errorRate
		change(&a)
		return notify(latency, a)
	}
	invalid := func(name string, cmd ReceiveAlerts, msg string) decideCase {
		return decideCase{name: name, by: System(), cmd: cmd, code: CodeInvalid, msg: []string{msg}}
	}
	accepted := func(name string, cmd ReceiveAlerts) decideCase {
		return decideCase{name: name, by: System(), cmd: cmd}
	}
	runCases(t, warRules(), []decideCase{
		accepted("100 alerts", notify(many(100)...)),
		accepted("64 labels of 256 bytes", with(func(a *Alert) { a.Labels = labels(64, 256) })),
		accepted("a summary of 1 KiB", with(func(a *Alert) { a.Summary = strings.Repeat("s", 1024) })),
		accepted("a group key of 512 bytes", ReceiveAlerts{Source: "am", GroupKey: strings.Repeat("k", 512), Alerts: []Alert{errorRate}}),

		invalid("no alerts", notify(), "the notification has no alerts"),
		invalid("101 alerts", notify(many(101)...), "the notification has 101 alerts; the limit is 100"),
		invalid("65 labels", with(func(a *Alert) { a.Labels = labels(65, 8) }), "alert 2 of the notification: there are 65 labels; the limit is 64"),
		invalid("a label name of 257 bytes", with(func(a *Alert) { a.Labels = labels(1, 257) }), "alert 2 of the notification: the label name is 257 bytes; the limit is 256"),
		invalid("a label value of 257 bytes", with(func(a *Alert) { a.Labels = map[string]string{"instance": strings.Repeat("v", 257)} }),
			`label "instance" is 257 bytes; the limit is 256`),
		invalid("a label without a name", with(func(a *Alert) { a.Labels = map[string]string{"\x07": "x"} }), "the label name is empty"),
		invalid("two labels alike once cleaned", with(func(a *Alert) { a.Labels = map[string]string{"job": "a", "j\x1b[0mob": "b"} }),
			`label "job" appears twice once control characters are removed`),
		invalid("a summary over 1 KiB", with(func(a *Alert) { a.Summary = strings.Repeat("s", 1025) }), "the summary is 1025 bytes; the limit is 1024 (1 KiB)"),
		invalid("no fingerprint", with(func(a *Alert) { a.Fingerprint = " " }), "alert 2 of the notification: the fingerprint is empty"),
		invalid("a fingerprint of 257 bytes", with(func(a *Alert) { a.Fingerprint = strings.Repeat("f", 257) }), "the fingerprint is 257 bytes; the limit is 256"),
		invalid("no name", with(func(a *Alert) { a.Name = "" }), "the name (the alertname label) is empty"),
		invalid("a pending alert", with(func(a *Alert) { a.Status = "pending\x1b[5m" }), `the status is "pending"; want firing or resolved`),
		invalid("no start time", with(func(a *Alert) { a.StartsAt = time.Time{} }), "the start time is missing"),
		invalid("a start JSON cannot store", with(func(a *Alert) { a.StartsAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }), "the start time is in year 10000"),
		invalid("an end JSON cannot store", with(func(a *Alert) { a.EndsAt = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) }), "the end time is in year -1"),
		invalid("a group key of 513 bytes", ReceiveAlerts{Source: "am", GroupKey: strings.Repeat("k", 513), Alerts: []Alert{errorRate}},
			"the alert group key is 513 bytes; the limit is 512"),
		invalid("a group key of escapes", ReceiveAlerts{Source: "am", GroupKey: "\x1b]0;x\x07", Alerts: []Alert{errorRate}}, "the alert group key is empty"),
		invalid("no source", ReceiveAlerts{GroupKey: checkoutGroup, Alerts: []Alert{errorRate}}, "the alert source is empty"),
		invalid("severity 5", ReceiveAlerts{Source: "am", GroupKey: checkoutGroup, Severity: 5, Alerts: []Alert{errorRate}}, "severity must be 1 to 4"),
		invalid("a service of 65 characters", ReceiveAlerts{Source: "am", GroupKey: checkoutGroup, Service: strings.Repeat("s", 65), Alerts: []Alert{errorRate}},
			"the service is 65 characters; the limit is 64"),
	})
}

// Monitoring's text reaches terminals: no escape or control character in
// it survives into an event or an entry.
func TestAlertsAreSanitised(t *testing.T) {
	dirty := Alert{
		Fingerprint: "a1\x1b[0m", Status: AlertFiring, StartsAt: t0,
		Name: "High\x1b]0;pwned\x07ErrorRate", Summary: "checkout \x1b[31m5xx\x1b[0m\nabove 5%\r",
		Labels: map[string]string{"inst\x07ance": "db-1\x1b[5m", "\u202ejob": "api\u009b"},
	}
	clean := Alert{
		Fingerprint: "a1", Status: AlertFiring, StartsAt: t0, Name: "HighErrorRate", Summary: "checkout 5xx above 5%",
		Labels: map[string]string{"instance": "db-1", "job": "api"},
	}
	cmd := ReceiveAlerts{Source: "alert\x1b[2Jmanager", GroupKey: " {}:{alertname=\"X\x1b[8m\"} ", Title: "High\x1b[1mErrorRate", Alerts: []Alert{dirty}}
	noControls := func(t *testing.T, what, s string) {
		t.Helper()
		if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == '\u202e' }); i >= 0 {
			t.Errorf("%s holds %q: %q", what, s[i:i+1], s)
		}
	}
	runCases(t, warRules(), []decideCase{
		{name: "when it opens an incident", by: System(), cmd: cmd,
			check: func(t *testing.T, r *room) {
				noControls(t, "the event", fmt.Sprintf("%+v", r.events[0].Data))
				noControls(t, "the entry", r.inc().Timeline[0].Text)
				alerts(clean)(t, r)
				if inc, ok := r.s.IncidentForAlertGroup(`{}:{alertname="X"}`); !ok || inc.AlertGroup != `{}:{alertname="X"}` {
					t.Errorf("the cleaned group key finds %v (%t)", inc, ok)
				}
				if _, ok := r.s.IncidentForAlertGroup(cmd.GroupKey); !ok {
					t.Errorf("the key as sent does not find the incident")
				}
			}},
		{name: "when it attaches", setup: []step{receive(0, errorRate)}, by: System(), cmd: ReceiveAlerts{Source: cmd.Source, GroupKey: checkoutGroup, Alerts: []Alert{dirty}},
			text: "alertmanager: firing HighErrorRate — checkout 5xx above 5% (since 03:00 UTC)",
			check: func(t *testing.T, r *room) {
				noControls(t, "the event", fmt.Sprintf("%+v", r.events[1].Data))
				alerts(clean, errorRate)(t, r)
			}},
	})
}
