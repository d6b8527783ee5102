package web

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/warroom/warroom/model"
)

// newMetricsHandler serves /metrics from a registry of its own (nothing is
// registered globally, so servers in one process never share metrics).
// Everything is read at scrape time. The metrics reveal counts only, never
// titles, names or text, which is why /metrics needs no token.
func newMetricsHandler(cfg Config) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		newWarroomCollector(cfg),
	)
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{
		ErrorLog:      slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelError),
		ErrorHandling: promhttp.ContinueOnError,
		// A scrape walks every incident; a scraper or two at a time is plenty.
		MaxRequestsInFlight: 2,
	})
}

// warroomCollector reads the server's own metrics when scraped: sessions
// and the store's counters from their funcs, incidents and webhook
// deliveries from the current state.
type warroomCollector struct {
	cfg Config

	sessions, commits, events, commitSeconds    *prometheus.Desc
	subscribers, resyncs, deliveries, incidents *prometheus.Desc
	pending, maxLag, buffer                     *prometheus.Desc
}

func newWarroomCollector(cfg Config) *warroomCollector {
	desc := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("warroom_"+name, help, labels, nil)
	}
	return &warroomCollector{
		cfg:           cfg,
		sessions:      desc("sessions", "SSH sessions open now."),
		commits:       desc("commits_total", "Batches of events appended to the journal."),
		events:        desc("events_total", "Events committed."),
		commitSeconds: desc("commit_seconds", "Time to commit a batch: decide, durable append, fan-out."),
		subscribers:   desc("subscribers", "Store subscriptions open now: screens and followers."),
		resyncs:       desc("subscriber_resyncs_total", "Times a subscriber fell so far behind that it had to reload the state."),
		pending:       desc("subscriber_pending_events", "Events offered to subscribers and not yet taken, summed over all of them."),
		maxLag:        desc("subscriber_lag_events_max", "The most events any one subscriber has pending; past the buffer it resyncs."),
		buffer:        desc("subscriber_buffer_events", "Events a subscriber may have pending before it has to resync."),
		deliveries:    desc("webhook_deliveries_total", "Webhook deliveries of pages and stakeholder updates, by outcome.", "result"),
		incidents:     desc("incidents", "Incidents by status and severity (SEV1 … SEV4).", "status", "severity"),
	}
}

// Describe implements prometheus.Collector.
func (c *warroomCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.sessions, c.commits, c.events, c.commitSeconds, c.subscribers, c.resyncs, c.pending, c.maxLag, c.buffer, c.deliveries, c.incidents} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *warroomCollector) Collect(ch chan<- prometheus.Metric) {
	if c.cfg.Sessions != nil {
		ch <- prometheus.MustNewConstMetric(c.sessions, prometheus.GaugeValue, float64(c.cfg.Sessions()))
	}
	if c.cfg.Stats != nil {
		st := c.cfg.Stats()
		ch <- prometheus.MustNewConstMetric(c.commits, prometheus.CounterValue, float64(st.Commits))
		ch <- prometheus.MustNewConstMetric(c.events, prometheus.CounterValue, float64(st.Events))
		ch <- prometheus.MustNewConstMetric(c.subscribers, prometheus.GaugeValue, float64(st.Subscribers))
		ch <- prometheus.MustNewConstMetric(c.resyncs, prometheus.CounterValue, float64(st.Resyncs))
		ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(st.PendingEvents))
		ch <- prometheus.MustNewConstMetric(c.maxLag, prometheus.GaugeValue, float64(st.MaxPendingEvents))
		ch <- prometheus.MustNewConstMetric(c.buffer, prometheus.GaugeValue, float64(st.SubscriberBuffer))
		lat := st.CommitLatency
		buckets := make(map[float64]uint64, len(lat.Bounds))
		for i, b := range lat.Bounds {
			buckets[b.Seconds()] = lat.Cumulative[i]
		}
		ch <- prometheus.MustNewConstHistogram(c.commitSeconds, lat.Count, lat.Sum.Seconds(), buckets)
	}
	c.collectState(ch, c.cfg.Store.Snapshot())
}

// collectState counts the state's incidents by status and severity (every
// pair, zeros included, so a series never vanishes) and its deliveries.
func (c *warroomCollector) collectState(ch chan<- prometheus.Metric, st *model.State) {
	type key struct {
		status   model.Status
		severity model.Severity
	}
	counts := map[key]int{}
	var delivered, failed int
	for _, inc := range st.Incidents() {
		counts[key{inc.Status, inc.Severity}]++
		for _, d := range inc.Deliveries {
			if d.OK {
				delivered++
			} else {
				failed++
			}
		}
	}
	for _, status := range model.Statuses() {
		for sev := model.Sev1; sev <= model.Sev4; sev++ {
			ch <- prometheus.MustNewConstMetric(c.incidents, prometheus.GaugeValue,
				float64(counts[key{status, sev}]), string(status), sev.String())
		}
	}
	ch <- prometheus.MustNewConstMetric(c.deliveries, prometheus.CounterValue, float64(delivered), "ok")
	ch <- prometheus.MustNewConstMetric(c.deliveries, prometheus.CounterValue, float64(failed), "failed")
}
