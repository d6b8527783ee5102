package panes

import (
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
	"github.com/warroom/warroom/tui/memo"
	"github.com/warroom/warroom/tui/style"
)

// Roles lists an incident's roles with their holders, the incident
// commander first as the rules order them, and a pending handover of the
// IC role with the time left to answer it.
type Roles struct {
	styles *style.Styles
	keys   rolesKeys

	id       string
	rows     []roleRow
	handover model.Handover // zero when none is pending
	takeIC   string         // what to type to take the IC role: "/take ic"
	gen      int

	sel  int
	win  window
	view memo.Memo[viewKey]
}

// roleRow is one role as the pane shows it.
type roleRow struct {
	name   string // canonical, for commands
	title  string
	holder string // "" when vacant
}

// NewRoles returns an empty roles pane; canWrite enables the keys that
// change roles.
func NewRoles(st *style.Styles, canWrite bool) *Roles {
	return &Roles{styles: st, keys: defaultRolesKeys(canWrite)}
}

func (p *Roles) Title() string { return "Roles" }

func (p *Roles) SetStyles(st *style.Styles) {
	p.styles = st
	p.gen++
}

func (p *Roles) SetIncident(inc *model.Incident, rules *model.Rules) {
	if rules == nil {
		rules = model.DefaultRules()
	}
	var (
		id       string
		rows     []roleRow
		handover model.Handover
	)
	if inc != nil {
		id, rows = inc.ID, roleRows(inc, rules)
		if inc.Handover != nil {
			handover = *inc.Handover
		}
	}
	takeIC := "/take " + model.RoleCommander
	if ic, ok := rules.Role(model.RoleCommander); ok && len(ic.Aliases) > 0 {
		takeIC = "/take " + ic.Aliases[0]
	}
	if id == p.id && slices.Equal(rows, p.rows) && handover == p.handover && takeIC == p.takeIC {
		return
	}
	if id != p.id {
		p.sel, p.win = 0, window{}
	}
	p.id, p.rows, p.handover, p.takeIC = id, rows, handover, takeIC
	p.gen++
}

// roleRows lists the rules' roles in order, then any role the incident
// holds that the rules no longer name (it was declared under another
// config), so that no holder is hidden.
func roleRows(inc *model.Incident, rules *model.Rules) []roleRow {
	rows := make([]roleRow, 0, len(rules.Roles))
	for _, r := range rules.Roles {
		rows = append(rows, roleRow{name: r.Name, title: model.Sanitize(r.Title, false), holder: inc.Roles[r.Name]})
	}
	var extra []string
	for name := range inc.Roles {
		if !slices.ContainsFunc(rows, func(r roleRow) bool { return r.name == name }) {
			extra = append(extra, name)
		}
	}
	slices.Sort(extra)
	for _, name := range extra {
		rows = append(rows, roleRow{name: name, title: model.Sanitize(name, false), holder: inc.Roles[name]})
	}
	return rows
}

func (p *Roles) icVacant() bool {
	return p.id != "" && !slices.ContainsFunc(p.rows, func(r roleRow) bool { return r.name == model.RoleCommander && r.holder != "" })
}

func (p *Roles) View(width, height int, now time.Time, focused bool) string {
	var lapse elapsed.Countdown
	if p.handover.To != "" {
		lapse = elapsed.Until(p.handover.Expires, now)
	}
	p.sel = clampSelection(p.sel, len(p.rows))
	notices := p.notices()
	from, to, more := p.win.place(len(p.rows), p.sel, height-len(notices), p.rowHeight)
	key := viewKey{gen: p.gen, width: width, height: height, focused: focused, selected: p.sel, offset: from, clock: lapse.Key()}
	return p.view.Get(key, func() string {
		st := p.styles
		b := newBox(width, height)
		for _, n := range notices {
			b.add(n)
		}
		titleWidth := p.titleWidth(width)
		for i := from; i < to; i++ {
			b.addRow(p.row(p.rows[i], titleWidth), selectionStyle(st, focused && i == p.sel))
			if p.rowHeight(i) == 2 {
				b.add(p.handoverLine(width, titleWidth, lapse))
			}
		}
		if more {
			b.add(line{{moreText(from, len(p.rows)-to), &st.Muted}})
		}
		return b.String()
	})
}

// notices are the lines above the roles: the prompt to take a vacant IC
// role.
func (p *Roles) notices() []line {
	if !p.icVacant() {
		return nil
	}
	return []line{{{"IC vacant — " + p.takeIC, &p.styles.Warn}}}
}

// rowHeight is 2 for the IC row while a handover is pending: the offer
// shows under it.
func (p *Roles) rowHeight(i int) int {
	if p.handover.To != "" && p.rows[i].name == model.RoleCommander {
		return 2
	}
	return 1
}

// titleWidth is the width of the title column: the longest title, but at
// most half the pane, so holders keep room.
func (p *Roles) titleWidth(width int) int {
	w := 0
	for _, r := range p.rows {
		w = max(w, cells(r.title))
	}
	return min(w, max(width/2, 1))
}

func (p *Roles) row(r roleRow, titleWidth int) line {
	st := p.styles
	titleStyle, holderStyle := &st.Text, &st.Text
	if r.name == model.RoleCommander {
		titleStyle, holderStyle = &st.Lead, &st.Lead
	}
	holder := r.holder
	if holder == "" {
		holder, holderStyle = "vacant", &st.Settled
	}
	return line{{fitText(r.title, titleWidth), titleStyle}, {" ", &st.Text}, {holder, holderStyle}}
}

// handoverLine shows the pending offer under the IC's name, moving left
// and then shortening before the countdown would be cut.
func (p *Roles) handoverLine(width, titleWidth int, lapse elapsed.Countdown) line {
	to := "→ " + p.handover.To + "? "
	texts := []string{to + "(lapses in " + lapse.Text + ")", to + lapse.Text}
	if lapse.Past {
		texts = []string{to + "(lapsing)"}
	}
	text := texts[len(texts)-1]
	for _, t := range texts {
		if cells(t)+2 <= width {
			text = t
			break
		}
	}
	indent := max(min(titleWidth+1, width-cells(text)), 2)
	return line{{fitText("", indent), &p.styles.Text}, {text, &p.styles.Warn}}
}

func (p *Roles) NextChange(now time.Time) (time.Time, bool) {
	if p.handover.To == "" {
		return time.Time{}, false
	}
	c := elapsed.Until(p.handover.Expires, now)
	return c.Next, !c.Past // once past, the text stays until the server lapses the offer
}

func (p *Roles) Keys() []key.Binding {
	k := p.keys
	return []key.Binding{k.Up, k.Down, k.Take, k.Unassign}
}

// HandleKey moves the selection, takes the selected role (t) or leaves it
// vacant (u). Whether the user may is the model's call: its refusal says
// why, which beats a key that silently does nothing.
func (p *Roles) HandleKey(msg tea.KeyPressMsg, _ string) (model.Command, bool) {
	k := p.keys
	switch {
	case key.Matches(msg, k.Up):
		p.sel = clampSelection(p.sel-1, len(p.rows))
	case key.Matches(msg, k.Down):
		p.sel = clampSelection(p.sel+1, len(p.rows))
	case key.Matches(msg, k.Take):
		if r, ok := p.selected(); ok {
			return model.TakeRole{Incident: p.id, Role: r.name}, true
		}
	case key.Matches(msg, k.Unassign):
		if r, ok := p.selected(); ok {
			return model.UnassignRole{Incident: p.id, Role: r.name}, true
		}
	default:
		return nil, false
	}
	return nil, true
}

func (p *Roles) selected() (roleRow, bool) {
	if i := clampSelection(p.sel, len(p.rows)); i >= 0 {
		return p.rows[i], true
	}
	return roleRow{}, false
}
