package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// report is what a run measured. Durations are in milliseconds and
// memory in bytes, so that the JSON reads without units.
type report struct {
	Mode     string `json:"mode"`     // tui or follow
	Sessions int    `json:"sessions"` // in follow mode, the watchers; the poster comes on top
	Rounds   int    `json:"rounds"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`

	Handshake  latencies `json:"handshake_ms"`   // dial until the room shows
	FanOut     latencies `json:"fanout_ms"`      // post until one other screen shows the note
	LastScreen latencies `json:"last_screen_ms"` // post until the last screen shows it, per round

	SeenPerRound       []int   `json:"seen_per_round"`        // how many other screens showed each note
	BytesPerUpdate     float64 `json:"bytes_per_update"`      // per screen, post to note shown
	IdleBytesPerSecond float64 `json:"idle_bytes_per_second"` // per screen

	Failures []failureJSON `json:"failures"`
	Server   serverReport  `json:"server"`

	Stalled  *stalledReport  `json:"stalled,omitempty"`  // with --stalled
	Shutdown *shutdownReport `json:"shutdown,omitempty"` // when the server went away during the run
}

type failureJSON struct {
	Session int    `json:"session"` // as in the user names: PREFIX-001 is 1
	Reason  string `json:"reason"`
}

// serverReport is the server's own cost, when its pid was given.
type serverReport struct {
	Measured      bool    `json:"measured"`
	RSSBefore     int64   `json:"rss_before"`      // before any session dialled
	RSSJoined     int64   `json:"rss_joined"`      // every session in the room
	RSSAfter      int64   `json:"rss_after"`       // after the last round
	RSSPerSession int64   `json:"rss_per_session"` // (after - before) / sessions connected, poster and stalled ones included
	IdleCPU       float64 `json:"idle_cpu"`        // cores used while idle
	PostingCPU    float64 `json:"posting_cpu"`     // cores used while posting
}

// latencies summarises a set of durations, in milliseconds.
type latencies struct {
	Count int     `json:"count"`
	P50   float64 `json:"p50"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
}

func summarise(ds []time.Duration) latencies {
	if len(ds) == 0 {
		return latencies{}
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	return latencies{
		Count: len(sorted),
		P50:   ms(percentile(sorted, 50)),
		P99:   ms(percentile(sorted, 99)),
		Max:   ms(sorted[len(sorted)-1]),
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// seconds is the spread of l for a sentence: "12.0 s", or "p50 3.1 s, max 12.0 s".
func (l latencies) seconds() string {
	if l.P50 == l.Max {
		return fmt.Sprintf("%.1f s", l.Max/1000)
	}
	return fmt.Sprintf("p50 %.1f s, max %.1f s", l.P50/1000, l.Max/1000)
}

// closeOut probes the server after the last round: its memory then, per
// session connected, and its CPU while posting.
func (s *serverReport) closeOut(server *serverProcess, before, postStart probe, sessions int) error {
	after, err := server.probe()
	if err != nil {
		return err
	}
	s.PostingCPU = after.cpuPerSecondSince(postStart)
	s.RSSAfter = after.rss
	s.RSSPerSession = (after.rss - before.rss) / int64(sessions)
	return nil
}

// percentile is the nearest-rank percentile of sorted, which is not empty.
func percentile(sorted []time.Duration, pct int) time.Duration {
	rank := (pct*len(sorted) + 99) / 100 // ceil(pct/100 * n)
	return sorted[max(rank, 1)-1]
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

func (r *report) failed(fs ...failure) {
	for _, f := range fs {
		r.Failures = append(r.Failures, failureJSON{Session: f.number, Reason: f.reason})
	}
}

// writeTable prints the report for a person.
func (r *report) writeTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	row := func(name, format string, args ...any) {
		fmt.Fprintf(tw, "%s\t"+format+"\n", append([]any{name}, args...)...)
	}
	lat := func(name string, l latencies) {
		row(name, "p50 %.1f ms\tp99 %.1f ms\tmax %.1f ms\t(n=%d)", l.P50, l.P99, l.Max, l.Count)
	}
	each := "screen"
	if r.Mode == modeFollow {
		each = "watcher"
		row("sessions", "%d watchers (timeline --follow) and a poster at %dx%d, %d rounds", r.Sessions, r.Width, r.Height, r.Rounds)
	} else {
		row("sessions", "%d at %dx%d, %d rounds", r.Sessions, r.Width, r.Height, r.Rounds)
	}
	lat("handshake", r.Handshake)
	lat("fan-out", r.FanOut)
	lat("last "+each, r.LastScreen)
	row(each+"s per note", "%s", seen(r.SeenPerRound))
	row("bytes per update", "%.0f per %s", r.BytesPerUpdate, each)
	row("idle bytes", "%.1f per second per %s", r.IdleBytesPerSecond, each)
	row("failures", "%d", len(r.Failures))
	if s := r.Server; s.Measured {
		if s.RSSAfter > 0 {
			row("server RSS", "before %s\tjoined %s\tafter %s\tper session %s", mib(s.RSSBefore), mib(s.RSSJoined), mib(s.RSSAfter), kib(s.RSSPerSession))
			row("server CPU", "idle %.1f%% of a core\tposting %.1f%% of a core", 100*s.IdleCPU, 100*s.PostingCPU)
		} else { // the run ended before the last round
			row("server RSS", "before %s\tjoined %s", mib(s.RSSBefore), mib(s.RSSJoined))
		}
	}
	if st := r.Stalled; st != nil {
		row("stalled", "%s", st.describe())
	}
	if sd := r.Shutdown; sd != nil {
		row("server went away", "during %s: %d of %d sessions ended, %d showed the goodbye, the last %.1f ms after the first",
			sd.Phase, sd.Ended, sd.Sessions, sd.Goodbyes, sd.GoodbyeSpread)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write the report: %w", err)
	}
	for _, f := range r.Failures {
		if _, err := fmt.Fprintf(w, "session %d: %s\n", f.Session, f.Reason); err != nil {
			return fmt.Errorf("write the report: %w", err)
		}
	}
	return nil
}

// seen condenses how many screens showed each note: "99 in every round",
// or the counts when they differ.
func seen(perRound []int) string {
	if len(perRound) == 0 {
		return "no rounds"
	}
	if slices.Min(perRound) == slices.Max(perRound) {
		return fmt.Sprintf("%d in every round", perRound[0])
	}
	parts := make([]string, len(perRound))
	for i, n := range perRound {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, " ")
}

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
func kib(b int64) string { return fmt.Sprintf("%.0f KiB", float64(b)/(1<<10)) }
