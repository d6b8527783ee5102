package panes

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/memo"
	"github.com/warroom/warroom/tui/style"
)

// Followups is the cross-incident follow-ups screen: every open follow-up
// action of every incident, resolved ones included (follow-ups outlive
// their incident), soonest due first and those without a due day last;
// or only the user's own.
type Followups struct {
	styles *style.Styles
	keys   followupsKeys

	state *model.State
	me    string
	mine  bool
	items []followup
	gen   int

	sel  int
	win  window
	view memo.Memo[viewKey]
}

// followup is one open follow-up action and the incident it belongs to.
type followup struct {
	incident string // "INC-7"
	model.Action
}

// Intent is what a key on the follow-ups screen asks of the app.
type Intent struct {
	// Command is a change to dispatch; it names the follow-up's own
	// incident. Nil for none.
	Command model.Command
	// Open is the incident whose room to open, or "".
	Open string
}

// NewFollowups returns the follow-ups screen; canWrite enables marking
// items done.
func NewFollowups(st *style.Styles, canWrite bool) *Followups {
	return &Followups{styles: st, keys: defaultFollowupsKeys(canWrite)}
}

func (f *Followups) SetStyles(st *style.Styles) {
	f.styles = st
	f.gen++
}

// SetState gives the screen the store's state and whose follow-ups "mine"
// means.
func (f *Followups) SetState(s *model.State, me string) {
	if s == f.state && me == f.me {
		return
	}
	f.state, f.me = s, me
	f.rebuild()
}

// Mine reports whether the screen shows only the user's follow-ups.
func (f *Followups) Mine() bool { return f.mine }

// SetMine chooses between the user's own follow-ups and everyone's.
func (f *Followups) SetMine(mine bool) {
	if mine == f.mine {
		return
	}
	f.mine = mine
	f.rebuild()
	f.gen++ // the summary changed even when the rows did not
}

// rebuild lists the follow-ups again, keeping the selection on the same
// item, or in the same place when that item left the list.
func (f *Followups) rebuild() {
	var items []followup
	if f.state != nil {
		owner := ""
		if f.mine {
			owner = f.me
		}
		for _, it := range f.state.OpenFollowUps(owner) {
			items = append(items, followup{incident: it.Incident.ID, Action: it.Action})
		}
	}
	if slices.Equal(items, f.items) {
		return
	}
	if prev, ok := f.selected(); ok {
		if i := slices.IndexFunc(items, func(it followup) bool { return it.incident == prev.incident && it.N == prev.N }); i >= 0 {
			f.sel = i
		}
	}
	f.items = items
	f.sel = clampSelection(f.sel, len(items))
	f.gen++
}

func (f *Followups) selected() (followup, bool) {
	if i := clampSelection(f.sel, len(f.items)); i >= 0 {
		return f.items[i], true
	}
	return followup{}, false
}

// View draws the screen: a summary line, column headings and the rows
// that fit, in exactly height lines of at most width cells.
func (f *Followups) View(width, height int, now time.Time) string {
	f.sel = clampSelection(f.sel, len(f.items))
	const chrome = 2 // summary and headings
	from, to, more := f.win.place(len(f.items), f.sel, height-chrome, oneLine)
	key := viewKey{gen: f.gen, width: width, height: height, selected: f.sel, offset: from, day: dayKey(now)}
	return f.view.Get(key, func() string {
		st := f.styles
		b := newBox(width, height)
		b.add(line{{f.summary(), &st.Title}})
		if len(f.items) == 0 {
			text := "No open follow-ups"
			if f.mine {
				text = "You own no open follow-ups"
			}
			b.add(line{{text, &st.Settled}})
			return b.String()
		}
		cols := f.columns(from, to, now)
		b.add(spread(line{{cols.heading(), &st.Muted}}, line{{"OWNER", &st.Muted}}, width, width))
		for i := from; i < to; i++ {
			b.addRow(f.row(f.items[i], cols, width, now), selectionStyle(st, i == f.sel))
		}
		if more {
			b.add(line{{moreText(from, len(f.items)-to), &st.Muted}})
		}
		return b.String()
	})
}

func (f *Followups) summary() string {
	if f.mine {
		return fmt.Sprintf("My open follow-ups (%s): %d", model.Sanitize(f.me, false), len(f.items))
	}
	return fmt.Sprintf("Open follow-ups: %d", len(f.items))
}

// followupColumns are the widths of the fixed columns, fitted to the rows
// on screen.
type followupColumns struct{ due, incident, n int }

func (f *Followups) columns(from, to int, now time.Time) followupColumns {
	c := followupColumns{due: len("DUE"), incident: len("INC"), n: len("#")}
	for _, it := range f.items[from:to] {
		c.due = max(c.due, cells(followupDue(it, now)))
		c.incident = max(c.incident, len(it.incident))
		c.n = max(c.n, len("#"+strconv.Itoa(it.N)))
	}
	return c
}

func (c followupColumns) heading() string {
	return fitText("DUE", c.due) + " " + fitText("INC", c.incident) + " " + fitText("#", c.n) + " TITLE"
}

// followupDue is an item's due column: its day, marked when overdue.
func followupDue(it followup, now time.Time) string {
	switch {
	case it.Due.IsZero():
		return "—"
	case it.Overdue(now):
		return "overdue " + dueText(it.Due, now)
	}
	return dueText(it.Due, now)
}

func (f *Followups) row(it followup, c followupColumns, width int, now time.Time) line {
	st := f.styles
	dueStyle := &st.Text
	if it.Overdue(now) {
		dueStyle = &st.Error
	}
	left := line{
		{fitText(followupDue(it, now), c.due) + " ", dueStyle},
		{fitText(it.incident, c.incident) + " ", &st.Accent},
		{fitText("#"+strconv.Itoa(it.N), c.n) + " ", &st.Muted},
		{it.Title, &st.Text},
	}
	owner := line{{"unowned", &st.Settled}}
	if it.Owner != "" {
		owner = line{{it.Owner, &st.Text}}
	}
	prefix := left[:3].width()
	return spread(left, owner, width, prefix+min(minTitle, left.width()-prefix))
}

// NextChange is the next UTC midnight while some follow-up has a due day:
// it may fall overdue then.
func (f *Followups) NextChange(now time.Time) (time.Time, bool) {
	if !slices.ContainsFunc(f.items, func(it followup) bool { return !it.Due.IsZero() }) {
		return time.Time{}, false
	}
	return nextMidnightUTC(now), true
}

func (f *Followups) Keys() []key.Binding {
	k := f.keys
	return []key.Binding{k.Up, k.Down, k.Open, k.Done, k.Mine}
}

// HandleKey moves the selection, opens the selected follow-up's incident
// (enter), marks it done (x) or switches between all and mine (m).
func (f *Followups) HandleKey(msg tea.KeyPressMsg) (Intent, bool) {
	k := f.keys
	it, ok := f.selected()
	switch {
	case key.Matches(msg, k.Up):
		f.sel = clampSelection(f.sel-1, len(f.items))
	case key.Matches(msg, k.Down):
		f.sel = clampSelection(f.sel+1, len(f.items))
	case key.Matches(msg, k.Mine):
		f.SetMine(!f.mine)
	case !ok:
		return Intent{}, key.Matches(msg, k.Open, k.Done)
	case key.Matches(msg, k.Open):
		return Intent{Open: it.incident}, true
	case key.Matches(msg, k.Done):
		return Intent{Command: model.SetActionState{Incident: it.incident, N: it.N, State: model.ActionDone}}, true
	default:
		return Intent{}, false
	}
	return Intent{}, true
}
