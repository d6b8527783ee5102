package model

import "time"

// Stats is how the responders did over a window of time: per severity, how
// many incidents and how fast they were acknowledged and resolved, and how
// many were declared each day.
type Stats struct {
	From, To   time.Time       // the window: incidents declared in [From, To]
	Total      int             // incidents declared in the window
	BySeverity []SeverityStats // SEV1 to SEV4, one each, zero counts included
	// PerDay counts the incidents declared each UTC day, from the day of
	// From to the day of To, oldest first.
	PerDay []int
}

// SeverityStats is the response to one severity's incidents.
type SeverityStats struct {
	Severity Severity
	Count    int
	// Acknowledged and Resolved count the incidents the means are over:
	// those acknowledged, and those resolved (not reopened since).
	Acknowledged, Resolved int
	// MeanToAcknowledge is the mean of AcknowledgedAt − DeclaredAt,
	// MeanToResolve of ResolvedAt − DeclaredAt; zero when none counted.
	MeanToAcknowledge, MeanToResolve time.Duration
}

// ResponseStats works out the Stats of the incidents declared in the window
// ending at now.
func (s *State) ResponseStats(now time.Time, window time.Duration) Stats {
	st := Stats{From: now.Add(-window), To: now}
	first, last := DayOf(st.From), DayOf(now)
	st.PerDay = make([]int, max(daysBetween(first, last)+1, 1))
	var toAck, toResolve [Sev4 + 1]time.Duration
	st.BySeverity = make([]SeverityStats, 0, Sev4)
	for sev := Sev1; sev <= Sev4; sev++ {
		st.BySeverity = append(st.BySeverity, SeverityStats{Severity: sev})
	}
	for n := 1; n <= s.incidents.len(); n++ {
		inc := s.incidents.at(n)
		if inc.DeclaredAt.Before(st.From) || inc.DeclaredAt.After(now) || !inc.Severity.Valid() {
			continue
		}
		st.Total++
		st.PerDay[daysBetween(first, DayOf(inc.DeclaredAt))]++
		sev := &st.BySeverity[inc.Severity-1]
		sev.Count++
		if !inc.AcknowledgedAt.IsZero() {
			sev.Acknowledged++
			toAck[inc.Severity] += max(inc.AcknowledgedAt.Sub(inc.DeclaredAt), 0)
		}
		if !inc.ResolvedAt.IsZero() {
			sev.Resolved++
			toResolve[inc.Severity] += max(inc.ResolvedAt.Sub(inc.DeclaredAt), 0)
		}
	}
	for i := range st.BySeverity {
		sev := &st.BySeverity[i]
		if sev.Acknowledged > 0 {
			sev.MeanToAcknowledge = toAck[sev.Severity] / time.Duration(sev.Acknowledged)
		}
		if sev.Resolved > 0 {
			sev.MeanToResolve = toResolve[sev.Severity] / time.Duration(sev.Resolved)
		}
	}
	return st
}

// daysBetween counts the days from a to b; UTC days are all 24 hours.
func daysBetween(a, b Day) int { return int(b.Time().Sub(a.Time()) / (24 * time.Hour)) }
