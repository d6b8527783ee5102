package model

import (
	"fmt"
	"strings"
)

// markdownReview writes a review as Markdown: a heading per part, the
// durations as a table, the timeline as a list and the corrective actions
// as a task list.
type markdownReview struct{}

func (markdownReview) header(b *strings.Builder, d *ReviewDraft) {
	fmt.Fprintf(b, "# Post-incident review: %s %s\n\n%s\n\n", d.Incident, d.Title, d.provenance())
	for _, f := range d.facts() {
		fmt.Fprintf(b, "- **%s:** %s\n", f[0], f[1])
	}
}

func (markdownReview) heading(b *strings.Builder, title string) {
	fmt.Fprintf(b, "\n## %s\n\n", title)
}

func (markdownReview) section(b *strings.Builder, s ReviewSection) {
	switch {
	case s.Text == "":
		fmt.Fprintf(b, "_%s_\n", notWritten(s))
	case s.Drafted:
		fmt.Fprintf(b, "%s\n\n_%s_\n", s.Text, draftedNote(s))
	default:
		fmt.Fprintf(b, "%s\n", s.Text)
	}
}

func (markdownReview) warnings(b *strings.Builder, warnings []string) {
	for _, w := range warnings {
		fmt.Fprintf(b, "\n> **Blameless check:** %s.\n", w)
	}
}

func (markdownReview) moments(b *strings.Builder, moments []KeyMoment) {
	b.WriteString("Key moments, in UTC: pinned entries and changes of state.\n\n")
	for _, m := range moments {
		fmt.Fprintf(b, "- %s %s\n", m.Time.UTC().Format(reviewTimeLayout), momentText(m, "  "))
	}
}

func (markdownReview) durations(b *strings.Builder, durations []ReviewDuration) {
	b.WriteString("| Measure | Duration | From | To |\n| --- | --- | --- | --- |\n")
	for _, r := range durations {
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", r.Name, r.span(), milestone(r.FromName, r.From), milestone(r.ToName, r.To))
	}
}

func (markdownReview) actions(b *strings.Builder, actions []ReviewAction) {
	if len(actions) == 0 {
		b.WriteString("_No follow-up action items yet; add them in the room with /action add TITLE kind:follow-up._\n")
		return
	}
	for _, a := range actions {
		box := " "
		if a.State == ActionDone {
			box = "x"
		}
		fmt.Fprintf(b, "- [%s] %s\n", box, actionLine(a))
	}
}

// textReview writes a review as plain text: headings in capitals, their
// text indented under them.
type textReview struct{}

const textIndent = "  "

func (textReview) header(b *strings.Builder, d *ReviewDraft) {
	fmt.Fprintf(b, "%s %s: post-incident review\n%s\n", d.Incident, d.Title, d.provenance())
	for _, f := range d.facts() {
		fmt.Fprintf(b, "%s%-19s %s\n", textIndent, f[0]+":", f[1])
	}
}

func (textReview) heading(b *strings.Builder, title string) {
	fmt.Fprintf(b, "\n%s\n", strings.ToUpper(title))
}

func (textReview) section(b *strings.Builder, s ReviewSection) {
	switch {
	case s.Text == "":
		writeIndented(b, "("+notWritten(s)+")")
	case s.Drafted:
		writeIndented(b, s.Text)
		writeIndented(b, "("+draftedNote(s)+")")
	default:
		writeIndented(b, s.Text)
	}
}

func (textReview) warnings(b *strings.Builder, warnings []string) {
	for _, w := range warnings {
		writeIndented(b, "! blameless check: "+w)
	}
}

func (textReview) moments(b *strings.Builder, moments []KeyMoment) {
	pad := textIndent + strings.Repeat(" ", len(reviewTimeLayout)+2)
	for _, m := range moments {
		fmt.Fprintf(b, "%s%s  %s\n", textIndent, m.Time.UTC().Format(reviewTimeLayout), momentText(m, pad))
	}
}

func (textReview) durations(b *strings.Builder, durations []ReviewDuration) {
	for _, r := range durations {
		fmt.Fprintf(b, "%s%-20s %-8s %s → %s\n", textIndent, r.Name, r.span(), milestone(r.FromName, r.From), milestone(r.ToName, r.To))
	}
}

func (textReview) actions(b *strings.Builder, actions []ReviewAction) {
	if len(actions) == 0 {
		writeIndented(b, "(No follow-up action items yet.)")
		return
	}
	for _, a := range actions {
		box := "[ ]"
		if a.State == ActionDone {
			box = "[x]"
		}
		writeIndented(b, box+" "+actionLine(a))
	}
}

// writeIndented writes text with every line indented.
func writeIndented(b *strings.Builder, text string) {
	for line := range strings.SplitSeq(text, "\n") {
		if line == "" {
			b.WriteString("\n")
			continue
		}
		fmt.Fprintf(b, "%s%s\n", textIndent, line)
	}
}
