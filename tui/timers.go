package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
	"github.com/warroom/warroom/tui/style"
)

// timerStrip is the room's line of clocks, always in view: time since
// declared, when stakeholders are next due an update, the current page's
// acknowledgement deadline, and time since the last note. When the update
// is overdue and it is me who owes it, the strip says so. It is worked
// out as text first (stripText), which is cheap, and styled only when that
// text changed: its clocks count minutes, so a strip redrawn every second
// for every session would mostly redraw the same thing.
func timerStrip(text stripText, st *style.Styles, width int) string {
	var b strings.Builder
	for i, p := range text {
		if p.group && i > 0 {
			b.WriteString(st.Muted.Render(" · "))
		}
		b.WriteString(p.look.of(st).Render(p.text))
	}
	return truncate(b.String(), width)
}

// stripText is what the timer strip says, part by part.
type stripText []stripPart

// stripPart is one piece of the strip: a label or a value.
type stripPart struct {
	text  string
	look  look
	group bool // starts a new item, after a separator
}

// look is how a piece of text is drawn.
type look uint8

const (
	lookMuted look = iota
	lookText
	lookWarn
	lookError
	lookNudge
)

func (l look) of(st *style.Styles) lipgloss.Style {
	switch l {
	case lookText:
		return st.Text
	case lookWarn:
		return st.Warn
	case lookError:
		return st.Error
	case lookNudge:
		return st.Warn.Bold(true)
	}
	return st.Muted
}

// key is the strip's text as one comparable value, for a memo.
func (t stripText) key() string {
	var b strings.Builder
	for _, p := range t {
		b.WriteByte(byte(p.look))
		if p.group {
			b.WriteByte('|')
		}
		b.WriteString(p.text)
		b.WriteByte(0)
	}
	return b.String()
}

// stripTextOf works out the strip of inc at now, for me.
func stripTextOf(inc *model.Incident, rules *model.Rules, me string, now time.Time) stripText {
	var t stripText
	item := func(label, value string, valueLook look) {
		t = append(t, stripPart{text: label, look: lookMuted, group: true})
		if value != "" {
			t = append(t, stripPart{text: value, look: valueLook})
		}
	}
	alarm := func(text string, l look) { t = append(t, stripPart{text: text, look: l, group: true}) }
	if !inc.Status.Open() {
		// How long a resolved incident took to be acknowledged and
		// mitigated, counted from its declaration; the header says how
		// long it took to resolve.
		for _, m := range []struct {
			what string
			at   time.Time
		}{{"acknowledged", inc.AcknowledgedAt}, {"mitigated", inc.MitigatedAt}} {
			if !m.at.IsZero() {
				item(m.what+" after ", elapsed.Clock(m.at.Sub(inc.DeclaredAt)), lookText)
			}
		}
		return t
	}
	// The header's stopwatch counts the seconds; the strip's spans count
	// minutes, so an idle room changes one place a second, not three.
	item("declared ", elapsed.Minutes.Format(now.Sub(inc.DeclaredAt))+" ago", lookText)
	overdue := false
	if due, ok := inc.NextUpdateDue(rules); ok {
		if c := elapsed.Until(due, now); !c.Past {
			item("update due in ", c.Text, lookText)
		} else {
			overdue = true
			alarm("update overdue "+c.Text, lookError)
		}
	}
	if p := inc.Ladder.Current(); p != nil {
		label := fmt.Sprintf("L%d ", p.Level)
		at, waiting := inc.Ladder.AckDeadline()
		switch c := elapsed.Until(at, now); {
		case !waiting:
			item(label+"acked by ", p.AckedBy, lookText)
		case !c.Past:
			item(label+"ack in ", c.Text, lookWarn)
		default:
			alarm(label+"ack overdue "+c.Text, lookError)
		}
	}
	if inc.LastNoteAt.IsZero() {
		item("no notes yet", "", lookText)
	} else {
		item("last note ", elapsed.Minutes.Format(now.Sub(inc.LastNoteAt))+" ago", lookText)
	}
	if overdue && owesUpdate(inc, me) {
		alarm("stakeholders are waiting: /update …", lookNudge)
	}
	return t
}

// owesUpdate reports whether me is who writes stakeholder updates: the
// communications lead, or the incident commander while that role is
// vacant.
func owesUpdate(inc *model.Incident, me string) bool {
	if comms := inc.Roles[model.RoleComms]; comms != "" {
		return comms == me
	}
	return inc.Commander() == me
}
