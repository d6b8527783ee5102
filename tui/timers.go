package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
	"github.com/warroom/warroom/tui/style"
)

// timerStrip is the room's line of clocks, always in view: time since
// declared, when stakeholders are next due an update, the current page's
// acknowledgement deadline, and time since the last note. When the update
// is overdue and it is me who owes it, the strip says so.
func timerStrip(inc *model.Incident, rules *model.Rules, me string, now time.Time, st style.Styles, width int) string {
	sep := st.Muted.Render(" · ")
	if !inc.Status.Open() {
		return truncate(milestones(inc, st, sep), width)
	}
	parts := []string{st.Muted.Render("declared ") + st.Text.Render(elapsed.Clock(now.Sub(inc.DeclaredAt))+" ago")}
	overdue := false
	if due, ok := inc.NextUpdateDue(rules); ok {
		if c := elapsed.Until(due, now); !c.Past {
			parts = append(parts, st.Muted.Render("update due in ")+st.Text.Render(c.Text))
		} else {
			overdue = true
			parts = append(parts, st.Error.Render("update overdue "+c.Text))
		}
	}
	if p := inc.Ladder.Current(); p != nil {
		label := fmt.Sprintf("L%d ", p.Level)
		at, waiting := inc.Ladder.AckDeadline()
		switch c := elapsed.Until(at, now); {
		case !waiting:
			parts = append(parts, st.Muted.Render(label+"acked by ")+st.Text.Render(p.AckedBy))
		case !c.Past:
			parts = append(parts, st.Muted.Render(label+"ack in ")+st.Warn.Render(c.Text))
		default:
			parts = append(parts, st.Error.Render(label+"ack overdue "+c.Text))
		}
	}
	if inc.LastNoteAt.IsZero() {
		parts = append(parts, st.Muted.Render("no notes yet"))
	} else {
		parts = append(parts, st.Muted.Render("last note ")+st.Text.Render(elapsed.Clock(now.Sub(inc.LastNoteAt))+" ago"))
	}
	if overdue && owesUpdate(inc, me) {
		parts = append(parts, st.Warn.Bold(true).Render("stakeholders are waiting: /update …"))
	}
	return truncate(strings.Join(parts, sep), width)
}

// milestones says how long a resolved incident took to be acknowledged
// and mitigated, counted from its declaration; the header says how long it
// took to resolve.
func milestones(inc *model.Incident, st style.Styles, sep string) string {
	var parts []string
	for _, m := range []struct {
		what string
		at   time.Time
	}{{"acknowledged", inc.AcknowledgedAt}, {"mitigated", inc.MitigatedAt}} {
		if !m.at.IsZero() {
			parts = append(parts, st.Muted.Render(m.what+" after ")+st.Text.Render(elapsed.Clock(m.at.Sub(inc.DeclaredAt))))
		}
	}
	return strings.Join(parts, sep)
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
