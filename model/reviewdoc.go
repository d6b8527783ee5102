package model

import "time"

// ReviewDraft is an incident's review as it reads now: the fields people
// wrote (or drafted from the record where they wrote nothing), the key
// moments of the timeline, the durations and the corrective actions. It is
// computed, never stored; publishing stores its Markdown.
type ReviewDraft struct {
	Incident   string    `json:"incident"`
	Title      string    `json:"title"`
	Severity   string    `json:"severity"`
	Service    string    `json:"service,omitempty"`
	Status     Status    `json:"status"`
	DeclaredBy string    `json:"declared_by"`
	DeclaredAt time.Time `json:"declared_at"`
	// DetectedAt is when monitoring saw it start; zero when unknown.
	DetectedAt time.Time `json:"detected_at,omitzero"`
	Commander  string    `json:"commander,omitempty"`
	// From is the last event of the record the draft was made from.
	From       uint64           `json:"from"`
	Sections   []ReviewSection  `json:"sections"`
	Durations  []ReviewDuration `json:"durations"`
	KeyMoments []KeyMoment      `json:"key_moments"`
	Actions    []ReviewAction   `json:"corrective_actions"`
	Warnings   []string         `json:"warnings,omitempty"`
	// Stamp says who published the review, and when; nil for a draft.
	Stamp *ReviewStamp `json:"published,omitempty"`
}

// ReviewSection is one free-text field of a draft. Drafted marks text the
// record suggested because nobody has written the field yet.
type ReviewSection struct {
	Field    ReviewField `json:"field"`
	Title    string      `json:"title"`
	Question string      `json:"question"`
	Text     string      `json:"text,omitempty"`
	Drafted  bool        `json:"drafted,omitempty"`
}

// ReviewDuration is one measure of the response: from one milestone to
// another, Known when both happened.
type ReviewDuration struct {
	Name     string        `json:"name"`
	FromName string        `json:"from_name"`
	ToName   string        `json:"to_name"`
	From     time.Time     `json:"from,omitzero"`
	To       time.Time     `json:"to,omitzero"`
	Duration time.Duration `json:"duration_ns,omitempty"`
	Known    bool          `json:"known"`
}

// KeyMoment is a timeline entry that shaped the incident: one a person
// pinned, or a change of state (declaration, severity, status, roles,
// pages, alerts).
type KeyMoment struct {
	Entry  int       `json:"entry"` // its number on the timeline
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`
	Text   string    `json:"text"`
	Pinned bool      `json:"pinned,omitempty"`
}

// ReviewAction is a corrective action: a follow-up action item.
type ReviewAction struct {
	N     int         `json:"n"`
	Title string      `json:"title"`
	Owner string      `json:"owner,omitempty"`
	Due   Day         `json:"due,omitzero"`
	State ActionState `json:"state"`
}

// ReviewStamp is who published a review, and when.
type ReviewStamp struct {
	By   string    `json:"by"`
	Time time.Time `json:"time"`
}

// isKeyMoment reports whether entries of kind are changes of state a
// review's timeline keeps.
func isKeyMoment(kind Kind) bool {
	switch kind {
	case KindDeclared, KindSeverity, KindStatus, KindRole, KindEscalated, KindPageAcked, KindAlertsReceived:
		return true
	}
	return false
}

// DraftReview drafts inc's review from the record in s.
func (s *State) DraftReview(inc *Incident) ReviewDraft {
	d := ReviewDraft{
		Incident: inc.ID, Title: inc.Title, Severity: inc.Severity.String(), Service: inc.Service,
		Status: inc.Status, DeclaredBy: inc.DeclaredBy, DeclaredAt: inc.DeclaredAt, DetectedAt: inc.DetectedAt, Commander: inc.Commander(),
		From: s.Seq, Durations: reviewDurations(inc), Warnings: inc.Review.Warnings(inc, s.Rules()),
		KeyMoments: []KeyMoment{}, Actions: []ReviewAction{},
	}
	drafts := s.reviewPrefill(inc)
	for _, f := range ReviewFields() {
		sec := ReviewSection{Field: f.Field, Title: f.Title, Question: f.Question, Text: inc.Review.Fields[f.Field]}
		if sec.Text == "" && drafts[f.Field] != "" {
			sec.Text, sec.Drafted = drafts[f.Field], true
		}
		d.Sections = append(d.Sections, sec)
	}
	for i, e := range inc.Timeline {
		if pinned := inc.Pinned[e.Seq]; pinned || isKeyMoment(e.Kind) {
			d.KeyMoments = append(d.KeyMoments, KeyMoment{Entry: i + 1, Time: e.Time, Actor: e.Actor, Text: e.Text, Pinned: pinned})
		}
	}
	for _, a := range inc.Actions {
		if a.Kind == ActionFollowUp {
			d.Actions = append(d.Actions, ReviewAction{N: a.N, Title: a.Title, Owner: a.Owner, Due: a.Due, State: a.State})
		}
	}
	return d
}

// reviewDurations measures the response from the incident's milestones:
// detection to declaration (known only when monitoring saw it start), and
// declaration to acknowledgement, mitigation and resolution.
func reviewDurations(inc *Incident) []ReviewDuration {
	span := func(name, fromName string, from time.Time, toName string, to time.Time) ReviewDuration {
		r := ReviewDuration{Name: name, FromName: fromName, ToName: toName, From: from, To: to}
		// A span that ends before it starts (clocks that disagree) is
		// not known, rather than shown as if it were the other way round.
		if !from.IsZero() && !to.IsZero() && !to.Before(from) {
			r.Duration, r.Known = to.Sub(from), true
		}
		return r
	}
	return []ReviewDuration{
		span("Time to detect", "alert started", inc.DetectedAt, "declared", inc.DeclaredAt),
		span("Time to acknowledge", "declared", inc.DeclaredAt, "acknowledged", inc.AcknowledgedAt),
		span("Time to mitigate", "declared", inc.DeclaredAt, "mitigated", inc.MitigatedAt),
		span("Time to resolve", "declared", inc.DeclaredAt, "resolved", inc.ResolvedAt),
	}
}
