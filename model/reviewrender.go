package model

import (
	"fmt"
	"strings"
	"time"
)

// reviewTimeLayout is how a review writes times: UTC, to the minute.
const reviewTimeLayout = "2006-01-02 15:04Z"

// reviewFormat is one way of writing a review down. render walks the
// review in its one order and a format writes each part, so that Markdown
// and plain text cannot drift apart.
type reviewFormat interface {
	header(b *strings.Builder, d *ReviewDraft)
	heading(b *strings.Builder, title string)
	section(b *strings.Builder, s ReviewSection)
	warnings(b *strings.Builder, warnings []string)
	moments(b *strings.Builder, moments []KeyMoment)
	durations(b *strings.Builder, durations []ReviewDuration)
	actions(b *strings.Builder, actions []ReviewAction)
}

// Markdown renders the review as a Markdown document, the form a review is
// published and shared in.
func (d ReviewDraft) Markdown() string { return d.render(markdownReview{}) }

// Text renders the review as plain text for a terminal.
func (d ReviewDraft) Text() string { return d.render(textReview{}) }

// render writes the review in the order of Atlassian's template: the
// story (summary to recovery), the timeline and durations, the analysis
// (five whys to lessons), then the corrective actions.
func (d ReviewDraft) render(f reviewFormat) string {
	var b strings.Builder
	f.header(&b, &d)
	for _, s := range d.Sections {
		if s.Field == ReviewFiveWhys {
			f.heading(&b, "Timeline")
			f.moments(&b, d.KeyMoments)
			f.heading(&b, "Durations")
			f.durations(&b, d.Durations)
		}
		f.heading(&b, s.Title)
		f.section(&b, s)
		if s.Field == ReviewRootCause && len(d.Warnings) > 0 {
			f.warnings(&b, d.Warnings)
		}
	}
	f.heading(&b, "Corrective actions")
	f.actions(&b, d.Actions)
	return b.String()
}

// provenance says whether the review is a draft or published, and what
// record it was made from.
func (d *ReviewDraft) provenance() string {
	if d.Stamp != nil {
		return fmt.Sprintf("Published by %s on %s, from the record at event %d.", d.Stamp.By, d.Stamp.Time.UTC().Format(reviewTimeLayout), d.From)
	}
	return fmt.Sprintf("Draft, from the record at event %d.", d.From)
}

// facts are the incident's particulars, in order, as label and value.
func (d *ReviewDraft) facts() [][2]string {
	facts := [][2]string{{"Severity", d.Severity}}
	if d.Service != "" {
		facts = append(facts, [2]string{"Service", d.Service})
	}
	facts = append(facts, [2]string{"Status", string(d.Status)})
	if !d.DetectedAt.IsZero() {
		facts = append(facts, [2]string{"Detected", d.DetectedAt.UTC().Format(reviewTimeLayout) + " by monitoring"})
	}
	facts = append(facts,
		[2]string{"Declared", d.DeclaredAt.UTC().Format(reviewTimeLayout) + " by " + d.DeclaredBy})
	if d.Commander != "" {
		facts = append(facts, [2]string{"Incident commander", d.Commander})
	}
	return facts
}

// notWritten is what an empty field shows: the question it answers.
func notWritten(s ReviewSection) string { return "Not written yet. " + s.Question }

// draftedNote tells the reader text came from the record, and how to
// replace it.
func draftedNote(s ReviewSection) string {
	return "Drafted from the record; replace it with /review set " + string(s.Field) + " TEXT."
}

// momentText is a key moment as a list shows it, continuation lines
// indented by indent.
func momentText(m KeyMoment, indent string) string {
	text := m.Actor + ": " + strings.ReplaceAll(m.Text, "\n", "\n"+indent)
	if m.Pinned {
		text += " (pinned)"
	}
	return text
}

// actionLine is a corrective action as a task: "#3 title (owner, due …)".
func actionLine(a ReviewAction) string {
	return fmt.Sprintf("#%d %s%s", a.N, a.Title, actionDetail(a.Owner, a.Due))
}

// span is a duration's figure, or "unknown" when a milestone is missing.
func (r ReviewDuration) span() string {
	if !r.Known {
		return "unknown"
	}
	return formatSpan(r.Duration)
}

// milestone is one end of a duration: "declared 2026-11-28 03:00Z", or
// "not yet declared".
func milestone(name string, t time.Time) string {
	if t.IsZero() {
		return "not " + name
	}
	return name + " " + t.UTC().Format(reviewTimeLayout)
}

// formatSpan writes a duration as people say it: "45s", "4m 30s", "2h 5m",
// "1d 3h"; only the two largest units, since nobody reviews an outage to
// the second after the first minute.
func formatSpan(d time.Duration) string {
	units := []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}}
	for i, u := range units {
		if d < u.size {
			continue
		}
		text := fmt.Sprintf("%d%s", d/u.size, u.name)
		if i+1 < len(units) {
			if n := d % u.size / units[i+1].size; n > 0 {
				text += fmt.Sprintf(" %d%s", n, units[i+1].name)
			}
		}
		return text
	}
	return "0s"
}
