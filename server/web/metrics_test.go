package web

import (
	"context"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	pmodel "github.com/prometheus/common/model"

	"github.com/warroom/warroom/model"
)

// scrape GETs /metrics and parses it as Prometheus text exposition.
func scrape(t *testing.T, f *fixture) map[string]*dto.MetricFamily {
	t.Helper()
	w := f.getOK("/metrics")
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("/metrics Content-Type %q, want the text format", ct)
	}
	parser := expfmt.NewTextParser(pmodel.LegacyValidation)
	families, err := parser.TextToMetricFamilies(w.Body)
	if err != nil {
		t.Fatalf("/metrics is not Prometheus text: %v", err)
	}
	return families
}

// value is the value of the family's series whose labels include labels
// (name, value pairs).
func value(t *testing.T, families map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	t.Helper()
	fam, ok := families[name]
	if !ok {
		t.Fatalf("/metrics has no %s", name)
	}
series:
	for _, m := range fam.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue series
			}
		}
		switch fam.GetType() {
		case dto.MetricType_COUNTER:
			return m.GetCounter().GetValue()
		case dto.MetricType_GAUGE:
			return m.GetGauge().GetValue()
		case dto.MetricType_HISTOGRAM:
			return float64(m.GetHistogram().GetSampleCount())
		}
	}
	t.Fatalf("/metrics has no %s%v", name, labels)
	return 0
}

func TestMetricsCountWhatTheServerDid(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.store.Subscribe(ctx) // never reads: every event stays pending
	a := f.declare("Errors on checkout", "shop", model.Sev2)
	b := f.declare("Slow reports", "", model.Sev3)
	f.update(a, "Looking into it.")
	first := f.dispatch(alice, model.PostNote{Incident: a, Text: "first page"})
	second := f.dispatch(alice, model.PostNote{Incident: a, Text: "second page"})
	f.dispatch(model.System(), model.RecordDelivery{Incident: a, Event: first.Seq, Target: "slack", OK: true, Attempts: 1})
	f.dispatch(model.System(), model.RecordDelivery{Incident: a, Event: second.Seq, Target: "slack", OK: false, Attempts: 3, Detail: "HTTP 500"})
	f.resolve(b)
	committed := float64(f.store.Snapshot().Seq) // one dispatch at a time: one event per commit

	m := scrape(t, f)
	checks := []struct {
		name   string
		labels []string
		want   float64
	}{
		{"warroom_sessions", nil, 3},
		{"warroom_commits_total", nil, committed},
		{"warroom_events_total", nil, committed},
		{"warroom_commit_seconds", nil, committed},
		{"warroom_subscribers", nil, 1},
		{"warroom_subscriber_resyncs_total", nil, 0},
		{"warroom_subscriber_pending_events", nil, committed},
		{"warroom_subscriber_lag_events_max", nil, committed},
		{"warroom_subscriber_buffer_events", nil, 1024},
		{"warroom_webhook_deliveries_total", []string{"result", "ok"}, 1},
		{"warroom_webhook_deliveries_total", []string{"result", "failed"}, 1},
		{"warroom_incidents", []string{"status", "triage", "severity", "SEV2"}, 1},
		{"warroom_incidents", []string{"status", "resolved", "severity", "SEV3"}, 1},
		{"warroom_incidents", []string{"status", "monitoring", "severity", "SEV1"}, 0},
	}
	for _, c := range checks {
		if got := value(t, m, c.name, c.labels...); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if h := m["warroom_commit_seconds"].GetMetric()[0].GetHistogram(); h.GetSampleSum() <= 0 || len(h.GetBucket()) == 0 {
		t.Errorf("commit latency histogram: sum %v, %d buckets", h.GetSampleSum(), len(h.GetBucket()))
	}
	if n := len(m["warroom_incidents"].GetMetric()); n != 5*4 {
		t.Errorf("warroom_incidents has %d series, want one per status and severity (20)", n)
	}
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total"} {
		if _, ok := m[name]; !ok {
			t.Errorf("/metrics lacks %s", name)
		}
	}
}

func TestMetricsRevealNoNamesOrText(t *testing.T) {
	f := newFixture(t)
	id := f.declare("Secret project outage", "stealth", model.Sev1)
	f.dispatch(bob, model.PostNote{Incident: id, Text: "classified"})
	body := f.getOK("/metrics").Body.String()
	for _, private := range []string{"Secret project", "stealth", "classified", "alice", "bob", "INC-1"} {
		if strings.Contains(body, private) {
			t.Errorf("/metrics shows %q", private)
		}
	}
}

func TestMetricsFollowPrometheusConventions(t *testing.T) {
	f := newFixture(t)
	problems, err := testutil.CollectAndLint(newWarroomCollector(f.web.cfg))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", p.Metric, p.Text)
	}
}

func TestMetricsLeaveOutWhatWasNotGiven(t *testing.T) {
	f := newFixture(t, func(cfg *Config) { cfg.Stats, cfg.Sessions = nil, nil })
	m := scrape(t, f)
	for _, name := range []string{"warroom_sessions", "warroom_commits_total", "warroom_commit_seconds", "warroom_subscribers", "warroom_subscriber_lag_events_max"} {
		if _, ok := m[name]; ok {
			t.Errorf("/metrics has %s without a source for it", name)
		}
	}
	if _, ok := m["warroom_incidents"]; !ok {
		t.Error("/metrics lacks warroom_incidents, which the state always gives")
	}
}
