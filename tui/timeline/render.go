package timeline

import (
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

// changeMarker starts entries that record a change rather than a person's
// note, so the two read differently even without colour.
const changeMarker = "» "

// render lays out one entry: time, actor, then the text wrapped to the
// rest of the width, continuation lines indented under the text.
func (m *Model) render(e *model.Entry) []string {
	layout := timeLayout
	if m.showDates {
		layout = dateTimeLayout
	}
	stamp := e.Time.In(m.loc).Format(layout)
	actor := fitWidth(model.Sanitize(e.Actor, false), actorWidth)
	indent := len(layout) + 1 + actorWidth + 1
	textWidth := max(m.width-indent, 1)

	text, textStyle := e.Text, m.styles.Note
	if e.Kind != model.KindNote {
		text, textStyle = changeMarker+text, m.styles.Change
	}
	wrapped := wrap(text, textWidth)

	out := make([]string, len(wrapped))
	pad := strings.Repeat(" ", indent)
	for i, line := range wrapped {
		prefix := pad
		if i == 0 {
			prefix = m.styles.Time.Render(stamp) + " " + m.styles.Actor.Render(actor) + " "
		}
		out[i] = ansi.Truncate(prefix+textStyle.Render(line), m.width, "")
	}
	return out
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
