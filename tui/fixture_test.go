package tui

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
)

// The notes of INC-3 in the fixture, the last one first to look for.
const (
	lastNote      = "Provider status page says degraded performance; ticket opened."
	multiLineNote = "Mitigation plan:\n1. pause the retry worker\n2. drain the queue\n3. re-enable with backoff"
)

// seedIncidents fills s with four incidents of every severity, notes in
// INC-3 (one of several lines), and people in rooms and on the list. The
// clock ends at epoch.
func seedIncidents(t testing.TB, s *hub.Hub, clock *testClock) {
	t.Helper()
	at := func(d time.Duration) { clock.Set(epoch.Add(d)) }

	at(-3*time.Hour - 7*time.Minute)
	dispatch(t, s, alice, model.Declare{Title: "Checkout API returning 502s", Severity: model.Sev1})
	at(-50 * time.Minute)
	dispatch(t, s, bob, model.Declare{Title: "Search latency above SLO", Severity: model.Sev3})
	at(-12*time.Minute - 30*time.Second)
	dispatch(t, s, alice, model.Declare{Title: "Payment webhook retries piling up", Severity: model.Sev2})
	at(-11 * time.Minute)
	dispatch(t, s, alice, model.PostNote{Incident: "INC-3", Text: "Seeing 5xx from the payment provider since 09:18."})
	at(-9*time.Minute - 15*time.Second)
	dispatch(t, s, bob, model.PostNote{Incident: "INC-3", Text: multiLineNote})
	at(-4 * time.Minute)
	dispatch(t, s, bob, model.PostNote{Incident: "INC-3", Text: lastNote})
	at(-40 * time.Second)
	dispatch(t, s, bob, model.Declare{Title: "日本語のダッシュボードが表示されない 🔥", Severity: model.Sev4})
	clock.Set(epoch)

	present(t, s, "bob", "INC-3")
	present(t, s, "carol", "INC-1")
	present(t, s, "dave", "")
}

// present puts user in room ("" for the list) until the test ends, as a
// connected session would.
func present(t testing.TB, s model.Store, user, room string) {
	t.Helper()
	sub := s.Subscribe(context.Background())
	t.Cleanup(sub.Close)
	sub.SetPresence(user, room)
}

// newApp returns the interface for actor at 80x24 without a program:
// tests feed it messages and read its state and view directly. Its
// subscription carries its presence, but nothing waits on it (no program
// runs Init); syncState hands it the store's current state.
func newApp(t testing.TB, s model.Store, actor model.Actor, clock *testClock) *app {
	t.Helper()
	m := New(sessionOptions(t, s, actor, clock)).(*app)
	sendAll(m, tea.EnvMsg{"TERM=xterm-256color"}, tea.WindowSizeMsg{Width: 80, Height: 24})
	return m
}

// syncState gives m the store's newest state, as the subscription would.
func syncState(m *app, s model.Store) { sendAll(m, updateMsg{State: s.Snapshot()}) }

// sendAll sends msgs to m in order and returns the last command. Like a
// program, it draws a frame after each message, so stale caches show.
func sendAll(m *app, msgs ...tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	for _, msg := range msgs {
		_, cmd = m.Update(msg)
		m.View()
	}
	return cmd
}
