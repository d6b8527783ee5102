package model

import (
	"slices"
	"strings"
	"time"
)

// ReviewField names one free-text field of a post-incident review, after
// Atlassian's post-incident review template. Field names are stored in
// events; never rename one.
type ReviewField string

const (
	ReviewSummary      ReviewField = "summary"
	ReviewLeadUp       ReviewField = "lead-up"
	ReviewFault        ReviewField = "fault"
	ReviewImpact       ReviewField = "impact"
	ReviewDetection    ReviewField = "detection"
	ReviewResponse     ReviewField = "response"
	ReviewRecovery     ReviewField = "recovery"
	ReviewFiveWhys     ReviewField = "five-whys"
	ReviewRootCause    ReviewField = "root-cause"
	ReviewBacklogCheck ReviewField = "backlog-check"
	ReviewRecurrence   ReviewField = "recurrence"
	ReviewLessons      ReviewField = "lessons"
)

// ReviewFieldSpec describes a field: its heading, the other names it may be
// typed as, and the question it answers, shown while it is empty.
type ReviewFieldSpec struct {
	Field    ReviewField
	Title    string
	Aliases  []string
	Question string
}

// ReviewFields lists the free-text fields in the order a review reads.
func ReviewFields() []ReviewFieldSpec {
	return []ReviewFieldSpec{
		{ReviewSummary, "Summary", nil, "What happened, to whom, and for how long, in two or three sentences."},
		{ReviewLeadUp, "Lead-up", []string{"leadup"}, "The changes and circumstances that led to the incident."},
		{ReviewFault, "Fault", nil, "What failed, and how it failed."},
		{ReviewImpact, "Impact", nil, "Who noticed what, how many customers were affected, and for how long."},
		{ReviewDetection, "Detection", []string{"detect"}, "How and when we found out, and how we could find out sooner."},
		{ReviewResponse, "Response", []string{"respond"}, "Who responded, when, and what helped or slowed them."},
		{ReviewRecovery, "Recovery", []string{"recover"}, "How service was restored, and what made that slow or fast."},
		{ReviewFiveWhys, "Five whys", []string{"fivewhys", "5whys", "5-whys", "whys"}, "Ask why, five times, from the fault down to the cause."},
		{ReviewRootCause, "Root cause", []string{"rootcause", "root", "cause"}, "The condition that, had it been different, would have prevented this incident."},
		{ReviewBacklogCheck, "Backlog check", []string{"backlogcheck", "backlog"}, "Was there work in the backlog that would have prevented this, and why was it not done?"},
		{ReviewRecurrence, "Recurrence", []string{"recur"}, "Has this, or something like it, happened before?"},
		{ReviewLessons, "Lessons learned", []string{"lessons-learned", "lessonslearned", "learned"}, "What went well, what went badly, and where we got lucky."},
	}
}

// ParseReviewField reads a field name or alias, ignoring case.
func ParseReviewField(s string) (ReviewFieldSpec, error) {
	n := strings.ToLower(strings.TrimSpace(s))
	names := make([]string, 0, len(ReviewFields()))
	for _, f := range ReviewFields() {
		if n == string(f.Field) || slices.Contains(f.Aliases, n) {
			return f, nil
		}
		names = append(names, string(f.Field))
	}
	return ReviewFieldSpec{}, Errorf(CodeInvalid, "no review field %q (%s)", Shorten(Sanitize(s, false), 32), strings.Join(names, ", "))
}

// Review is what people wrote of an incident's review. The rest of a
// review (timeline, durations, corrective actions) is drafted from the
// record when it is read; see State.DraftReview.
type Review struct {
	// Fields maps a field to its text; empty fields are absent. The map
	// is copied before it changes.
	Fields map[ReviewField]string
	// Published is the frozen review, nil while it is a draft.
	Published *PublishedReview
}

// PublishedReview is a review as it was frozen.
type PublishedReview struct {
	Seq  uint64 // the event that published it
	Time time.Time
	By   string
	// From is the last event of the record the review was made from.
	From     uint64
	Markdown string
}

// SetReviewField writes one free-text field of an incident's review; anyone
// who may write, until the review is published.
type SetReviewField struct {
	Incident string
	Field    string // name or alias
	Text     string
}

// PublishReview freezes the review of a resolved incident; the incident
// commander's call.
type PublishReview struct {
	Incident string
}

// ReviewFieldSet records a field written. Check is what the blameless
// check found in it when it was written (see Review.Warnings), kept so
// that the timeline reads the same under a later users file.
type ReviewFieldSet struct {
	Field ReviewField `json:"field"`
	Text  string      `json:"text"`
	Check string      `json:"check,omitempty"`
}

// ReviewPublished records a review frozen: the Markdown as it was rendered
// and the last event of the record it was made from. The event itself is
// chained like every other, so the frozen text is tamper-evident.
type ReviewPublished struct {
	From     uint64 `json:"from"`
	Markdown string `json:"markdown"`
}

const (
	KindReviewField     Kind = "review.field"
	KindReviewPublished Kind = "review.published"
)

func (ReviewFieldSet) Kind() Kind  { return KindReviewField }
func (ReviewPublished) Kind() Kind { return KindReviewPublished }

func (c SetReviewField) decide(d *decision) (string, Payload, error) {
	inc, err := d.unpublishedReview(c.Incident)
	if err != nil {
		return "", nil, err
	}
	f, err := ParseReviewField(c.Field)
	if err != nil {
		return "", nil, err
	}
	text, err := cleanText(c.Text, strings.ToLower(f.Title))
	if err != nil {
		return "", nil, err
	}
	if inc.Review.Fields[f.Field] == text {
		return "", nil, Errorf(CodeConflict, "the %s already says that", strings.ToLower(f.Title))
	}
	p := ReviewFieldSet{Field: f.Field, Text: text}
	if f.Field == ReviewRootCause {
		p.Check = strings.Join(blamelessFindings(text, reviewNames(inc, d.rules)), "; ")
	}
	return inc.ID, p, nil
}

func (c PublishReview) decide(d *decision) (string, Payload, error) {
	inc, err := d.unpublishedReview(c.Incident)
	if err != nil {
		return "", nil, err
	}
	if err := d.commanding(inc, "publish the review"); err != nil {
		return "", nil, err
	}
	if inc.Status.Open() {
		return "", nil, Errorf(CodeConflict, "%s is %s; resolve it before publishing its review", inc.ID, inc.Status)
	}
	draft := d.state.DraftReview(inc)
	draft.Stamp = &ReviewStamp{By: d.actor.Name, Time: d.now}
	return inc.ID, ReviewPublished{From: d.state.Seq, Markdown: draft.Markdown()}, nil
}

func (d *decision) unpublishedReview(id string) (*Incident, error) {
	inc, err := d.incident(id)
	if err != nil {
		return nil, err
	}
	if inc.Review.Published != nil {
		return nil, Errorf(CodeConflict, "the review is published; it cannot change")
	}
	return inc, nil
}

func (p ReviewFieldSet) apply(s *State, e *Event) error {
	title := string(p.Field)
	if f, err := ParseReviewField(string(p.Field)); err == nil {
		title = strings.ToLower(f.Title)
	}
	text := "review: " + title + " set"
	if p.Check != "" {
		text += " (blameless check: " + p.Check + ")"
	}
	return s.change(e, text, func(inc *Incident) error {
		if inc.Review.Published != nil {
			return Errorf(CodeCorrupt, "event %d changes the published review of %s", e.Seq, e.Incident)
		}
		inc.Review.Fields = copyMap(inc.Review.Fields, p.Field, p.Text, false)
		return nil
	})
}

func (p ReviewPublished) apply(s *State, e *Event) error {
	return s.change(e, "published the post-incident review", func(inc *Incident) error {
		if inc.Review.Published != nil {
			return Errorf(CodeCorrupt, "event %d publishes the review of %s again", e.Seq, e.Incident)
		}
		inc.Review.Published = &PublishedReview{Seq: e.Seq, Time: e.Time, By: e.Actor, From: p.From, Markdown: p.Markdown}
		return nil
	})
}
