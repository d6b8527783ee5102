package tui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
)

// bellRepeat is how often the terminal bell rings again while a page to
// this person waits for an acknowledgement.
const bellRepeat = 30 * time.Second

// alert is something waiting on this person, shown on every screen: a page
// to acknowledge, the incident commander role offered to them, or a
// stakeholder update they owe.
type alert struct {
	incident  *model.Incident
	page      *model.Page     // set for a page
	offer     *model.Handover // set for a handover offer
	updateDue time.Time       // set for an overdue stakeholder update
}

// alerts tracks what waits on this session's user and rings the bell.
type alerts struct {
	user    string
	waiting []alert
	// nextDue is when a stakeholder update this user owes next falls
	// due (zero when none): the list must be rebuilt then.
	nextDue time.Time
	// rung is when each waiting page (by seq) last rang the bell.
	rung map[uint64]time.Time
}

// affected reports whether u may have changed what waits on the user.
// Only these kinds can start or end an alert; a note costs no scan of the
// incidents.
func affected(u model.Update) bool {
	if u.Resync {
		return true
	}
	for _, e := range u.Events {
		switch e.Kind() {
		case model.KindDeclared, model.KindEscalated, model.KindPageAcked,
			model.KindHandoverOffered, model.KindHandoverEnded, model.KindStatus, model.KindRole,
			model.KindSeverity, model.KindUpdate:
			return true
		}
	}
	return false
}

// refresh rebuilds the list from s at now: pages first, then offers, then
// overdue updates, each in list order.
func (a *alerts) refresh(s *model.State, now time.Time) {
	a.waiting, a.nextDue = a.waiting[:0], time.Time{}
	var offers, updates []alert
	for _, inc := range s.Incidents() {
		if !inc.Status.Open() {
			continue
		}
		if inc.Ladder.Waiting(a.user) {
			a.waiting = append(a.waiting, alert{incident: inc, page: inc.Ladder.Current()})
		}
		if h := inc.Handover; h != nil && h.To == a.user {
			offers = append(offers, alert{incident: inc, offer: h})
		}
		if due, ok := inc.NextUpdateDue(s.Rules()); ok && owesUpdate(inc, a.user) {
			switch {
			case !due.After(now):
				updates = append(updates, alert{incident: inc, updateDue: due})
			case a.nextDue.IsZero() || due.Before(a.nextDue):
				a.nextDue = due
			}
		}
	}
	a.waiting = append(append(a.waiting, offers...), updates...)
	for seq := range a.rung {
		if !a.pageWaits(seq) {
			delete(a.rung, seq)
		}
	}
}

func (a *alerts) pageWaits(seq uint64) bool {
	for _, w := range a.waiting {
		if w.page != nil && w.page.Seq == seq {
			return true
		}
	}
	return false
}

// nextBell is when the bell should ring next: now for a page that never
// rang, bellRepeat after the last ring otherwise.
func (a *alerts) nextBell() (time.Time, bool) {
	var next time.Time
	for _, w := range a.waiting {
		if w.page == nil {
			continue
		}
		at := a.rung[w.page.Seq].Add(bellRepeat)
		if next.IsZero() || at.Before(next) {
			next = at
		}
	}
	return next, !next.IsZero()
}

// ring returns the bell if a page is due to ring at now, and records it.
func (a *alerts) ring(now time.Time) tea.Cmd {
	due := false
	for _, w := range a.waiting {
		if w.page != nil && !now.Before(a.rung[w.page.Seq].Add(bellRepeat)) {
			if a.rung == nil {
				a.rung = map[uint64]time.Time{}
			}
			a.rung[w.page.Seq] = now
			due = true
		}
	}
	if !due {
		return nil
	}
	return tea.Raw("\a")
}

// minBannerTitle is how much of a paged incident's title the banner keeps
// before it gives way to what the person must do.
const minBannerTitle = 12

// banner is the line shown above every screen while something waits. What
// to do and by when outlast the rest when the window is narrow: a long
// title is cut first, and an offer drops to its short form.
func (m *app) banner() string {
	if len(m.alerts.waiting) == 0 {
		return ""
	}
	st := m.styles
	w := m.alerts.waiting[0]
	inc := w.incident
	more := ""
	if n := len(m.alerts.waiting) - 1; n > 0 {
		more = st.Muted.Render(fmt.Sprintf(" (+%d more)", n))
	}
	var badge string
	switch {
	case w.page != nil:
		badge = st.Error.Reverse(true).Render(" PAGED ")
	case w.offer != nil:
		badge = st.Warn.Bold(true).Reverse(true).Render(" IC OFFER ")
	default:
		badge = st.Warn.Bold(true).Reverse(true).Render(" UPDATE DUE ")
	}
	room := m.width - lipgloss.Width(badge) - lipgloss.Width(more)
	var texts []string // longest first: the first that fits is shown
	switch {
	case w.page != nil:
		head := fmt.Sprintf(" %s %s ", inc.ID, inc.Severity)
		rest := fmt.Sprintf(" · level %d · /ack in its room", w.page.Level)
		title := truncate(inc.Title, max(room-lipgloss.Width(head+rest), minBannerTitle))
		texts = []string{head + title + rest}
	case w.offer == nil:
		late := elapsed.Until(w.updateDue, m.now()).Text
		texts = []string{
			fmt.Sprintf(" %s %s: stakeholders were due an update %s ago · /update … in its room", inc.ID, inc.Severity, late),
			fmt.Sprintf(" %s: update overdue %s · /update …", inc.ID, late),
		}
	default:
		from, left := w.offer.From, elapsed.Until(w.offer.Expires, m.now()).Text
		texts = []string{
			fmt.Sprintf(" %s offers you incident commander of %s · /accept or /decline in its room · lapses in %s", from, inc.ID, left),
			fmt.Sprintf(" %s offers you IC of %s · lapses in %s · /accept or /decline", from, inc.ID, left),
		}
	}
	text := texts[len(texts)-1]
	for _, t := range texts {
		if lipgloss.Width(t) <= room {
			text = t
			break
		}
	}
	return truncate(badge+st.Warn.Render(truncate(text, room))+more, m.width)
}
