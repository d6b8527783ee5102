package model

import (
	"slices"
	"testing"
	"time"
)

func TestResponseStats(t *testing.T) {
	day := 24 * time.Hour
	now := t0 // 2026-11-28 03:00 UTC
	h := newHistory(t)
	declare := func(at time.Time, sev Severity) int {
		n := h.s.incidents.len() + 1
		h.at(at, n, Declared{Number: n, Title: "x", Severity: sev})
		return n
	}
	change := func(n int, after time.Duration, to Status) {
		inc := h.incident(n)
		h.at(inc.DeclaredAt.Add(after), n, StatusChanged{From: inc.Status, To: to})
	}
	declare(now.Add(-3*day-time.Second), Sev1) // just outside the window
	edge := declare(now.Add(-3*day), Sev1)     // on its first instant: in
	change(edge, 4*time.Minute, StatusInvestigating)
	change(edge, time.Hour, StatusResolved)
	a := declare(now.Add(-2*time.Hour), Sev1) // 01:00 on the last day
	change(a, 2*time.Minute, StatusInvestigating)
	change(a, 2*time.Hour, StatusResolved)
	b := declare(now.Add(-day), Sev2) // acknowledged, still open
	change(b, 10*time.Minute, StatusIdentified)
	declare(now.Add(-day), Sev2)        // neither
	declare(now.Add(time.Minute), Sev3) // after now: out

	st := h.s.ResponseStats(now, 3*day)
	if st.Total != 4 {
		t.Errorf("total = %d, want 4", st.Total)
	}
	// The window starts at 03:00 three days back, so it touches four UTC days.
	if want := []int{1, 0, 2, 1}; !slices.Equal(st.PerDay, want) {
		t.Errorf("per day = %v, want %v", st.PerDay, want)
	}
	want := []SeverityStats{
		{Severity: Sev1, Count: 2, Acknowledged: 2, Resolved: 2, MeanToAcknowledge: 3 * time.Minute, MeanToResolve: 90 * time.Minute},
		{Severity: Sev2, Count: 2, Acknowledged: 1, MeanToAcknowledge: 10 * time.Minute},
		{Severity: Sev3},
		{Severity: Sev4},
	}
	if !slices.Equal(st.BySeverity, want) {
		t.Errorf("by severity =\n%+v\nwant\n%+v", st.BySeverity, want)
	}
	if !st.From.Equal(now.Add(-3*day)) || !st.To.Equal(now) {
		t.Errorf("window %v to %v", st.From, st.To)
	}
}

func TestResponseStatsOfNothing(t *testing.T) {
	st := NewState(nil).ResponseStats(t0, 30*24*time.Hour)
	if st.Total != 0 || len(st.PerDay) != 31 || len(st.BySeverity) != 4 {
		t.Errorf("empty stats = total %d, %d days, %d severities; want 0, 31, 4", st.Total, len(st.PerDay), len(st.BySeverity))
	}
}
