package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
)

func TestListMovesByBinding(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	k := m.keys

	// List order: SEV1 first, so INC-1, INC-3, INC-2, INC-4.
	if m.list.selected != "INC-1" {
		t.Fatalf("selected %q at start, want INC-1", m.list.selected)
	}
	sendAll(m, press(t, k.Down), press(t, k.Down))
	if m.list.selected != "INC-2" {
		t.Errorf("two downs select %q, want INC-2", m.list.selected)
	}
	sendAll(m, press(t, k.Up))
	if m.list.selected != "INC-3" {
		t.Errorf("up selects %q, want INC-3", m.list.selected)
	}
	sendAll(m, typed("kkkkk")...)
	if m.list.selected != "INC-1" {
		t.Errorf("k past the top selects %q, want INC-1", m.list.selected)
	}
	cmd := sendAll(m, press(t, k.Down), press(t, k.Join))
	if m.room == nil || m.room.id != "INC-3" {
		t.Fatalf("enter did not join INC-3")
	}
	run(cmd, func(tea.Msg) {})
	waitForStore(t, s, "alice in INC-3", func(st *model.State) bool {
		return strings.Contains(strings.Join(st.PeopleIn("INC-3"), ","), "alice")
	})
}

func TestFilterByBinding(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	k := m.keys

	sendAll(m, press(t, k.Filter))
	sendAll(m, typed("PAYMENT")...)
	if len(m.list.shown) != 1 || m.list.selected != "INC-3" {
		t.Fatalf("filter PAYMENT shows %d incidents, selected %q", len(m.list.shown), m.list.selected)
	}
	sendAll(m, press(t, k.ApplyFilter))
	if m.list.filtering {
		t.Error("enter kept the filter line focused")
	}
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "filter: PAYMENT") || strings.Contains(v, "INC-1 ") {
		t.Errorf("filtered list:\n%s", v)
	}
	sendAll(m, press(t, k.ClearFilter))
	if len(m.list.shown) != 4 {
		t.Errorf("esc left %d incidents shown, want 4", len(m.list.shown))
	}
	sendAll(m, press(t, k.Filter))
	sendAll(m, typed("inc-4")...)
	sendAll(m, press(t, k.CancelFilter))
	if len(m.list.shown) != 4 || m.list.filtering {
		t.Errorf("esc while typing a filter: %d shown, filtering %v", len(m.list.shown), m.list.filtering)
	}
	sendAll(m, press(t, k.Filter))
	sendAll(m, typed("triage")...)
	if len(m.list.shown) != 4 {
		t.Errorf("status filter shows %d incidents, want 4", len(m.list.shown))
	}
}

func TestQuitByBinding(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)

	m := newApp(t, s, alice, clock)
	find[tea.QuitMsg](t, sendAll(m, press(t, m.keys.ListQuit)))

	m = newApp(t, s, alice, clock)
	sendAll(m, press(t, m.keys.Join))
	sendAll(m, typed("q")...)
	if m.room == nil || m.room.prompt.Value() != "q" {
		t.Fatal("q in a room must be typed, not quit")
	}
	find[tea.QuitMsg](t, sendAll(m, press(t, m.keys.Quit)))
}

func TestHelpByBinding(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	k := m.keys

	sendAll(m, press(t, k.Help))
	if v := ansi.Strip(m.View().Content); !m.showHelp || !strings.Contains(v, "declare") || !strings.Contains(v, "clear filter") {
		t.Fatalf("? on the list shows:\n%s", v)
	}
	sendAll(m, press(t, k.Help))
	if m.showHelp {
		t.Fatal("? again did not close help")
	}

	sendAll(m, press(t, k.Join))
	sendAll(m, press(t, k.Help))
	if v := ansi.Strip(m.View().Content); !m.showHelp || !strings.Contains(v, "follow new entries") {
		t.Fatalf("? in an empty room input shows:\n%s", v)
	}
	sendAll(m, press(t, k.Back))
	if m.showHelp || m.room == nil {
		t.Fatal("esc should close help and stay in the room")
	}
	sendAll(m, typed("why?")...)
	if m.showHelp || m.room.prompt.Value() != "why?" {
		t.Errorf("? after text: help %v, input %q", m.showHelp, m.room.prompt.Value())
	}
}

func TestDraftIsKeptPerRoom(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	k := m.keys

	sendAll(m, press(t, k.Join))
	sendAll(m, typed("half a thought")...)
	sendAll(m, press(t, k.Back))
	if m.room != nil {
		t.Fatal("esc did not return to the list")
	}
	sendAll(m, press(t, k.Down), press(t, k.Join))
	if got := m.room.prompt.Value(); got != "" {
		t.Errorf("INC-3 starts with %q, want an empty input", got)
	}
	sendAll(m, press(t, k.Back), press(t, k.Up), press(t, k.Join))
	if m.room.id != "INC-1" || m.room.prompt.Value() != "half a thought" {
		t.Errorf("back in %s the input holds %q", m.room.id, m.room.prompt.Value())
	}
}

func TestDeclareFormByBinding(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	m := newApp(t, s, alice, clock)
	k := m.keys

	sendAll(m, press(t, k.Declare))
	if m.list.form == nil || m.list.form.severity != model.Sev3 {
		t.Fatal("d did not open the form with SEV3")
	}
	sendAll(m, press(t, k.MoreSevere), press(t, k.MoreSevere), press(t, k.MoreSevere))
	if m.list.form.severity != model.Sev1 {
		t.Errorf("three ups give %s, want SEV1", m.list.form.severity)
	}
	sendAll(m, press(t, k.LessSevere))
	sendAll(m, typed("disk full on db-3")...)

	// An empty title is the store's refusal, shown inline.
	form := m.list.form
	form.title.SetValue("   ")
	msg := find[declaredMsg](t, sendAll(m, press(t, k.Submit)))
	sendAll(m, msg)
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "the title is empty") {
		t.Errorf("refusal not shown:\n%s", v)
	}
	sendAll(m, press(t, k.Cancel))
	if m.list.form != nil {
		t.Error("esc did not close the form")
	}
	if s.Snapshot().Seq != 0 {
		t.Error("the store changed")
	}
}

func TestObserverHasNoWritingKeys(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, olga, clock)
	seq := s.Snapshot().Seq

	sendAll(m, typed("d")...)
	if m.list.form != nil {
		t.Fatal("an observer opened the declare form")
	}
	sendAll(m, press(t, m.keys.Join))
	if m.room == nil || m.room.prompt != nil {
		t.Fatal("an observer's room must have no input")
	}
	var cmds []tea.Cmd
	for _, msg := range append(typed("let me in"), tea.KeyPressMsg{Code: tea.KeyEnter}, tea.PasteMsg{Content: "pasted"}) {
		cmds = append(cmds, sendAll(m, msg))
	}
	for _, cmd := range cmds {
		if cmd == nil {
			continue
		}
		if _, ok := cmd().(commandDoneMsg); ok {
			t.Fatal("an observer's key posted a note")
		}
	}
	if s.Snapshot().Seq != seq {
		t.Error("the store changed")
	}
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "observer") || strings.Contains(v, "> ") {
		t.Errorf("observer room:\n%s", v)
	}
}

func TestPostingKeepsTextOnRefusalAndClearsOnSuccess(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	k := m.keys
	sendAll(m, press(t, k.Join)) // INC-1

	tooLong := strings.Repeat("障", 1500) // 4,500 bytes, over the 4 KiB limit
	sendAll(m, tea.PasteMsg{Content: tooLong})
	sendAll(m, find[commandDoneMsg](t, sendAll(m, press(t, k.Submit))))
	v := ansi.Strip(m.View().Content)
	if !strings.Contains(v, "the note is 4500 bytes; the limit is 4096") {
		t.Errorf("refusal not shown inline:\n%s", v)
	}
	if m.room.prompt.Value() != tooLong {
		t.Error("the refused text was not kept")
	}
	sendAll(m, press(t, k.PageUp))
	if strings.Contains(ansi.Strip(m.View().Content), "the limit is") {
		t.Error("the refusal outlived the next keystroke")
	}

	m.room.prompt.SetValue("rolled back the deploy")
	sendAll(m, find[commandDoneMsg](t, sendAll(m, press(t, k.Submit))))
	if m.room.prompt.Value() != "" {
		t.Errorf("input holds %q after posting", m.room.prompt.Value())
	}
	syncState(m, s)
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "rolled back the deploy") {
		t.Errorf("posted note not on the timeline:\n%s", v)
	}
}

func TestLongListKeepsTheSelectionOnScreen(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	for i := range 30 {
		dispatch(t, s, alice, model.Declare{Title: fmt.Sprintf("incident number %d", i+1)})
	}
	m := newApp(t, s, alice, clock)
	selectedRow := func() string {
		for _, l := range strings.Split(ansi.Strip(m.View().Content), "\n") {
			if strings.HasPrefix(l, "> ") {
				return l
			}
		}
		return ""
	}
	for range 29 {
		sendAll(m, press(t, m.keys.Down))
	}
	// Same severity, newest first: the last row is INC-1.
	if row := selectedRow(); !strings.Contains(row, "INC-1 ") {
		t.Fatalf("after 29 downs the selected row on screen is %q", row)
	}
	sendAll(m, press(t, m.keys.Declare))
	if row := selectedRow(); !strings.Contains(row, "INC-1 ") {
		t.Errorf("with the form open the selected row on screen is %q", row)
	}
	sendAll(m, press(t, m.keys.Cancel))
	for range 29 {
		sendAll(m, press(t, m.keys.Up))
	}
	if row := selectedRow(); !strings.Contains(row, "INC-30") {
		t.Errorf("back at the top the selected row is %q", row)
	}
}

// Lines typed ahead while one is still on its way to the store (a slow
// link delivers them together) commit in the order typed, and the
// command line is free for the next one at once.
func TestLinesTypedAheadCommitInOrder(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	k := m.keys
	sendAll(m, press(t, k.Join)) // INC-1, alice is its IC
	seq := s.Snapshot().Seq

	var first tea.Cmd
	for i, line := range []string{"/sev 2", "first note", "second note"} {
		sendAll(m, typed(line)...)
		cmd := sendAll(m, press(t, k.Submit))
		if i == 0 {
			first = cmd
		} else if cmd != nil {
			t.Fatalf("%q went before the line ahead of it was done", line)
		}
		if v := m.room.prompt.Value(); v != "" {
			t.Fatalf("after sending %q the command line holds %q", line, v)
		}
	}
	for cmd := first; cmd != nil; {
		cmd = sendAll(m, find[commandDoneMsg](t, cmd))
	}
	inc, _ := s.Snapshot().Incident("INC-1")
	var got []string
	for _, e := range inc.Timeline[len(inc.Timeline)-int(s.Snapshot().Seq-seq):] {
		got = append(got, e.Text)
	}
	want := []string{"lowered severity SEV1 → SEV2", "first note", "second note"}
	if !slices.Equal(got, want) {
		t.Errorf("committed %q, want %q", got, want)
	}
}

// The outcome of a line sent before the person left the room belongs to
// that visit: coming back, it neither takes the place of a newer line in
// flight nor shows its refusal.
func TestAnOutcomeFromAnEarlierVisitStaysThere(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	k := m.keys
	sendAll(m, press(t, k.Join))
	m.room.prompt.SetValue("/status identified")
	old := sendAll(m, press(t, k.Submit))
	sendAll(m, press(t, k.Back), press(t, k.Join)) // leave while it is in flight, and come back
	m.room.prompt.SetValue("a note")
	current := sendAll(m, press(t, k.Submit))
	if current == nil {
		t.Fatal("the new visit's line was not sent")
	}
	if next := sendAll(m, find[commandDoneMsg](t, old)); next != nil {
		t.Error("the earlier visit's outcome started a command in this visit")
	}
	if len(m.room.sending) != 1 || m.room.inputErr != "" {
		t.Errorf("this visit's queue %v, error %q; want the note still in flight and no error", m.room.sending, m.room.inputErr)
	}
	sendAll(m, find[commandDoneMsg](t, current))
	if len(m.room.sending) != 0 {
		t.Errorf("the note's outcome left %d lines queued", len(m.room.sending))
	}
}

// The command line's history follows the person from room to room.
func TestHistoryFollowsThePersonBetweenRooms(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, alice, clock)
	k := m.keys
	sendAll(m, press(t, k.Join))
	first := m.room.id
	m.room.prompt.SetValue("/filter notes")
	sendAll(m, press(t, k.Submit))
	sendAll(m, press(t, k.Back), press(t, k.Down), press(t, k.Join))
	if m.room == nil || m.room.id == first {
		t.Fatalf("not in another room (from %s)", first)
	}
	sendAll(m, tea.KeyPressMsg{Code: tea.KeyUp})
	if got := m.room.prompt.Value(); got != "/filter notes" {
		t.Errorf("up in another room recalls %q, want the line sent in the first", got)
	}
}

// Observers have no command line to type /review in: R opens the review
// and its replay for them, as for everyone outside the command line.
func TestAnObserverOpensTheReviewWithAKey(t *testing.T) {
	clock := newClock()
	s := openStore(t, clock)
	seedIncidents(t, s, clock)
	m := newApp(t, s, olga, clock)
	sendAll(m, press(t, m.keys.Join))
	sendAll(m, tea.KeyPressMsg{Code: 'R', Text: "R"})
	if m.review == nil {
		t.Fatal("R in the room did not open the review")
	}
	if v := ansi.Strip(m.View().Content); !strings.Contains(v, "post-incident review") {
		t.Errorf("the review screen:\n%s", v)
	}
}
