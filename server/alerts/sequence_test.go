package alerts

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// step posts one testdata payload and expects an answer.
type step struct {
	file string // alertmanager-*.json to /hooks/alertmanager, generic-*.json to /hooks/alert
	want answer
}

func (s step) path() string {
	if strings.HasPrefix(s.file, "generic-") {
		return "/hooks/alert"
	}
	return "/hooks/alertmanager"
}

// Real notifications in the order monitoring sends them: grouping opens
// one incident per group key, repeats are deduplicated, and each alert's
// firing and resolving lands on the timeline once.
func TestNotificationSequences(t *testing.T) {
	const (
		firing      = "alertmanager-firing.json"
		oneResolved = "alertmanager-one-resolved.json"
		allResolved = "alertmanager-all-resolved.json"
		otherGroup  = "alertmanager-other-group.json"
		refiring    = "alertmanager-refiring.json"
	)
	opened := func(inc string) answer { return answer{Incident: inc, Result: resultOpened} }
	updated := func(inc string) answer { return answer{Incident: inc, Result: resultUpdated} }
	unchanged := func(inc string) answer { return answer{Incident: inc, Result: resultUnchanged} }
	ignored := answer{Result: resultIgnored}
	cases := []struct {
		name  string
		steps []step
		// Per incident, the kinds of its timeline entries and the state
		// of its alerts, "fingerprint:status" in fingerprint order.
		timelines map[string][]model.Kind
		alerts    map[string]string
	}{
		{"a firing group opens a triage incident",
			[]step{{firing, opened("INC-1")}},
			map[string][]model.Kind{"INC-1": {model.KindDeclared}},
			map[string]string{"INC-1": "1e2d:firing 8f3c:firing"}},
		{"the same group repeated adds nothing",
			[]step{{firing, opened("INC-1")}, {firing, unchanged("INC-1")}, {firing, unchanged("INC-1")}},
			map[string][]model.Kind{"INC-1": {model.KindDeclared}},
			map[string]string{"INC-1": "1e2d:firing 8f3c:firing"}},
		{"one alert resolved lands once",
			[]step{{firing, opened("INC-1")}, {oneResolved, updated("INC-1")}, {oneResolved, unchanged("INC-1")}},
			map[string][]model.Kind{"INC-1": {model.KindDeclared, model.KindAlertsReceived}},
			map[string]string{"INC-1": "1e2d:firing 8f3c:resolved"}},
		{"all resolved, one at a time",
			[]step{{firing, opened("INC-1")}, {oneResolved, updated("INC-1")}, {allResolved, updated("INC-1")}, {allResolved, unchanged("INC-1")}},
			map[string][]model.Kind{"INC-1": {model.KindDeclared, model.KindAlertsReceived, model.KindAlertsReceived}},
			map[string]string{"INC-1": "1e2d:resolved 8f3c:resolved"}},
		{"all resolved at once",
			[]step{{firing, opened("INC-1")}, {allResolved, updated("INC-1")}},
			map[string][]model.Kind{"INC-1": {model.KindDeclared, model.KindAlertsReceived}},
			map[string]string{"INC-1": "1e2d:resolved 8f3c:resolved"}},
		{"resolved alerts of no open incident are ignored",
			[]step{{allResolved, ignored}, {oneResolved, opened("INC-1")}},
			map[string][]model.Kind{"INC-1": {model.KindDeclared}},
			map[string]string{"INC-1": "1e2d:firing 8f3c:resolved"}},
		{"a different group opens its own incident",
			[]step{{firing, opened("INC-1")}, {otherGroup, opened("INC-2")}, {firing, unchanged("INC-1")}, {otherGroup, unchanged("INC-2")}},
			map[string][]model.Kind{"INC-1": {model.KindDeclared}, "INC-2": {model.KindDeclared}},
			map[string]string{"INC-1": "1e2d:firing 8f3c:firing", "INC-2": "a0b1:firing"}},
		{"an alert firing again with a new start is news",
			[]step{{firing, opened("INC-1")}, {oneResolved, updated("INC-1")}, {refiring, updated("INC-1")}, {refiring, unchanged("INC-1")}},
			map[string][]model.Kind{"INC-1": {model.KindDeclared, model.KindAlertsReceived, model.KindAlertsReceived}},
			map[string]string{"INC-1": "1e2d:firing 8f3c:resolved 8f3c:firing"}},
		{"the generic form groups and resolves the same way",
			[]step{{"generic-firing.json", opened("INC-1")}, {"generic-firing.json", unchanged("INC-1")}, {"generic-resolved.json", updated("INC-1")}, {"generic-resolved.json", unchanged("INC-1")}},
			map[string][]model.Kind{"INC-1": {model.KindDeclared, model.KindAlertsReceived}},
			map[string]string{"INC-1": "p99-:resolved"}},
		{"both endpoints side by side",
			[]step{{firing, opened("INC-1")}, {"generic-firing.json", opened("INC-2")}, {allResolved, updated("INC-1")}},
			map[string][]model.Kind{"INC-1": {model.KindDeclared, model.KindAlertsReceived}, "INC-2": {model.KindDeclared}},
			map[string]string{"INC-1": "1e2d:resolved 8f3c:resolved", "INC-2": "p99-:firing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			store := openStore(t)
			srv := serve(t, store, testToken)
			for i, s := range c.steps {
				status, got, _ := send(t, srv, request{path: s.path(), body: payload(t, s.file)})
				if status != 200 || got != s.want {
					t.Fatalf("step %d (%s): %d %+v, want 200 %+v", i+1, s.file, status, got, s.want)
				}
			}
			incidents := store.Snapshot().Incidents()
			if len(incidents) != len(c.timelines) {
				t.Fatalf("%d incidents, want %d", len(incidents), len(c.timelines))
			}
			for _, inc := range incidents {
				var kinds []model.Kind
				for _, e := range inc.Timeline {
					kinds = append(kinds, e.Kind)
				}
				if !slices.Equal(kinds, c.timelines[inc.ID]) {
					t.Errorf("%s timeline %v, want %v", inc.ID, kinds, c.timelines[inc.ID])
				}
				if got := alertStates(inc); got != c.alerts[inc.ID] {
					t.Errorf("%s alerts %q, want %q", inc.ID, got, c.alerts[inc.ID])
				}
			}
		})
	}
}

func alertStates(inc *model.Incident) string {
	var states []string
	for _, a := range inc.Alerts {
		states = append(states, fmt.Sprintf("%.4s:%s", a.Fingerprint, a.Status))
	}
	return strings.Join(states, " ")
}

// The incident an Alertmanager group opens reads like one a person would
// have declared, and knows when the alert started.
func TestOpenedIncident(t *testing.T) {
	store := openStore(t)
	srv := serve(t, store, testToken)
	send(t, srv, request{path: "/hooks/alertmanager", body: payload(t, "alertmanager-firing.json")})
	inc, ok := store.Snapshot().Incident("INC-1")
	if !ok {
		t.Fatal("no incident opened")
	}
	checks := []struct {
		what      string
		got, want any
	}{
		{"title", inc.Title, "HighErrorRate: checkout 5xx above 5%"},
		{"severity (the most severe firing alert)", inc.Severity, model.Sev1},
		{"service (the first alert's label)", inc.Service, "checkout"},
		{"status", inc.Status, model.StatusTriage},
		{"commander (vacant until someone takes it)", inc.Commander(), ""},
		{"declared by", inc.DeclaredBy, model.SystemActor},
		{"detected at (the first alert's start)", inc.DetectedAt, time.Date(2026, 5, 1, 9, 12, 4, 512e6, time.UTC)},
		{"alert group", inc.AlertGroup, `{}/{severity=~"critical|warning"}:{alertname="HighErrorRate"}`},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
}

// Once the group's incident is resolved, the group firing again opens a
// new incident rather than writing on a closed one.
func TestResolvedIncidentLeavesItsGroupToANewOne(t *testing.T) {
	store := openStore(t)
	srv := serve(t, store, testToken)
	firing := request{path: "/hooks/alertmanager", body: payload(t, "alertmanager-firing.json")}
	send(t, srv, firing)
	admin := model.Actor{Name: "alice", Level: model.LevelAdmin}
	if _, err := store.Dispatch(context.Background(), admin, model.SetStatus{Incident: "INC-1", Status: model.StatusResolved}); err != nil {
		t.Fatal(err)
	}
	refiring := request{path: "/hooks/alertmanager", body: payload(t, "alertmanager-refiring.json")}
	if status, got, _ := send(t, srv, refiring); status != 200 || got != (answer{Incident: "INC-2", Result: resultOpened}) {
		t.Errorf("after resolve: %d %+v, want INC-2 opened", status, got)
	}
}
