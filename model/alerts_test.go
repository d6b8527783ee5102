package model

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The alerts of the tables, as Alertmanager reports the checkout group:
// HighErrorRate firing since 02:57 UTC (t0 is 03:00), HighLatency since
// 02:59.
const checkoutGroup = `{}:{alertname=~"High.*"}`

var (
	errorRate = Alert{
		Fingerprint: "a1b2c3d4e5f60718", Status: AlertFiring, StartsAt: at(-3 * time.Minute),
		Name: "HighErrorRate", Summary: "checkout 5xx above 5%",
		Labels: map[string]string{"alertname": "HighErrorRate", "service": "checkout", "severity": "page"},
	}
	latency = Alert{
		Fingerprint: "0f1e2d3c4b5a6978", Status: AlertFiring, StartsAt: at(-time.Minute),
		Name: "HighLatency", Summary: "checkout p99 above 2s",
	}
)

// resolvedAt is a resolved at t0+d.
func resolvedAt(a Alert, d time.Duration) Alert {
	a.Status, a.EndsAt = AlertResolved, at(d)
	return a
}

// refiredAt is a firing again from t0+d: a new alert of the same
// fingerprint.
func refiredAt(a Alert, d time.Duration) Alert {
	a.Status, a.StartsAt, a.EndsAt = AlertFiring, at(d), time.Time{}
	return a
}

// notify is a notification of the checkout group.
func notify(alerts ...Alert) ReceiveAlerts {
	return ReceiveAlerts{Source: "alertmanager", GroupKey: checkoutGroup, Title: "HighErrorRate — checkout 5xx above 5%", Alerts: alerts}
}

// receive is monitoring's notification arriving at t0+d.
func receive(d time.Duration, alerts ...Alert) step {
	return step{at: d, by: System(), cmd: notify(alerts...)}
}

// alerts checks INC-1's alerts.
func alerts(want ...Alert) func(*testing.T, *room) {
	return func(t *testing.T, r *room) {
		t.Helper()
		if got := r.inc().Alerts; !reflect.DeepEqual(got, want) {
			t.Errorf("alerts = %+v\nwant %+v", got, want)
		}
	}
}

// groupHeldBy checks which incident the checkout group's alerts go to; ""
// for none.
func groupHeldBy(id string) func(*testing.T, *room) {
	return func(t *testing.T, r *room) {
		t.Helper()
		inc, ok := r.s.IncidentForAlertGroup(checkoutGroup)
		switch {
		case id == "" && ok:
			t.Errorf("the group's alerts go to %s, want a new incident", inc.ID)
		case id != "" && (!ok || inc.ID != id):
			t.Errorf("the group's alerts go to %v (%t), want %s", inc, ok, id)
		}
	}
}

func checks(fs ...func(*testing.T, *room)) func(*testing.T, *room) {
	return func(t *testing.T, r *room) {
		for _, f := range fs {
			f(t, r)
		}
	}
}

func TestAlertsOpenAnIncident(t *testing.T) {
	rules := warRules()
	defaultLadder := rules.ladderFor(rules.Policies[1])
	opening := notify(errorRate)
	early, future := errorRate, errorRate
	early.StartsAt = at(-4 * time.Hour)
	future.StartsAt = at(2 * time.Minute)
	refired := refiredAt(errorRate, 10*time.Minute)
	runCases(t, rules, []decideCase{
		{name: "a firing alert opens a triage incident with the IC vacant", by: System(), cmd: opening,
			want: Declared{Number: 1, Title: "HighErrorRate — checkout 5xx above 5%", Severity: Sev3, Ladder: defaultLadder,
				Source: "alertmanager", AlertGroup: checkoutGroup, DetectedAt: at(-3 * time.Minute), Alerts: []Alert{errorRate}},
			text: "opened by alertmanager: SEV3 HighErrorRate — checkout 5xx above 5%; paged level 1: bob; firing HighErrorRate — checkout 5xx above 5% (since 02:57 UTC)",
			check: checks(alerts(errorRate), groupHeldBy("INC-1"), func(t *testing.T, r *room) {
				inc := r.inc()
				if inc.Status != StatusTriage || inc.Commander() != "" || inc.DeclaredBy != SystemActor {
					t.Errorf("INC-1 is %s, IC %q, declared by %s; want triage, IC vacant, by the server", inc.Status, inc.Commander(), inc.DeclaredBy)
				}
				if got := inc.DeclaredAt.Sub(inc.DetectedAt); got != 3*time.Minute {
					t.Errorf("time to declare = %v, want 3m", got)
				}
			})},
		{name: "the service's policy pages, and the IC role is vacant", by: System(),
			cmd:  ReceiveAlerts{Source: "alertmanager", GroupKey: checkoutGroup, Title: "PaymentsDown", Severity: Sev1, Service: "payments", Alerts: []Alert{errorRate}},
			text: "opened by alertmanager: SEV1 PaymentsDown (service payments); paged level 1: dave; firing HighErrorRate — checkout 5xx above 5% (since 02:57 UTC)",
			check: func(t *testing.T, r *room) {
				if inc := r.inc(); inc.Commander() != "" || inc.Ladder.Spec.Policy != "payments" || !inc.Ladder.Waiting("dave") {
					t.Errorf("IC %q, ladder %+v; want the IC vacant and dave paged by the payments policy", inc.Commander(), inc.Ladder)
				}
			}},
		{name: "several alerts: detected when the earliest started", by: System(), cmd: notify(latency, errorRate),
			text:  "opened by alertmanager: SEV3 HighErrorRate — checkout 5xx above 5%; paged level 1: bob; 2 alerts: firing HighLatency — checkout p99 above 2s (since 02:59 UTC); firing HighErrorRate — checkout 5xx above 5% (since 02:57 UTC)",
			check: checks(alerts(latency, errorRate), func(t *testing.T, r *room) { sameTime(t, "DetectedAt", r.inc().DetectedAt, at(-3*time.Minute)) })},
		{name: "a resolved alert beside a firing one", by: System(), cmd: notify(resolvedAt(latency, 0), errorRate),
			check: alerts(resolvedAt(latency, 0), errorRate)},
		{name: "an alert that started the day before", by: System(), cmd: notify(early),
			text: "opened by alertmanager: SEV3 HighErrorRate — checkout 5xx above 5%; paged level 1: bob; firing HighErrorRate — checkout 5xx above 5% (since Nov 27 23:00 UTC)"},
		{name: "a start ahead of the server's clock is detected at the declaration", by: System(), cmd: notify(future),
			check: func(t *testing.T, r *room) { sameTime(t, "DetectedAt", r.inc().DetectedAt, t0) }},
		{name: "without a title: the alert's name", by: System(),
			cmd:   ReceiveAlerts{Source: "alertmanager", GroupKey: checkoutGroup, Title: " \x1b[2J ", Alerts: []Alert{errorRate}},
			check: func(t *testing.T, r *room) { equal(t, "title", r.inc().Title, "HighErrorRate") }},
		{name: "a long title is shortened", by: System(),
			cmd: ReceiveAlerts{Source: "alertmanager", GroupKey: checkoutGroup, Title: strings.Repeat("é", 300), Alerts: []Alert{errorRate}},
			check: func(t *testing.T, r *room) {
				equal(t, "title", r.inc().Title, strings.Repeat("é", MaxTitleRunes-1)+"…")
			}},
		{name: "another group opens another incident", setup: []step{receive(0, errorRate)}, by: System(),
			cmd:   ReceiveAlerts{Source: "alertmanager", GroupKey: "{}:{alertname=\"DiskFull\"}", Title: "DiskFull", Alerts: []Alert{latency}},
			want:  Declared{Number: 2, Title: "DiskFull", Severity: Sev3, Ladder: defaultLadder, Source: "alertmanager", AlertGroup: "{}:{alertname=\"DiskFull\"}", DetectedAt: at(-time.Minute), Alerts: []Alert{latency}},
			check: groupHeldBy("INC-1")},
		{name: "the group of a resolved incident opens a new one",
			setup: []step{receive(0, errorRate), {at: 5 * time.Minute, by: bob, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}}},
			at:    10 * time.Minute, by: System(), cmd: notify(refired),
			want:  Declared{Number: 2, Title: "HighErrorRate — checkout 5xx above 5%", Severity: Sev3, Ladder: defaultLadder, Source: "alertmanager", AlertGroup: checkoutGroup, DetectedAt: at(10 * time.Minute), Alerts: []Alert{refired}},
			check: checks(groupHeldBy("INC-2"), alerts(errorRate))},

		{name: "only resolved alerts and no incident", by: System(), cmd: notify(resolvedAt(errorRate, 0)),
			code: CodeNotFound, msg: []string{"no open incident for this alert group"}},
		{name: "only resolved alerts after the incident was resolved",
			setup: []step{receive(0, errorRate), {at: 5 * time.Minute, by: bob, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}}},
			by:    System(), cmd: notify(resolvedAt(errorRate, 4*time.Minute)),
			code: CodeNotFound, msg: []string{"no open incident for this alert group"}},
		{name: "an observer", by: observer, cmd: opening,
			code: CodeForbidden, msg: []string{"olive is an observer"}},
		{name: "a person making up alerts", by: alice, cmd: opening,
			code: CodeForbidden, msg: []string{"only the server itself records alerts"}},
	})
}

func TestAlertsAttachToTheOpenIncident(t *testing.T) {
	twelve := make([]Alert, 12)
	for i := range twelve {
		twelve[i] = Alert{Fingerprint: fmt.Sprint("fp", i), Status: AlertFiring, StartsAt: t0, Name: fmt.Sprint("A", i)}
	}
	opened := []step{receive(0, errorRate)}
	refired := refiredAt(errorRate, 10*time.Minute)
	noEnd := resolvedAt(errorRate, 0)
	noEnd.EndsAt = time.Time{}
	runCases(t, warRules(), []decideCase{
		{name: "a new alert of the group", setup: opened, at: time.Minute, by: System(), cmd: notify(errorRate, latency),
			want: AlertsReceived{Source: "alertmanager", Alerts: []Alert{latency}}, text: "alertmanager: firing HighLatency — checkout p99 above 2s (since 02:59 UTC)",
			check: alerts(latency, errorRate)},
		{name: "the resolving of a firing alert", setup: []step{receive(0, errorRate, latency)}, at: 5 * time.Minute, by: System(),
			cmd:   notify(resolvedAt(errorRate, 5*time.Minute), latency),
			want:  AlertsReceived{Source: "alertmanager", Alerts: []Alert{resolvedAt(errorRate, 5*time.Minute)}},
			text:  "alertmanager: resolved HighErrorRate — checkout 5xx above 5% (02:57 to 03:05 UTC)",
			check: alerts(latency, resolvedAt(errorRate, 5*time.Minute))},
		{name: "the last firing alert resolved leaves the incident open", setup: opened, at: 5 * time.Minute, by: System(),
			cmd:  notify(resolvedAt(errorRate, 5*time.Minute)),
			text: "alertmanager: resolved HighErrorRate — checkout 5xx above 5% (02:57 to 03:05 UTC); all alerts of the group resolved",
			check: checks(groupHeldBy("INC-1"), func(t *testing.T, r *room) {
				if r.inc().Status != StatusTriage {
					t.Errorf("status %s; people resolve incidents, not alerts", r.inc().Status)
				}
			})},
		{name: "resolved with and without an end time", setup: []step{receive(0, errorRate, latency)}, by: System(),
			cmd:  notify(noEnd, resolvedAt(latency, 0)),
			text: "alertmanager: 2 alerts: resolved HighErrorRate — checkout 5xx above 5% (started 02:57 UTC); resolved HighLatency — checkout p99 above 2s (02:59 to 03:00 UTC); all alerts of the group resolved"},
		{name: "an alert not seen firing lands resolved", setup: opened, by: System(), cmd: notify(errorRate, resolvedAt(latency, 0)),
			want: AlertsReceived{Source: "alertmanager", Alerts: []Alert{resolvedAt(latency, 0)}}},
		{name: "a new start time for the same fingerprint is a new alert",
			setup: []step{receive(0, errorRate), receive(5*time.Minute, resolvedAt(errorRate, 5*time.Minute))},
			at:    11 * time.Minute, by: System(), cmd: notify(refired),
			want: AlertsReceived{Source: "alertmanager", Alerts: []Alert{refired}}, text: "alertmanager: firing HighErrorRate — checkout 5xx above 5% (since 03:10 UTC)",
			check: alerts(resolvedAt(errorRate, 5*time.Minute), refired)},
		{name: "an alert repeated within a notification lands once", setup: opened, by: System(), cmd: notify(latency, latency),
			want: AlertsReceived{Source: "alertmanager", Alerts: []Alert{latency}}},
		{name: "an alert firing and resolved within a notification", setup: opened, by: System(),
			cmd:   notify(latency, resolvedAt(latency, 0), latency, resolvedAt(latency, 0)),
			want:  AlertsReceived{Source: "alertmanager", Alerts: []Alert{latency, resolvedAt(latency, 0)}},
			check: alerts(resolvedAt(latency, 0), errorRate)},
		{name: "the entry lists ten alerts and counts the rest", setup: opened, by: System(), cmd: notify(twelve...),
			text: "alertmanager: 12 alerts: firing A0 (since 03:00 UTC); firing A1 (since 03:00 UTC); firing A2 (since 03:00 UTC); " +
				"firing A3 (since 03:00 UTC); firing A4 (since 03:00 UTC); firing A5 (since 03:00 UTC); firing A6 (since 03:00 UTC); " +
				"firing A7 (since 03:00 UTC); firing A8 (since 03:00 UTC); firing A9 (since 03:00 UTC); and 2 more",
			check: func(t *testing.T, r *room) { equal(t, "alerts kept", len(r.inc().Alerts), 13) }},

		{name: "a repeated notification", setup: opened, at: 5 * time.Minute, by: System(), cmd: notify(errorRate),
			code: CodeConflict, msg: []string{"nothing new in this notification for INC-1"}},
		{name: "a repeated resolve", setup: append(opened, receive(5*time.Minute, resolvedAt(errorRate, 5*time.Minute))), by: System(),
			cmd:  notify(resolvedAt(errorRate, 5*time.Minute)),
			code: CodeConflict, msg: []string{"nothing new"}},
		{name: "a stale firing after the resolve", setup: append(opened, receive(5*time.Minute, resolvedAt(errorRate, 5*time.Minute))), by: System(),
			cmd:  notify(errorRate),
			code: CodeConflict, msg: []string{"nothing new"}},
	})
}

// A group's life as Alertmanager reports it: every group_interval it sends
// the group's alerts again, whether or not anything changed. Each firing
// and each resolving lands on the timeline once.
func TestAlertmanagerGroupSequence(t *testing.T) {
	r := newRoom(t, warRules())
	refired := refiredAt(errorRate, 8*time.Minute)
	for _, row := range []struct {
		at     time.Duration
		alerts []Alert
		text   string // the entry it adds; "" when it adds none
	}{
		{0, []Alert{errorRate}, "opened by alertmanager: SEV3 HighErrorRate — checkout 5xx above 5%; paged level 1: bob; firing HighErrorRate — checkout 5xx above 5% (since 02:57 UTC)"},
		{time.Minute, []Alert{errorRate}, ""},
		{2 * time.Minute, []Alert{errorRate, latency}, "alertmanager: firing HighLatency — checkout p99 above 2s (since 02:59 UTC)"},
		{3 * time.Minute, []Alert{latency, errorRate}, ""},
		{4 * time.Minute, []Alert{resolvedAt(errorRate, 4*time.Minute), latency}, "alertmanager: resolved HighErrorRate — checkout 5xx above 5% (02:57 to 03:04 UTC)"},
		{5 * time.Minute, []Alert{resolvedAt(errorRate, 4*time.Minute), latency}, ""},
		{6 * time.Minute, []Alert{resolvedAt(errorRate, 4*time.Minute), resolvedAt(latency, 6*time.Minute)},
			"alertmanager: resolved HighLatency — checkout p99 above 2s (02:59 to 03:06 UTC); all alerts of the group resolved"},
		{7 * time.Minute, []Alert{resolvedAt(latency, 6*time.Minute)}, ""},
		{8 * time.Minute, []Alert{refired}, "alertmanager: firing HighErrorRate — checkout 5xx above 5% (since 03:08 UTC)"},
		{9 * time.Minute, []Alert{errorRate, refired}, ""},
	} {
		entries := 0
		if inc, ok := r.s.Incident("INC-1"); ok {
			entries = len(inc.Timeline)
		}
		_, err := r.try(receive(row.at, row.alerts...))
		if row.text == "" {
			checkRefusal(t, err, CodeConflict, "nothing new in this notification")
			continue
		}
		if err != nil {
			t.Fatalf("+%s: refused: %v", row.at, err)
		}
		if tl := r.inc().Timeline; len(tl) != entries+1 || tl[len(tl)-1].Text != row.text {
			t.Errorf("+%s: the timeline ends with %q after %d entries, want %q after %d", row.at, tl[len(tl)-1].Text, len(tl), row.text, entries+1)
		}
	}
	want := []Alert{resolvedAt(latency, 6*time.Minute), resolvedAt(errorRate, 4*time.Minute), refired}
	alerts(want...)(t, r)
	r.restart()
	alerts(want...)(t, r)
	groupHeldBy("INC-1")(t, r)
}

// An incident holds its group's key while it is open: a reopened incident
// takes it back unless a newer incident of the group holds it.
func TestAlertGroupFollowsResolveAndReopen(t *testing.T) {
	status := func(d time.Duration, id string, s Status) step {
		return step{at: d, by: bob, cmd: SetStatus{Incident: id, Status: s}}
	}
	r := newRoom(t, warRules(), receive(0, errorRate), status(time.Minute, "INC-1", StatusResolved))
	groupHeldBy("")(t, r)
	r.do(status(2*time.Minute, "INC-1", StatusInvestigating))
	groupHeldBy("INC-1")(t, r)
	r.do(receive(3*time.Minute, errorRate, latency))
	alerts(latency, errorRate)(t, r)

	r.do(status(4*time.Minute, "INC-1", StatusResolved))
	r.do(receive(5*time.Minute, refiredAt(errorRate, 5*time.Minute)))
	r.do(status(6*time.Minute, "INC-1", StatusMonitoring))
	groupHeldBy("INC-2")(t, r)
	r.restart()
	groupHeldBy("INC-2")(t, r)
}

// Every State keeps the alerts it had, whatever later notifications do.
func TestEarlierStatesKeepTheirAlerts(t *testing.T) {
	r := newRoom(t, warRules())
	var states []*State
	for _, st := range []step{
		receive(0, errorRate),
		receive(time.Minute, errorRate, latency),
		receive(2*time.Minute, resolvedAt(errorRate, 2*time.Minute), latency),
		{at: 3 * time.Minute, by: bob, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}},
		receive(4*time.Minute, refiredAt(errorRate, 4*time.Minute)),
	} {
		r.do(st)
		states = append(states, r.s)
	}
	for i, want := range []struct {
		alerts []Alert
		holder string
	}{
		{[]Alert{errorRate}, "INC-1"},
		{[]Alert{latency, errorRate}, "INC-1"},
		{[]Alert{latency, resolvedAt(errorRate, 2*time.Minute)}, "INC-1"},
		{[]Alert{latency, resolvedAt(errorRate, 2*time.Minute)}, ""},
		{[]Alert{latency, resolvedAt(errorRate, 2*time.Minute)}, "INC-2"},
	} {
		inc, _ := states[i].Incident("INC-1")
		if !reflect.DeepEqual(inc.Alerts, want.alerts) {
			t.Errorf("seq %d: alerts = %+v\nwant %+v", states[i].Seq, inc.Alerts, want.alerts)
		}
		holder := ""
		if inc, ok := states[i].IncidentForAlertGroup(checkoutGroup); ok {
			holder = inc.ID
		}
		if holder != want.holder {
			t.Errorf("seq %d: the group is held by %q, want %q", states[i].Seq, holder, want.holder)
		}
	}
}

// equal reports a mismatch of a field.
func equal[T comparable](t *testing.T, field string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", field, got, want)
	}
}

// BenchmarkRepeatedNotification measures the common case: Alertmanager
// repeating a group of 100 alerts to an incident that keeps 1,000, every
// one already known, so the notification is refused as nothing new.
func BenchmarkRepeatedNotification(b *testing.B) {
	group := make([]Alert, 1000)
	for i := range group {
		group[i] = Alert{Fingerprint: fmt.Sprintf("%016x", i*7919), Status: AlertFiring, StartsAt: t0, Name: "A", Summary: "s",
			Labels: map[string]string{"alertname": "A", "instance": fmt.Sprint("host-", i)}}
	}
	r := newRoom(b, warRules())
	for i := 0; i < len(group); i += MaxAlertsPerNotification {
		r.do(receive(0, group[i:i+MaxAlertsPerNotification]...))
	}
	repeat := notify(group[len(group)-MaxAlertsPerNotification:]...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decide(r.s, System(), repeat, r.now); ErrorCode(err) != CodeConflict {
			b.Fatalf("err = %v, want nothing new", err)
		}
	}
}
