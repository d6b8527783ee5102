package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
)

const authHeader = "Bearer " + testToken

func decodeJSON[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode %T: %v\n%s", v, err, body)
	}
	return v
}

func TestAPIAsksForItsToken(t *testing.T) {
	cases := []struct {
		name          string
		configured    string
		authorization string
		want          int
	}{
		{"no token configured", "", authHeader, http.StatusServiceUnavailable},
		{"no token configured, none sent", "", "", http.StatusServiceUnavailable},
		{"none sent", testToken, "", http.StatusUnauthorized},
		{"another scheme", testToken, "Basic " + testToken, http.StatusUnauthorized},
		{"bearer without a token", testToken, "Bearer ", http.StatusUnauthorized},
		{"wrong token", testToken, "Bearer not-the-token", http.StatusForbidden},
		{"a prefix of the token", testToken, "Bearer " + testToken[:4], http.StatusForbidden},
		{"right token", testToken, authHeader, http.StatusOK},
		{"scheme in lower case", testToken, "bearer " + testToken, http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, func(cfg *Config) { cfg.APIToken = func() string { return c.configured } })
			f.declare("Token test", "", model.Sev3)
			for _, path := range []string{"/api/v1/incidents", "/api/v1/incidents/INC-1"} {
				var headers []string
				if c.authorization != "" {
					headers = []string{"Authorization", c.authorization}
				}
				w := f.get(path, headers...)
				if w.Code != c.want {
					t.Errorf("%s: %d %s, want %d", path, w.Code, w.Body, c.want)
				}
				if c.want == http.StatusOK {
					continue
				}
				if e := decodeJSON[apiError](t, w.Body.Bytes()); e.Message == "" || strings.Contains(w.Body.String(), "Token test") {
					t.Errorf("%s: refusal body %s", path, w.Body)
				}
				if c.want == http.StatusUnauthorized && w.Header().Get("WWW-Authenticate") == "" {
					t.Errorf("%s: 401 without WWW-Authenticate", path)
				}
			}
		})
	}
}

func TestAPIListsIncidentsWithTheirMilestones(t *testing.T) {
	f := newFixture(t)
	a := f.declare("Disk full on db-3", "db", model.Sev2)
	f.declare("Slow builds", "", model.Sev4)
	f.dispatch(alice, model.SetStatus{Incident: a, Status: model.StatusMonitoring})
	f.resolve(a)

	list := decodeJSON[IncidentList](t, f.getOK("/api/v1/incidents", "Authorization", authHeader).Body.Bytes())
	if len(list.Incidents) != 2 {
		t.Fatalf("%d incidents, want 2", len(list.Incidents))
	}
	open, done := list.Incidents[0], list.Incidents[1]
	if open.Title != "Slow builds" || open.Status != "triage" || open.Commander != "alice" || !open.ResolvedAt.IsZero() {
		t.Errorf("open incident first: %+v", open)
	}
	if done.ID != a || done.Severity != "SEV2" || done.Service != "db" || done.AcknowledgedAt.IsZero() || done.MitigatedAt.IsZero() || done.ResolvedAt.IsZero() {
		t.Errorf("resolved incident: %+v", done)
	}
	if body := f.getOK("/api/v1/incidents", "Authorization", authHeader).Body.String(); strings.Count(body, `"resolved_at"`) != 1 {
		t.Errorf("a milestone not reached is not left out: %s", body)
	}
}

func TestAPIShowsOneIncidentWithItsWholeRecord(t *testing.T) {
	f := newFixture(t)
	id := f.declare("Payments failing", "payments", model.Sev1)
	note := f.dispatch(bob, model.PostNote{Incident: id, Text: "internal: card processor 502s"})
	f.dispatch(alice, model.AssignRole{Incident: id, Role: "comms", User: "carol"})
	f.dispatch(alice, model.AddAction{Incident: id, Title: "fail over to the backup processor", Owner: "bob"})
	f.update(id, "Some payments are failing.")
	f.dispatch(bob, model.Pin{Incident: id, Entry: 2, Pinned: true})
	f.dispatch(model.Actor{Name: "pager-pat", Level: model.LevelResponder}, model.Acknowledge{Incident: id})

	inc := decodeJSON[IncidentDetail](t, f.getOK("/api/v1/incidents/"+strings.ToLower(id), "Authorization", authHeader).Body.Bytes())
	if inc.ID != id || inc.Commander != "alice" || inc.AcknowledgedAt.IsZero() {
		t.Errorf("incident: %+v", inc.IncidentSummary)
	}
	if len(inc.Timeline) != 7 {
		t.Fatalf("timeline has %d entries, want 7: %+v", len(inc.Timeline), inc.Timeline)
	}
	if e := inc.Timeline[1]; e.Seq != note.Seq || e.Actor != "bob" || e.Kind != string(model.KindNote) || e.Text != "internal: card processor 502s" || !e.Pinned {
		t.Errorf("the note on the timeline: %+v, want it whole and pinned", e)
	}
	if r := inc.Roles[2]; r.Role != model.RoleComms || r.Holder != "carol" {
		t.Errorf("roles: %+v", inc.Roles)
	}
	if a := inc.Actions; len(a) != 1 || a[0].Owner != "bob" || a[0].State != "open" || a[0].Kind != "mitigation" {
		t.Errorf("actions: %+v", a)
	}
	if u := inc.Updates; len(u) != 1 || u[0].By != "alice" || u[0].Text != "Some payments are failing." {
		t.Errorf("updates: %+v", u)
	}
	if l := inc.Ladder; l == nil || l.Policy != "default" || len(l.Pages) != 1 || l.Pages[0].AckedBy != "pager-pat" || l.Levels[0].TimeoutSeconds != 300 {
		t.Errorf("ladder: %+v", l)
	}
}

func TestAPIAnswersUnknownIncidentsWith404(t *testing.T) {
	f := newFixture(t)
	f.declare("Only one", "", model.Sev3)
	for _, id := range []string{"INC-2", "0", "INC-", "%3Cscript%3E", strings.Repeat("9", 40)} {
		w := f.get("/api/v1/incidents/"+id, "Authorization", authHeader)
		if w.Code != http.StatusNotFound {
			t.Errorf("%s: %d %s, want 404", id, w.Code, w.Body)
			continue
		}
		if e := decodeJSON[apiError](t, w.Body.Bytes()); e.Code != string(model.CodeNotFound) || !strings.HasPrefix(e.Message, "no incident") {
			t.Errorf("%s: error %+v", id, e)
		}
	}
}

func TestAPIReadsTheTokenEachTime(t *testing.T) {
	token := ""
	f := newFixture(t, func(cfg *Config) { cfg.APIToken = func() string { return token } })
	if w := f.get("/api/v1/incidents", "Authorization", authHeader); w.Code != http.StatusServiceUnavailable {
		t.Fatalf("before a token is configured: %d", w.Code)
	}
	token = testToken
	if w := f.get("/api/v1/incidents", "Authorization", authHeader); w.Code != http.StatusOK {
		t.Errorf("once a token is configured: %d", w.Code)
	}
}
