package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/tui/elapsed"
)

// ticker wakes the screen when an elapsed time on it is due to change, and
// not otherwise: a screen with nothing ticking schedules nothing. A tick
// only wakes the program; panes notice the new time through their cache
// keys, which hold the elapsed text or the next change.
type ticker struct {
	id  uint64    // the tick that counts; older ones were superseded
	due time.Time // when the pending tick fires; zero when none is pending
}

// tickMsg is a scheduled wake-up; only the one matching ticker.id counts.
type tickMsg struct{ id uint64 }

// scheduleTick makes sure exactly the right wake-up is pending for what
// the screen shows now. It is cheap to call after every message: when the
// wake-up it wants is already pending it does nothing.
func (m *app) scheduleTick() tea.Cmd {
	due, ok := m.nextDisplayChange()
	if !ok {
		m.ticks.due = time.Time{}
		m.ticks.id++ // any pending tick no longer counts
		return nil
	}
	if due.Equal(m.ticks.due) {
		return nil
	}
	m.ticks.id++
	m.ticks.due = due
	id := m.ticks.id
	return tea.Tick(due.Sub(m.now()), func(time.Time) tea.Msg { return tickMsg{id: id} })
}

// onTick lets the screen redraw with the new time, and rings the bell if
// a page is due to ring.
func (m *app) onTick(msg tickMsg) tea.Cmd {
	if msg.id != m.ticks.id {
		return nil
	}
	m.ticks.due = time.Time{}
	if due := m.alerts.nextDue; !due.IsZero() && !m.now().Before(due) {
		m.refreshAlerts() // a stakeholder update this user owes fell due
	}
	return m.alerts.ring(m.now())
}

// nextDisplayChange is when the screen next changes by itself: the bell
// or the alert banner's countdown, and the elapsed times on screen.
func (m *app) nextDisplayChange() (time.Time, bool) {
	next, ok := m.screenChange()
	if len(m.alerts.waiting) > 0 {
		// The banner may count down an offer: it changes every second.
		next, ok = earliest(next, ok, m.now().Truncate(time.Second).Add(time.Second))
	}
	if bell, ring := m.alerts.nextBell(); ring {
		next, ok = earliest(next, ok, bell)
	}
	if due := m.alerts.nextDue; !due.IsZero() {
		next, ok = earliest(next, ok, due)
	}
	return next, ok
}

func earliest(t time.Time, ok bool, u time.Time) (time.Time, bool) {
	if !ok || u.Before(t) {
		return u, true
	}
	return t, true
}

// screenChange is when the next time on screen changes: the room's clock
// ticks in seconds, the list's in minutes, a resolved incident's does not
// tick at all, and the panes and the follow-ups say when theirs change.
func (m *app) screenChange() (time.Time, bool) {
	now := m.now()
	if m.followups != nil {
		return m.followups.list.NextChange(now) // due days turn overdue at midnight
	}
	if m.room != nil {
		var next time.Time
		ok := false
		if inc, found := m.state.Incident(m.room.id); found && inc.Status.Open() {
			next, ok = elapsed.Seconds.NextChange(inc.DeclaredAt, now), true
		}
		// The panes' own clocks: countdowns, and due days at midnight
		// (which a resolved incident's actions still have).
		for _, p := range m.room.panes {
			if t, changes := p.NextChange(now); changes {
				next, ok = earliest(next, ok, t)
			}
		}
		return next, ok
	}
	var next time.Time
	for _, inc := range m.list.shown {
		if !inc.Status.Open() {
			continue
		}
		if t := elapsed.Minutes.NextChange(inc.DeclaredAt, now); next.IsZero() || t.Before(next) {
			next = t
		}
	}
	return next, !next.IsZero()
}
