package model

import (
	"fmt"
	"strings"
)

// similarForReview is how many similar past incidents a review drafts its
// recurrence and backlog check from.
const similarForReview = 5

// reviewPrefill drafts the fields the record can answer while nobody has
// written them: recurrence lists the similar past incidents and why they
// look alike, the backlog check their follow-ups still open, the work that
// might have kept this one from happening.
func (s *State) reviewPrefill(inc *Incident) map[ReviewField]string {
	similar := s.SimilarIncidents(inc, similarForReview)
	if len(similar) == 0 {
		return map[ReviewField]string{ReviewRecurrence: "No similar past incident is on record (same service, alerts or title)."}
	}
	var recurrence, backlog strings.Builder
	recurrence.WriteString("Similar past incidents on record:")
	for _, sim := range similar {
		o := sim.Incident
		fmt.Fprintf(&recurrence, "\n- %s %s (%s, %s; %s)", o.ID, o.Title, o.Severity, o.Status, strings.Join(sim.Why, ", "))
		for _, a := range sim.OpenFollowUps {
			if backlog.Len() == 0 {
				backlog.WriteString("Follow-ups of similar incidents still open:")
			}
			fmt.Fprintf(&backlog, "\n- %s #%d %s%s", o.ID, a.N, a.Title, actionDetail(a.Owner, a.Due))
		}
	}
	if backlog.Len() == 0 {
		backlog.WriteString("The similar incidents left no follow-up open.")
	}
	return map[ReviewField]string{ReviewRecurrence: recurrence.String(), ReviewBacklogCheck: backlog.String()}
}

// actionDetail is an action's owner and due day in parentheses, as lists
// of actions show them: " (bob, due 2026-12-01)", "" when it has neither.
func actionDetail(owner string, due Day) string {
	var parts []string
	if owner != "" {
		parts = append(parts, owner)
	}
	if !due.IsZero() {
		parts = append(parts, "due "+due.String())
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
