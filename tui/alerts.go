package tui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
)

// bellRepeat is how often the terminal bell rings again while a page to
// this person waits for an acknowledgement.
const bellRepeat = 30 * time.Second

// alert is something waiting on this person, shown on every screen: a page
// to acknowledge, or the incident commander role offered to them.
type alert struct {
	incident *model.Incident
	page     *model.Page     // set for a page
	offer    *model.Handover // set for a handover offer
}

// alerts tracks what waits on this session's user and rings the bell.
type alerts struct {
	user    string
	waiting []alert
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
			model.KindHandoverOffered, model.KindHandoverEnded, model.KindStatus, model.KindRole:
			return true
		}
	}
	return false
}

// refresh rebuilds the list from s.
func (a *alerts) refresh(s *model.State) {
	a.waiting = a.waiting[:0]
	for _, inc := range s.Incidents() {
		if !inc.Status.Open() {
			continue
		}
		if inc.Ladder.Waiting(a.user) {
			a.waiting = append(a.waiting, alert{incident: inc, page: inc.Ladder.Current()})
		}
		if h := inc.Handover; h != nil && h.To == a.user {
			a.waiting = append(a.waiting, alert{incident: inc, offer: h})
		}
	}
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

// banner is the line shown above every screen while something waits.
func (m *app) banner() string {
	if len(m.alerts.waiting) == 0 {
		return ""
	}
	st := m.styles
	w := m.alerts.waiting[0]
	inc := w.incident
	var badge, text string
	if w.page != nil {
		badge = st.Error.Reverse(true).Render(" PAGED ")
		text = fmt.Sprintf(" %s %s %s · level %d · /ack in its room", inc.ID, inc.Severity, inc.Title, w.page.Level)
	} else {
		badge = st.Warn.Bold(true).Reverse(true).Render(" IC OFFER ")
		text = fmt.Sprintf(" %s offers you incident commander of %s · /accept or /decline in its room · lapses in %s",
			w.offer.From, inc.ID, elapsed.Until(w.offer.Expires, m.now()).Text)
	}
	more := ""
	if n := len(m.alerts.waiting) - 1; n > 0 {
		more = st.Muted.Render(fmt.Sprintf(" (+%d more)", n))
	}
	return truncate(badge+st.Warn.Render(strings.TrimRight(text, " "))+more, m.width)
}
