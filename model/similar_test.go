package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// history folds events into a State for similarity and stats tests, each
// at its own time.
type history struct {
	t *testing.T
	s *State
}

func newHistory(t *testing.T) *history { return &history{t: t, s: NewState(nil)} }

func (h *history) at(when time.Time, incident int, data Payload) *history {
	h.t.Helper()
	e := &Event{Seq: h.s.Seq + 1, ID: NewEventID(), Incident: IncidentID(incident), Time: when, Actor: "alice", Data: data}
	next, err := Apply(h.s, e)
	if err != nil {
		h.t.Fatalf("apply %+v: %v", e, err)
	}
	h.s = next
	return h
}

// declare adds the next incident, declared at t0 plus its number in hours.
func (h *history) declare(d Declared) *history {
	d.Number = h.s.incidents.len() + 1
	if d.Severity == 0 {
		d.Severity = Sev3
	}
	return h.at(t0.Add(time.Duration(d.Number)*time.Hour), d.Number, d)
}

func (h *history) resolve(n int) *history {
	inc := h.incident(n)
	return h.at(inc.DeclaredAt.Add(30*time.Minute), n, StatusChanged{From: inc.Status, To: StatusResolved})
}

func (h *history) incident(n int) *Incident {
	inc, ok := h.s.Incident(IncidentID(n))
	if !ok {
		h.t.Fatalf("no INC-%d", n)
	}
	return inc
}

func firing(name string, labels ...string) Alert {
	a := Alert{Fingerprint: name + strings.Join(labels, ""), Status: AlertFiring, StartsAt: t0, Name: name, Labels: map[string]string{"alertname": name}}
	for _, l := range labels {
		k, v, _ := strings.Cut(l, "=")
		a.Labels[k] = v
	}
	return a
}

// describeSimilar reads "INC-2 (same service checkout; similar title) 1 open".
func describeSimilar(list []Similar) []string {
	var out []string
	for _, s := range list {
		out = append(out, fmt.Sprintf("%s (%s) %d open", s.Incident.ID, strings.Join(s.Why, "; "), len(s.OpenFollowUps)))
	}
	return out
}

func TestSimilarIncidentReasons(t *testing.T) {
	cases := []struct {
		name      string
		past, now Declared
		want      []string
	}{
		{"same service, any case", Declared{Title: "Disk full", Service: "Checkout"}, Declared{Title: "Slow pages", Service: "checkout"},
			[]string{"INC-1 (same service Checkout) 0 open"}},
		{"no service is no reason", Declared{Title: "Disk full"}, Declared{Title: "Slow pages"}, nil},
		{"shared alert name", Declared{Title: "a", Alerts: []Alert{firing("HighErrorRate", "job=api")}},
			Declared{Title: "b", Alerts: []Alert{firing("HighErrorRate", "job=web")}},
			[]string{"INC-1 (alert HighErrorRate) 0 open"}},
		{"two shared label pairs", Declared{Title: "a", Alerts: []Alert{firing("DiskFull", "service=db", "volume=data")}},
			Declared{Title: "b", Alerts: []Alert{firing("HighLatency", "volume=data", "service=db", "job=x")}},
			[]string{"INC-1 (alert labels service=db, volume=data) 0 open"}},
		{"common labels are not enough", Declared{Title: "a", Alerts: []Alert{firing("DiskFull", "env=prod", "cluster=eu1", "severity=critical")}},
			Declared{Title: "b", Alerts: []Alert{firing("HighLatency", "cluster=eu1", "env=prod", "severity=critical")}}, nil},
		{"one shared label pair is not enough", Declared{Title: "a", Alerts: []Alert{firing("DiskFull", "env=prod", "cluster=eu1")}},
			Declared{Title: "b", Alerts: []Alert{firing("HighLatency", "env=prod", "cluster=us1")}}, nil},
		{"similar title ignores case, short and stop words", Declared{Title: "Checkout API returning 502s"},
			Declared{Title: "checkout api: returning 502s for EU"},
			[]string{"INC-1 (similar title) 0 open"}},
		{"titles under half alike", Declared{Title: "Checkout latency high in EU region"},
			Declared{Title: "Search latency high"}, nil},
		{"every reason", Declared{Title: "Checkout 5xx spike", Service: "checkout", Alerts: []Alert{firing("HighErrorRate")}},
			Declared{Title: "checkout 5xx spike again", Service: "checkout", Alerts: []Alert{firing("HighErrorRate")}},
			[]string{"INC-1 (same service checkout; alert HighErrorRate; similar title) 0 open"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHistory(t).declare(c.past).resolve(1).declare(c.now)
			got := describeSimilar(h.s.SimilarIncidents(h.incident(2), 0))
			if !slices.Equal(got, c.want) {
				t.Errorf("similar = %q, want %q", got, c.want)
			}
		})
	}
}

func TestSimilarIncidentsRankingAndCandidates(t *testing.T) {
	h := newHistory(t).
		declare(Declared{Title: "Checkout slow", Service: "checkout"}).                     // 1: one reason, oldest
		declare(Declared{Title: "Payments down", Service: "checkout"}).                     // 2: one reason, newer
		declare(Declared{Title: "Checkout errors at peak", Service: "checkout"}).           // 3: two reasons
		declare(Declared{Title: "Search down", Service: "search"}).                         // 4: not similar
		declare(Declared{Title: "Checkout errors at peak", Service: "checkout"}).           // 5: the one asked about
		declare(Declared{Title: "Checkout errors at peak again", Service: "checkout"}).     // 6: open, later: left out
		declare(Declared{Title: "Checkout errors at peak", Service: "checkout"}).resolve(7) // 7: resolved, later: in
	h.resolve(1).resolve(3)
	h.at(t0.Add(10*time.Hour), 3, ActionAdded{N: 1, Title: "Add a canary", Type: ActionFollowUp})
	h.at(t0.Add(10*time.Hour), 3, ActionAdded{N: 2, Title: "Alert on queue depth", Type: ActionFollowUp})
	h.at(t0.Add(10*time.Hour), 3, ActionAdded{N: 3, Title: "Roll back", Type: ActionMitigation})
	h.at(t0.Add(11*time.Hour), 3, ActionChanged{N: 2, Field: "state", State: ActionDone})

	got := describeSimilar(h.s.SimilarIncidents(h.incident(5), 0))
	want := []string{
		"INC-7 (same service checkout; similar title) 0 open",
		"INC-3 (same service checkout; similar title) 1 open",
		"INC-2 (same service checkout) 0 open",
		"INC-1 (same service checkout) 0 open",
	}
	if !slices.Equal(got, want) {
		t.Errorf("similar to INC-5 =\n%q\nwant\n%q", got, want)
	}
	if f := h.s.SimilarIncidents(h.incident(5), 0)[1].OpenFollowUps; len(f) != 1 || f[0].Title != "Add a canary" {
		t.Errorf("INC-3's open follow-ups = %+v, want only action 1", f)
	}
	if got := describeSimilar(h.s.SimilarIncidents(h.incident(5), 2)); !slices.Equal(got, want[:2]) {
		t.Errorf("limit 2 = %q, want %q", got, want[:2])
	}
	if got := h.s.SimilarIncidents(nil, 3); got != nil {
		t.Errorf("similar to nil = %v", got)
	}
}

// BenchmarkSimilarIncidents asks for the incidents like one among 5,000,
// as a room does on a declare: the worst case, where every title is alike
// and a fifth share the service, so every incident matches.
func BenchmarkSimilarIncidents(b *testing.B) {
	s := NewState(nil)
	services := []string{"checkout", "search", "payments", "auth", "cdn"}
	for n := 1; n <= 5000; n++ {
		svc := services[n%len(services)]
		d := Declared{Number: n, Severity: Severity(n%4 + 1), Service: svc,
			Title:  fmt.Sprintf("%s error rate above threshold in region %d", svc, n%7),
			Alerts: []Alert{firing(fmt.Sprintf("Alert%d", n%40), "env=prod", fmt.Sprintf("job=%s", svc), fmt.Sprintf("pod=p%d", n))}}
		e := &Event{Seq: s.Seq + 1, ID: NewEventID(), Incident: IncidentID(n), Time: t0.Add(time.Duration(n) * time.Minute), Actor: "alice", Data: d}
		next, err := Apply(s, e)
		if err != nil {
			b.Fatal(err)
		}
		s = next
	}
	inc, _ := s.Incident("INC-5000")
	b.ReportAllocs()
	for b.Loop() {
		if len(s.SimilarIncidents(inc, 5)) != 5 {
			b.Fatal("want 5 similar incidents")
		}
	}
}

// Labels that say where or how bad (cluster, severity) are shared by
// unrelated alerts: sharing them makes no two incidents alike.
func TestCommonLabelsMakeNoIncidentsAlike(t *testing.T) {
	if !commonLabel("Severity") || !commonLabel("cluster") || commonLabel("service") || commonLabel("alertname") {
		t.Error("commonLabel misjudges severity, cluster, service or alertname")
	}
}
