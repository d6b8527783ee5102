package tui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
	"github.com/warroom/warroom/tui/timeline"
)

// sideBySideWidth is the narrowest window that shows the panes beside the
// timeline; below it they become tabs.
const sideBySideWidth = 120

// Lines above the body: the incident line, who leads and who is here, the
// timer strip, and a rule (the tab bar in the narrow layout).
const roomHeaderHeight = 4

func (r *roomScreen) footerHeight() int {
	if r.prompt != nil {
		return 3
	}
	return 2
}

func (r *roomScreen) bodyHeight(m *app) int {
	return max(m.height-roomHeaderHeight-r.footerHeight(), 0)
}

// sideWidth is the width of the pane column in the wide layout, 0 in the
// narrow one. A border with a space each side goes between it and the
// timeline.
func sideWidth(width int) int {
	if width < sideBySideWidth {
		return 0
	}
	return min(max(width/3, 40), 56)
}

func (r *roomScreen) resize(m *app) {
	w := m.width
	if side := sideWidth(m.width); side > 0 {
		w = m.width - side - 2 // the column: space, border, space, the panes
	}
	r.timeline.SetSize(w, r.bodyHeight(m))
	if r.prompt != nil {
		r.prompt.SetWidth(m.width)
	}
}

// view draws the whole room.
func (r *roomScreen) view(m *app) string {
	now := m.now()
	top := []string{r.renderHeader(m, now), r.renderStrip(m, now)}
	var body string
	switch {
	case m.showHelp:
		top = append(top, m.rule())
		body = m.helpView(r.helpSections(m), true, r.bodyHeight(m))
	case r.viewer != nil:
		top = append(top, m.rule())
		body = r.viewer.view(m, m.width, r.bodyHeight(m))
	case sideWidth(m.width) > 0:
		top = append(top, m.rule())
		body = r.wideBody(m, now)
	default:
		top = append(top, r.tabBar(m))
		body = r.narrowBody(m, now)
	}
	return strings.Join(top, "\n") + "\n" + body + "\n" + r.footer(m)
}

// wideBody puts the timeline on the left and the panes stacked on the
// right, each under its heading. The timeline's lines are all its width,
// so joining them costs no measuring; the column is built again only when
// a pane's view, the focus or the size changed.
func (r *roomScreen) wideBody(m *app, now time.Time) string {
	h := r.bodyHeight(m)
	side := sideWidth(m.width)
	key := sideKey{focus: r.focus, width: side, height: h, styles: m.stylesGen}
	heights := r.paneHeights(m, h)
	for i, p := range r.panes {
		key.views[i] = p.View(side-1, max(heights[i]-1, 0), now, r.focus == i+1)
	}
	if r.side == nil || key != r.sideFor {
		r.side, r.sideFor = r.paneColumn(m, key, heights), key
		r.body = ""
	}
	timeline := r.timelineView(now)
	if r.body != "" && timeline == r.bodyTimeline {
		return r.body // the clock ticked; nothing below the header changed
	}
	left := strings.Split(timeline, "\n")
	size := h
	for i := range h {
		if i < len(left) {
			size += len(left[i])
		}
		size += len(r.side[i])
	}
	var b strings.Builder
	b.Grow(size)
	for i := range h {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(left) {
			b.WriteString(left[i])
		}
		b.WriteString(r.side[i])
	}
	r.body, r.bodyTimeline = b.String(), timeline
	return r.body
}

// paneColumn draws the panes' views under their headings, h lines.
func (r *roomScreen) paneColumn(m *app, key sideKey, heights []int) []string {
	side, h := key.width, key.height
	border := " " + m.styles.Muted.Render("│") + " "
	lines := make([]string, 0, h)
	for i := range r.panes {
		if heights[i] == 0 {
			continue
		}
		lines = append(lines, border+r.paneHeading(m, i, side-1))
		for _, l := range strings.Split(key.views[i], "\n") {
			lines = append(lines, border+l)
		}
	}
	for len(lines) < h {
		lines = append(lines, border)
	}
	return lines[:h]
}

// sideKey is everything the pane column shows.
type sideKey struct {
	views                [4]string
	focus, width, height int
	styles               int
}

// paneHeights shares h lines between the panes, headings included: roles
// and ladder get what they need to show every row (within reason), similar
// past incidents (when there are any) up to a third of the rest, the
// action items what is left.
func (r *roomScreen) paneHeights(m *app, h int) []int {
	// Each pane: its heading, its rows, and a line for the policy name or
	// a vacant IC / pending handover.
	need := []int{len(m.state.Rules().Roles) + 2, 3}
	if r.inc != nil && r.inc.Ladder != nil {
		need[1] = len(r.inc.Ladder.Spec.Levels) + 2
	}
	roles := min(need[0], h/3)
	ladder := min(need[1], (h-roles)/2)
	similar := 0
	if n := r.similar.lines(); n > 0 {
		similar = min(n+1, (h-roles-ladder)/3)
	}
	return []int{roles, ladder, max(h-roles-ladder-similar, 0), similar}
}

func (r *roomScreen) paneHeading(m *app, i, width int) string {
	title := " " + r.panes[i].Title() + " "
	if r.focus == i+1 {
		return truncate(m.styles.Accent.Bold(true).Render(title)+m.styles.Rule(width-lipgloss.Width(title)), width)
	}
	return truncate(m.styles.Muted.Render(title)+m.styles.Rule(width-lipgloss.Width(title)), width)
}

// narrowBody shows one of the timeline and the panes, as the tab bar says.
func (r *roomScreen) narrowBody(m *app, now time.Time) string {
	if r.shown == focusTimeline {
		return r.timelineView(now)
	}
	h := r.bodyHeight(m)
	return r.panes[r.shown-1].View(m.width, h, now, r.focus == r.shown)
}

// tabBar names the timeline and the panes, the one shown highlighted.
func (r *roomScreen) tabBar(m *app) string {
	names := []string{"Timeline"}
	for _, p := range r.panes {
		names = append(names, p.Title())
	}
	key := tabBarKey{names: strings.Join(names, "\x00"), shown: r.shown, width: m.width, styles: m.stylesGen}
	return r.tabs.Get(key, func() string {
		st := m.styles
		var b strings.Builder
		for i, n := range names {
			label := " " + n + " "
			switch {
			case i == r.shown:
				b.WriteString(st.Selected.Render(label))
			default:
				b.WriteString(st.Muted.Render(label))
			}
		}
		bar := b.String() + " " + st.Muted.Render("tab")
		return truncate(bar+" "+st.Rule(m.width-lipgloss.Width(bar)-1), m.width)
	})
}

func (r *roomScreen) timelineView(now time.Time) string {
	if r.inc != nil {
		r.timeline.SetShowDates(spansDays(r.inc, now))
	}
	return r.timeline.View()
}

// renderHeader draws the incident line and, under it, who leads, who is
// here and the session's badges.
func (r *roomScreen) renderHeader(m *app, now time.Time) string {
	st := m.styles
	key := headerKey{width: m.width, styles: m.stylesGen}
	clock := ""
	if inc := r.inc; inc != nil {
		key.severity, key.status, key.title = inc.Severity, inc.Status, inc.Title
		key.since = elapsed.Stamp(inc.StatusSince, now)
		clock = roomElapsed(inc, now)
		key.clockWidth = len(clock) // digits and spaces
	}
	// The clock changes every second and everything left of it rarely:
	// the left is drawn and cut to fit once, the clock every second.
	first := r.header.Get(key, func() string {
		if r.inc == nil {
			return spread(st.Title.Render(r.id), st.Muted.Render("not found"), m.width)
		}
		left := st.Severity(int(key.severity)).Render(key.severity.String()) + " " +
			st.Title.Render(r.inc.ID) + "  " + st.Accent.Render(string(key.status)) + st.Muted.Render(" since "+key.since) +
			"  " + st.Text.Render(key.title)
		return spread(left, "", m.width-key.clockWidth)
	})
	if clock != "" {
		first += r.clock.Get(clockKey{text: clock, width: m.width, styles: m.stylesGen}, func() string {
			return st.Text.Render(truncate(clock, m.width))
		})
	}
	who := presenceKey{people: r.people, width: m.width, styles: m.stylesGen}
	if r.inc != nil {
		who.commander = r.inc.Commander()
	}
	second := r.presence.Get(who, func() string {
		var badges []string
		if r.prompt == nil {
			badges = append(badges, st.Badge.Render("observer"))
		}
		if m.opts.OpenMode {
			badges = append(badges, st.Badge.Render("open mode"))
		}
		ic := st.Warn.Render("IC vacant — /take ic")
		if who.commander != "" {
			ic = st.Muted.Render("IC ") + st.Title.Render(who.commander)
		}
		return spread(ic+st.Muted.Render(" · here: "+r.people), strings.Join(badges, " "), m.width)
	})
	return first + "\n" + second
}

// renderStrip is the timer strip, drawn when what it says changed.
func (r *roomScreen) renderStrip(m *app, now time.Time) string {
	if r.inc == nil {
		return ""
	}
	text := stripTextOf(r.inc, m.state.Rules(), m.opts.Actor.Name, now)
	key := stripKey{text: text.key(), width: m.width, styles: m.stylesGen}
	return r.strip.Get(key, func() string { return timerStrip(text, m.styles, m.width) })
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

// footer is the rule (with the "new below" marker), the command line and
// the status line: the last refusal, the command line's hint, or the
// short help of whatever has focus.
func (r *roomScreen) footer(m *app) string {
	lines := []string{r.markerRule(m)}
	hint := ""
	if r.prompt != nil {
		lines = append(lines, r.prompt.View())
		if r.focus == focusInput {
			hint = r.prompt.Hint()
		}
	}
	key := statusKey{err: r.inputErr, hint: hint, focus: r.focus, viewing: r.viewer != nil, expandable: r.attachmentSelected(), width: m.width, styles: m.stylesGen}
	status := r.status.Get(key, func() string {
		switch {
		case r.inputErr != "":
			return m.styles.Error.Render(truncate(r.inputErr, m.width))
		case hint != "":
			return hint
		}
		return truncate(m.help.ShortHelpView(r.shortHelp(m)), m.width)
	})
	return strings.Join(append(lines, status), "\n")
}

// markerRule is the rule under the timeline. It names the timeline's
// filter when one is on, and while scrolled back it says how many entries
// arrived below.
func (r *roomScreen) markerRule(m *app) string {
	st := m.styles
	var label string
	if f := r.timeline.Filter(); f != timeline.All {
		label = st.Accent.Render(" showing " + f.String() + " · /filter all ")
	}
	if !r.timeline.Following() {
		scrolled := st.Muted.Render(" scrolled back · end follows ")
		if n := r.timeline.Unseen(); n > 0 {
			scrolled = st.Warn.Bold(true).Render(fmt.Sprintf(" %d new ↓ ", n))
		}
		label += scrolled
	}
	if label == "" {
		return m.rule()
	}
	return truncate(st.Rule(m.width-lipgloss.Width(label)-2)+label+st.Rule(2), m.width)
}

// cursor places the terminal's cursor in the command line.
func (r *roomScreen) cursor(m *app) *tea.Cursor {
	if r.prompt == nil || m.showHelp || r.focus != focusInput {
		return nil
	}
	return offsetCursor(r.prompt.Cursor(), 0, m.height-2)
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
