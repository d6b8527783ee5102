package panes

import (
	"slices"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/memo"
	"github.com/warroom/warroom/tui/style"
)

// Actions lists an incident's action items, the ones still to do first
// and the done ones after them, each with its kind, state, owner and due
// day, overdue ones marked. It draws only the rows that fit, so an
// incident with a thousand items costs no more than one with ten.
type Actions struct {
	styles *style.Styles
	keys   actionsKeys

	id      string
	actions []model.Action
	// order is the display order as indexes into actions: open and doing
	// by number, then done by number.
	order []int
	numW  int // width of the widest "#N"
	// hasDueDays: some item not done has a due day, which a midnight may
	// make overdue.
	hasDueDays bool
	gen        int

	sel  int
	win  window
	view memo.Memo[viewKey]
}

// NewActions returns an empty actions pane; canWrite enables the keys
// that change items.
func NewActions(st *style.Styles, canWrite bool) *Actions {
	return &Actions{styles: st, keys: defaultActionsKeys(canWrite)}
}

func (p *Actions) Title() string { return "Actions" }

func (p *Actions) SetStyles(st *style.Styles) {
	p.styles = st
	p.gen++
}

func (p *Actions) SetIncident(inc *model.Incident, _ *model.Rules) {
	var (
		id      string
		actions []model.Action
	)
	if inc != nil {
		id, actions = inc.ID, inc.Actions
	}
	// The model copies Actions whenever an item changes, so the same
	// backing array means the same items.
	if id == p.id && sameSlice(actions, p.actions) {
		return
	}
	prev, prevDone := p.selected()
	if id != p.id {
		p.sel, p.win, prev.N = 0, window{}, 0
	}
	p.id, p.actions = id, actions
	p.order = displayOrder(actions)
	p.numW = len("#" + strconv.Itoa(len(actions)))
	p.hasDueDays = slices.ContainsFunc(actions, func(a model.Action) bool { return a.State != model.ActionDone && !a.Due.IsZero() })
	p.gen++
	// The selection follows its item, unless the item moved between the
	// open and done groups: then it stays in place, so that marking items
	// done one after another walks down the list.
	if prev.N > 0 && prev.N <= len(actions) && (actions[prev.N-1].State == model.ActionDone) == prevDone {
		p.sel = p.position(prev.N)
	}
	p.sel = clampSelection(p.sel, len(p.order))
}

// sameSlice reports whether a and b are the same slice of the same array.
func sameSlice[T any](a, b []T) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func displayOrder(actions []model.Action) []int {
	order := make([]int, 0, len(actions))
	for i, a := range actions {
		if a.State != model.ActionDone {
			order = append(order, i)
		}
	}
	for i, a := range actions {
		if a.State == model.ActionDone {
			order = append(order, i)
		}
	}
	return order
}

// position is where action n is in the display order.
func (p *Actions) position(n int) int {
	for i, idx := range p.order {
		if idx == n-1 {
			return i
		}
	}
	return p.sel
}

// selected is the selected item and whether it is done.
func (p *Actions) selected() (model.Action, bool) {
	if i := clampSelection(p.sel, len(p.order)); i >= 0 {
		a := p.actions[p.order[i]]
		return a, a.State == model.ActionDone
	}
	return model.Action{}, false
}

func (p *Actions) View(width, height int, now time.Time, focused bool) string {
	p.sel = clampSelection(p.sel, len(p.order))
	from, to, more := p.win.place(len(p.order), p.sel, height, oneLine)
	key := viewKey{gen: p.gen, width: width, height: height, focused: focused, selected: p.sel, offset: from, day: dayKey(now)}
	return p.view.Get(key, func() string {
		st := p.styles
		b := newBox(width, height)
		if len(p.order) == 0 && p.id != "" {
			b.add(line{{"no action items · /action add", &st.Settled}})
		}
		wide := width >= wideActions
		for i := from; i < to; i++ {
			b.addRow(p.row(p.actions[p.order[i]], width, wide, now), selectionStyle(st, focused && i == p.sel))
		}
		if more {
			b.add(line{{moreText(from, len(p.order)-to), &st.Muted}})
		}
		return b.String()
	})
}

// wideActions is the pane width from which kinds are spelled out.
const wideActions = 56

// minTitle is how much of an item's title survives before its owner and
// due day are cut.
const minTitle = 10

// row is one item: "#3 mit  doing Roll back deploy 4411   bob overdue Nov 27".
func (p *Actions) row(a model.Action, width int, wide bool, now time.Time) line {
	st := p.styles
	muted, text := &st.Muted, &st.Text
	stateStyle := &st.Text
	switch a.State {
	case model.ActionDoing:
		stateStyle = &st.Accent
	case model.ActionDone:
		muted, text, stateStyle = &st.Settled, &st.Settled, &st.Settled
	}
	left := line{
		{fitText("#"+strconv.Itoa(a.N), p.numW) + " " + kindLabel(a.Kind, wide) + " ", muted},
		{fitText(string(a.State), len(model.ActionDoing)) + " ", stateStyle},
		{a.Title, text},
	}
	var right line
	if a.Owner != "" {
		right = append(right, piece{a.Owner, muted})
	}
	if !a.Due.IsZero() {
		if len(right) > 0 {
			right = append(right, piece{" ", text})
		}
		due := piece{dueText(a.Due, now), text}
		if a.Overdue(now) {
			due = piece{"overdue " + due.text, &st.Error}
		}
		right = append(right, due)
	}
	prefix := left[0:2].width()
	return spread(left, right, width, prefix+min(minTitle, left.width()-prefix))
}

// kindLabel marks mitigations and follow-ups, spelled out when there is
// room.
func kindLabel(k model.ActionKind, wide bool) string {
	switch {
	case k == model.ActionFollowUp && wide:
		return "f-up"
	case k == model.ActionFollowUp:
		return "F"
	case wide:
		return "mit "
	}
	return "M"
}

// dueText is a due day, short within now's year.
func dueText(d model.Day, now time.Time) string {
	if d.Time().Year() == now.UTC().Year() {
		return d.Time().Format("Jan 02")
	}
	return d.String()
}

func (p *Actions) NextChange(now time.Time) (time.Time, bool) {
	if !p.hasDueDays {
		return time.Time{}, false
	}
	return nextMidnightUTC(now), true
}

func (p *Actions) Keys() []key.Binding {
	k := p.keys
	return []key.Binding{k.Up, k.Down, k.Done, k.Doing, k.Own}
}

// HandleKey moves the selection, marks the selected item done or open
// again (x, space), doing (s), or gives it to the user (o).
func (p *Actions) HandleKey(msg tea.KeyPressMsg, me string) (model.Command, bool) {
	k := p.keys
	a, done := p.selected()
	switch {
	case key.Matches(msg, k.Up):
		p.sel = clampSelection(p.sel-1, len(p.order))
	case key.Matches(msg, k.Down):
		p.sel = clampSelection(p.sel+1, len(p.order))
	case a.N == 0:
		return nil, key.Matches(msg, k.Done, k.Doing, k.Own)
	case key.Matches(msg, k.Done) && done:
		return model.SetActionState{Incident: p.id, N: a.N, State: model.ActionOpen}, true
	case key.Matches(msg, k.Done):
		return model.SetActionState{Incident: p.id, N: a.N, State: model.ActionDone}, true
	case key.Matches(msg, k.Doing):
		return model.SetActionState{Incident: p.id, N: a.N, State: model.ActionDoing}, true
	case key.Matches(msg, k.Own):
		return model.AssignAction{Incident: p.id, N: a.N, Owner: me}, true
	default:
		return nil, false
	}
	return nil, true
}
