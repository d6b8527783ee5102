package tui

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
)

// dispatchTimeout bounds how long a keystroke waits for the store's writer
// to take it; once taken, the store answers only when the change is durable
// or refused, so the form shows the truth rather than a guess.
const dispatchTimeout = 10 * time.Second

// updateMsg carries what the session's subscription delivered.
type updateMsg model.Update

// subscriptionEndedMsg says the subscription is closed: the session is
// ending, so the interface stops waiting for updates.
type subscriptionEndedMsg struct{}

// commandDoneMsg is the outcome of a command sent from one visit to a room
// (0 for none: the follow-ups screen, a theme): the line typed, if it was
// typed, committed as event or refused with err. A visit ends when the
// person leaves the room, so a late outcome cannot reach the next visit.
type commandDoneMsg struct {
	visit uint64
	line  string
	event *model.Event
	err   error
}

// declaredMsg is the outcome of declaring an incident. state, when set, is
// a snapshot that already holds the new incident.
type declaredMsg struct {
	incident string
	state    *model.State
	err      error
}

// waitForUpdate returns a command that blocks on the subscription for the
// next update. It is issued again after each update, so exactly one is
// waiting at any time and the store never waits on this session.
func waitForUpdate(sub model.Subscription) tea.Cmd {
	if sub == nil {
		return nil
	}
	return func() tea.Msg {
		u, err := sub.Next(context.Background())
		if err != nil {
			return subscriptionEndedMsg{}
		}
		return updateMsg(u)
	}
}

// writer dispatches commands for an actor who may change things. Observers
// get no writer at all, so no observer code path can reach Dispatch.
type writer struct {
	store model.Store
	actor model.Actor
}

// newWriter returns nil for actors whose level cannot write.
func newWriter(store model.Store, actor model.Actor) *writer {
	if store == nil || !actor.Level.CanWrite() {
		return nil
	}
	return &writer{store: store, actor: actor}
}

// run dispatches cmd, which line (if typed) became, for visit.
func (w *writer) run(visit uint64, line string, cmd model.Command) tea.Cmd {
	return func() tea.Msg {
		ev, err := w.dispatch(cmd)
		return commandDoneMsg{visit: visit, line: line, event: ev, err: err}
	}
}

// runAll dispatches lines one after the other, in order, for a visit that
// has ended; the outcome of the last is reported.
func (w *writer) runAll(visit uint64, lines []sentLine) tea.Cmd {
	return func() tea.Msg {
		var done commandDoneMsg
		for _, l := range lines {
			ev, err := w.dispatch(l.cmd)
			done = commandDoneMsg{visit: visit, line: l.line, event: ev, err: err}
		}
		return done
	}
}

func (w *writer) dispatch(cmd model.Command) (*model.Event, error) {
	ctx, cancel := context.WithTimeout(context.Background(), dispatchTimeout)
	defer cancel()
	return w.store.Dispatch(ctx, w.actor, cmd)
}

func (w *writer) declare(d model.Declare) tea.Cmd {
	return func() tea.Msg {
		ev, err := w.dispatch(d)
		if err != nil {
			return declaredMsg{err: err}
		}
		return declaredMsg{incident: ev.Incident, state: w.store.Snapshot()}
	}
}

// presenceReporter tells the store which room this session is in, through
// the session's subscription. Commands run on their own goroutines in no
// fixed order, so each one reports the newest wish under a lock: whichever
// runs last, the store ends up with the room the person is actually in. A
// report still in flight when the session ends is harmless: presence
// belongs to the subscription, which ignores reports once it is closed.
type presenceReporter struct {
	updates model.Subscription
	user    string

	mu   sync.Mutex
	room string
}

func (p *presenceReporter) report(room string) tea.Cmd {
	if p.updates == nil {
		return nil
	}
	p.mu.Lock()
	p.room = room
	p.mu.Unlock()
	return func() tea.Msg {
		p.mu.Lock()
		defer p.mu.Unlock()
		p.updates.SetPresence(p.user, p.room)
		return nil
	}
}
