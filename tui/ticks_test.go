package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestNothingTicksWithNothingToTick(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	m := New(Options{Store: s, Actor: alice, Now: clock.Now}).(*app)
	if _, ok := m.nextDisplayChange(); ok {
		t.Error("an empty list wants to tick")
	}
	if cmd := m.scheduleTick(); cmd != nil {
		t.Error("an empty list scheduled a tick")
	}
}

func TestListTicksWhenTheFirstMinuteTurns(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, bystander, clock)
	// INC-4 was declared 40s ago: it is the first to read "1m", in 20s.
	due, ok := m.nextDisplayChange()
	if want := epoch.Add(20 * time.Second); !ok || !due.Equal(want) {
		t.Fatalf("next change at %v (%v), want %v", due, ok, want)
	}
	if m.ticks.due != due {
		t.Errorf("the pending tick is due %v, want %v", m.ticks.due, due)
	}
	if cmd := m.scheduleTick(); cmd != nil {
		t.Error("a second tick was scheduled for the same change")
	}
}

func TestRoomClockTicksEachSecond(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	sendAll(m, tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyEnter})
	if !strings.Contains(ansi.Strip(m.View().Content), "00:12:30") {
		t.Fatalf("room header:\n%s", ansi.Strip(m.View().Content))
	}
	if want := epoch.Add(time.Second); !m.ticks.due.Equal(want) {
		t.Fatalf("room tick due %v, want %v", m.ticks.due, want)
	}

	pending := m.ticks
	sendAll(m, tickMsg{id: m.ticks.id - 1})
	if m.ticks != pending {
		t.Error("a superseded tick counted")
	}
	clock.Set(epoch.Add(time.Second))
	sendAll(m, tickMsg{id: m.ticks.id})
	if !strings.Contains(ansi.Strip(m.View().Content), "00:12:31") {
		t.Errorf("after the tick the header reads:\n%s", ansi.Strip(m.View().Content))
	}
	if want := epoch.Add(2 * time.Second); !m.ticks.due.Equal(want) {
		t.Errorf("next tick due %v, want %v", m.ticks.due, want)
	}
}
