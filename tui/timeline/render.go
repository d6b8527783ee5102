package timeline

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
)

// Time formats of the time column; the date joins it when an incident
// spans more than one day.
const (
	timeLayout     = "15:04:05"
	dateTimeLayout = "Jan 02 15:04:05"
)

// Marks that read without colour: changeMarker starts entries that record
// a change rather than a person's note, pinMarker stands in the gutter of
// pinned entries, updateLabel starts stakeholder updates, which the
// status page publishes, and attachmentLabel starts evidence piped in,
// shown folded (enter expands it).
const (
	changeMarker    = "» "
	pinMarker       = "◆"
	updateLabel     = "update"
	attachmentLabel = "[attachment]"
)

// render lays out one entry: the gutter, then the text wrapped to the
// rest of the width, continuation lines indented under the text. A
// selected entry's first line is highlighted across the window.
func (m *Model) render(e *model.Entry, number int, selected bool) []string {
	gutter, indent := m.gutter(e, number)
	text, textStyle := e.Text, m.styles.Note
	label := ""
	switch {
	case e.Kind == model.KindUpdate:
		label = updateLabel
	case e.Kind == model.KindAttached:
		// The entry reads "attached NAME (…)"; the label says it.
		label, text = attachmentLabel, strings.TrimPrefix(text, "attached ")
	case !e.IsNote():
		text, textStyle = changeMarker+text, m.styles.Change
	}
	if label != "" {
		text = label + " " + text
	}
	wrapped := wrap(text, max(m.width-indent, 1))

	body, badge := wrapped[0], ""
	if rest, ok := strings.CutPrefix(body, label); ok && label != "" {
		body, badge = rest, m.styles.Badge.UnsetPadding().Render(label)
	}
	first := gutter + badge + textStyle.Render(body)

	out := make([]string, len(wrapped))
	if selected {
		// One style across the whole line, so the highlight reads as a bar.
		out[0] = m.styles.Selected.Render(fitWidth(ansi.Strip(first), m.width))
	} else {
		out[0] = exactWidth(first, m.width)
	}
	pad := strings.Repeat(" ", indent)
	for i, l := range wrapped[1:] {
		out[i+1] = exactWidth(pad+textStyle.Render(l), m.width)
	}
	return out
}

// exactWidth cuts or pads a styled line to exactly width cells. Lines of
// one width let a layout put something beside the timeline without
// measuring them on every frame; an entry is measured once, when rendered.
func exactWidth(s string, width int) string {
	s = ansi.Truncate(s, width, "")
	return s + strings.Repeat(" ", max(width-ansi.StringWidth(s), 0))
}

// gutter starts an entry's first line: its number on the whole timeline
// (right-aligned, so the times line up), the pin marker, time and actor.
// It returns the gutter and its width in cells.
func (m *Model) gutter(e *model.Entry, number int) (string, int) {
	layout := timeLayout
	if m.showDates {
		layout = dateTimeLayout
	}
	numberWidth := len("#") + digits(len(m.entries))
	numberLabel := "#" + strconv.Itoa(number)
	numberLabel = strings.Repeat(" ", numberWidth-len(numberLabel)) + numberLabel
	stamp := e.Time.In(m.loc).Format(layout)
	// Number and time share the muted Time style, and one Render call
	// when no pin marker stands between them: rendering is most of the
	// cost of a frame that scrolls or resizes.
	var gutter string
	if m.pinned[e.Seq] {
		gutter = m.styles.Time.Render(numberLabel+" ") + m.styles.Warn.Render(pinMarker) + m.styles.Time.Render(" "+stamp)
	} else {
		gutter = m.styles.Time.Render(numberLabel + "   " + stamp)
	}
	gutter += " " + m.styles.Actor.Render(fitWidth(model.Sanitize(e.Actor, false), actorWidth)) + " "
	return gutter, numberWidth + len(" ") + ansi.StringWidth(pinMarker) + len(" ") + len(layout) + len(" ") + actorWidth + len(" ")
}

// wrap breaks text into lines at most width cells wide, measured in
// display cells so wide runes (CJK, emoji) never overflow, keeping the
// author's own line breaks.
func wrap(text string, width int) []string {
	var out []string
	for _, paragraph := range strings.Split(text, "\n") {
		out = append(out, strings.Split(ansi.Wrap(paragraph, width, ""), "\n")...)
	}
	return out
}

// fitWidth truncates s to width cells with an ellipsis and pads it to
// exactly width cells.
func fitWidth(s string, width int) string {
	s = ansi.Truncate(s, width, "…")
	return s + strings.Repeat(" ", max(width-ansi.StringWidth(s), 0))
}
