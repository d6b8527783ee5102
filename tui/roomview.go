package tui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
)

// view draws the whole room: header, timeline (or help) and footer.
func (r *roomScreen) view(m *app) string {
	key := headerKey{people: r.people, width: m.width, styles: m.stylesGen}
	if inc := r.inc; inc != nil {
		key.severity, key.status, key.title, key.elapsed = inc.Severity, inc.Status, inc.Title, roomElapsed(inc, m.now())
	}
	header := r.header.get(key, func() string { return r.renderHeader(m, key.elapsed) })

	var body string
	if m.showHelp {
		body = exactLines(fullHelp(m, m.keys.roomHelp(), r.timelineHeight(m)), r.timelineHeight(m))
	} else {
		if r.inc != nil {
			r.timeline.SetShowDates(spansDays(r.inc, m.now()))
		}
		body = r.timeline.View()
	}
	return header + "\n" + body + "\n" + r.footer(m)
}

// renderHeader draws the incident line, who is here, and a rule.
func (r *roomScreen) renderHeader(m *app, elapsed string) string {
	st := m.styles
	var badges []string
	if r.input == nil {
		badges = append(badges, st.Badge.Render("observer"))
	}
	if m.opts.OpenMode {
		badges = append(badges, st.Badge.Render("open mode"))
	}
	second := spread(st.Muted.Render("here: "+r.people), strings.Join(badges, " "), m.width)
	if r.inc == nil {
		return strings.Join([]string{
			spread(st.Title.Render(r.id), st.Muted.Render("not found"), m.width), second, m.rule(),
		}, "\n")
	}
	inc := r.inc
	left := st.Severity(int(inc.Severity)).Render(inc.Severity.String()) + " " +
		st.Title.Render(inc.ID) + "  " + st.Accent.Render(string(inc.Status)) + "  " + st.Text.Render(inc.Title)
	return strings.Join([]string{
		spread(left, st.Text.Render(elapsed), m.width), second, m.rule(),
	}, "\n")
}

// roomElapsed is how long the incident has been going, to the second, or
// how long it took once resolved.
func roomElapsed(inc *model.Incident, now time.Time) string {
	if !inc.Status.Open() {
		return "resolved after " + elapsed.Seconds.Format(inc.StatusSince.Sub(inc.DeclaredAt))
	}
	return elapsed.Seconds.Format(now.Sub(inc.DeclaredAt))
}

// spansDays reports whether the incident covers more than one calendar day
// in now's time zone, counting today while it is still open.
func spansDays(inc *model.Incident, now time.Time) bool {
	last := inc.UpdatedAt
	if inc.Status.Open() && now.After(last) {
		last = now
	}
	y1, m1, d1 := inc.DeclaredAt.In(now.Location()).Date()
	y2, m2, d2 := last.In(now.Location()).Date()
	return y1 != y2 || m1 != m2 || d1 != d2
}

// footer is the rule (with the "new below" marker), the input line and the
// status line: the last refusal, or the short help.
func (r *roomScreen) footer(m *app) string {
	lines := []string{r.markerRule(m)}
	if r.input != nil {
		lines = append(lines, r.input.View())
	}
	status := r.status.get(statusKey{err: r.inputErr, width: m.width, styles: m.stylesGen}, func() string {
		if r.inputErr != "" {
			return m.styles.Error.Render(truncate(r.inputErr, m.width))
		}
		return truncate(m.help.ShortHelpView(m.keys.roomHelp().short), m.width)
	})
	return strings.Join(append(lines, status), "\n")
}

// markerRule is the rule under the timeline; while scrolled back it says
// how many entries arrived below.
func (r *roomScreen) markerRule(m *app) string {
	st := m.styles
	if r.timeline.Following() {
		return m.rule()
	}
	label := st.Muted.Render(" scrolled back · end follows ")
	if n := r.timeline.Unseen(); n > 0 {
		label = st.Warn.Bold(true).Render(fmt.Sprintf(" %d new ↓ ", n))
	}
	return truncate(st.Rule(m.width-lipgloss.Width(label)-2)+label+st.Rule(2), m.width)
}

// cursor places the terminal's cursor in the input line.
func (r *roomScreen) cursor(m *app) *tea.Cursor {
	if r.input == nil || m.showHelp {
		return nil
	}
	return offsetCursor(r.input.Cursor(), 0, m.height-2)
}

// exactLines pads or cuts s to n lines.
func exactLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
