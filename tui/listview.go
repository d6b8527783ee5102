package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
)

// Fixed column widths of the list, in cells.
const (
	markerWidth  = 2  // "> " on the selected row
	statusWidth  = 13 // "investigating"
	elapsedWidth = 7  // "23h 59m"
)

// listChrome is the header, rule and column headings above the rows.
const listChrome = 3

// view draws the whole list screen.
func (l *listScreen) view(m *app) string {
	var b strings.Builder
	b.WriteString(l.header(m))
	b.WriteString("\n")
	b.WriteString(m.rule())
	b.WriteString("\n")
	if m.showHelp {
		b.WriteString(m.helpView([]helpSection{{keys: m.keys.listHelp().full}}, false, m.height-2))
		return b.String()
	}
	next, _ := m.nextDisplayChange()
	key := listKey{
		state: m.state, width: m.width, rows: l.rowCapacity(m), selected: l.selected,
		offset: l.offset, filter: l.filter.Value(), nextChange: next.UnixNano(), styles: m.stylesGen,
	}
	b.WriteString(l.rows.Get(key, func() string { return l.renderRows(m) }))
	b.WriteString("\n")
	b.WriteString(l.bottom(m))
	return b.String()
}

func (l *listScreen) header(m *app) string {
	st := m.styles
	left := st.Title.Render("warroom") + "  " +
		st.Muted.Render(truncate(model.Sanitize(m.opts.Actor.Name, false), 32)+" ("+m.opts.Actor.Level.String()+")")
	right := st.Muted.Render(fmt.Sprintf("%d on the list", l.lobby))
	if m.opts.OpenMode {
		right += " " + st.Badge.Render("open mode")
	}
	return spread(left, right, m.width)
}

// rowCapacity is how many incident rows fit on screen.
func (l *listScreen) rowCapacity(m *app) int {
	return max(m.height-listChrome-l.bottomHeight(), 1)
}

func (l *listScreen) bottomHeight() int {
	if l.form != nil {
		return l.form.height() + 1
	}
	return 2
}

// renderRows draws the column headings and exactly rowCapacity rows.
func (l *listScreen) renderRows(m *app) string {
	st := m.styles
	c := l.columns(m.width)
	lines := make([]string, 0, l.rowCapacity(m)+1)
	heading := strings.Repeat(" ", markerWidth) + fit("SEV", 6) + " " + fit("ID", c.id) + " " +
		fit("STATUS", statusWidth) + " " + fit("TITLE", c.title) + " " +
		fmt.Sprintf("%*s", elapsedWidth, "ELAPSED") + "  " + fit("IC", c.ic) + " " + "IN ROOM"
	lines = append(lines, st.Muted.Render(truncate(heading, m.width)))

	rows := l.rowCapacity(m)
	if len(l.shown) == 0 {
		lines = append(lines, st.Muted.Render(truncate(strings.Repeat(" ", markerWidth)+l.emptyText(m), m.width)))
	}
	end := min(l.offset+rows, len(l.shown))
	for _, inc := range l.shown[min(l.offset, end):end] {
		lines = append(lines, l.row(m, inc, c))
	}
	for len(lines) < rows+1 {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (l *listScreen) emptyText(m *app) string {
	if q := l.filter.Value(); q != "" {
		return fmt.Sprintf("No incident matches %q.", q)
	}
	if m.writer != nil {
		return "No incidents. Press d to declare one."
	}
	return "No incidents."
}

// listColumns are the widths of the flexible columns at one window width.
type listColumns struct{ id, title, ic, people int }

func (l *listScreen) columns(width int) listColumns {
	c := listColumns{id: 6, ic: min(max(width/12, 6), model.MaxUserNameLength), people: min(max(width/5, 12), 40)}
	for _, inc := range l.shown {
		c.id = max(c.id, len(inc.ID))
	}
	fixed := markerWidth + 6 + 1 + c.id + 1 + statusWidth + 1 + 1 + elapsedWidth + 2 + c.ic + 1 + c.people
	c.title = max(width-fixed, 8)
	return c
}

// row draws one incident: severity badge, then the rest of the row in one
// style (selected, open or resolved).
func (l *listScreen) row(m *app, inc *model.Incident, c listColumns) string {
	st := m.styles
	marker, rest := "  ", st.Text
	switch {
	case inc.ID == l.selected:
		marker, rest = "> ", st.Selected
	case !inc.Status.Open():
		rest = st.Muted
	}
	text := fit(inc.ID, c.id) + " " + fit(string(inc.Status), statusWidth) + " " +
		fit(inc.Title, c.title) + " " +
		fmt.Sprintf("%*s", elapsedWidth, listElapsed(m, inc)) + "  " +
		fit(orDash(inc.Commander()), c.ic) + " " + fit(l.people[inc.ID], c.people)
	line := rest.Render(marker) + st.Severity(int(inc.Severity)).Render(inc.Severity.String()) + rest.Render(" "+text)
	return truncate(line, m.width)
}

// orDash shows an empty field (a vacant role) as a dash.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// listElapsed is how long an open incident has been going, or how long a
// resolved one took.
func listElapsed(m *app, inc *model.Incident) string {
	end := m.now()
	if !inc.Status.Open() {
		end = inc.StatusSince
	}
	return elapsed.Minutes.Format(end.Sub(inc.DeclaredAt))
}

// bottom is the filter, the declare form or the response stats, and the
// short help line.
func (l *listScreen) bottom(m *app) string {
	st := m.styles
	keys := m.keys.listHelp()
	var top string
	switch {
	case l.form != nil:
		keys = m.keys.declareHelp()
		top = l.form.view(m)
	case l.filtering:
		keys = m.keys.filterHelp()
		top = l.filter.View()
	case l.filter.Value() != "":
		top = st.Muted.Render(truncate(fmt.Sprintf("filter: %s (esc clears)", l.filter.Value()), m.width))
	default:
		top = l.statsLine(m)
	}
	return top + "\n" + truncate(m.help.ShortHelpView(keys.short), m.width)
}

// cursor places the terminal's cursor in the input that has focus.
func (l *listScreen) cursor(m *app) *tea.Cursor {
	if m.showHelp {
		return nil
	}
	top := m.height - l.bottomHeight()
	switch {
	case l.form != nil:
		return l.form.cursor(top)
	case l.filtering:
		return offsetCursor(l.filter.Cursor(), 0, top)
	}
	return nil
}

// offsetCursor moves an input's cursor to where the input is drawn.
func offsetCursor(c *tea.Cursor, x, y int) *tea.Cursor {
	if c != nil {
		c.X += x
		c.Y += y
	}
	return c
}
