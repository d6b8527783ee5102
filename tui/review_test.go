package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
)

// The replayed incident's timeline: declared at epoch, notes 20 s and
// 50 s in, a third after two quiet hours, then resolved.
const (
	replayNote1 = "Rolled back build 4411; errors falling."
	replayNote2 = "Error rate back to baseline."
	replayNote3 = "Closing out after a quiet night."
)

// reviewedIncident scripts a resolved INC-1 whose review names a person
// in its root cause, and returns alice's session in its room.
func reviewedIncident(t *testing.T) (*app, *testClock) {
	t.Helper()
	clock := newClock()
	s := openStore(t, clock)
	at := func(d time.Duration) { clock.Set(epoch.Add(d)) }
	dispatch(t, s, alice, model.Declare{Title: "Checkout API returning 502s", Severity: model.Sev2})
	at(20 * time.Second)
	dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: replayNote1})
	at(50 * time.Second)
	dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: replayNote2})
	at(2*time.Hour + 50*time.Second)
	dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: replayNote3})
	dispatch(t, s, alice, model.SetStatus{Incident: "INC-1", Status: model.StatusResolved})
	dispatch(t, s, alice, model.SetReviewField{Incident: "INC-1", Field: "summary", Text: "Checkout failed for fifty seconds after build 4411."})
	dispatch(t, s, alice, model.SetReviewField{Incident: "INC-1", Field: "root-cause", Text: "Human error: bob deployed the wrong build."})
	at(3 * time.Hour)

	m := newApp(t, s, alice, clock)
	sendAll(m, m.enterRoom("INC-1")())
	syncState(m, s)
	sendAll(m, typed("/review")...)
	sendAll(m, tea.KeyPressMsg{Code: tea.KeyEnter})
	if m.review == nil {
		t.Fatalf("/review did not open the review:\n%s", screenText(m))
	}
	return m, clock
}

func screenText(m *app) string { return ansi.Strip(m.View().Content) }

// /review shows the draft's header and sections, scrolls through them,
// and marks the blameless check's warning; esc returns to the room.
func TestReviewScreen(t *testing.T) {
	m, _ := reviewedIncident(t)
	v := screenText(m)
	for _, want := range []string{"INC-1 Checkout API returning 502s — post-incident review · draft", "SUMMARY", "Checkout failed for fifty seconds"} {
		if !strings.Contains(v, want) {
			t.Errorf("the review lacks %q:\n%s", want, v)
		}
	}

	sendAll(m, press(t, m.keys.Bottom))
	v = screenText(m)
	if !strings.Contains(v, "CORRECTIVE ACTIONS") || strings.Contains(v, "SUMMARY") {
		t.Errorf("end does not scroll to the end of the review:\n%s", v)
	}
	sendAll(m, press(t, m.keys.Top), press(t, m.keys.Down))
	if m.review.top != 1 {
		t.Errorf("down from the top shows line %d first, want 1", m.review.top)
	}

	var warning string
	for range 20 {
		if v = m.View().Content; strings.Contains(ansi.Strip(v), "blameless check") {
			break
		}
		sendAll(m, press(t, m.keys.PageDown))
	}
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(ansi.Strip(l), "blameless check") {
			warning = l
		}
	}
	if want := m.styles.Warn.Render(ansi.Strip(warning)); warning == "" || warning != want {
		t.Errorf("the blameless warning is %q, want it in the warning style %q", warning, want)
	}

	sendAll(m, press(t, m.keys.Back))
	if m.review != nil || !strings.Contains(screenText(m), "> ") {
		t.Errorf("esc does not return to the room:\n%s", screenText(m))
	}
}

// r replays the timeline at 10x on the session's clock: each entry shows
// when its scaled time has come and not before; space holds it, n shows
// the next at once, s cycles the speed, and a long gap is cut short.
func TestReviewReplay(t *testing.T) {
	m, clock := reviewedIncident(t)
	sendAll(m, press(t, m.keys.Replay))
	start := clock.Now()
	tick := func(d time.Duration) {
		clock.Set(start.Add(d))
		sendAll(m, replayTickMsg{id: m.review.replay.wake})
	}
	shows := func(text string) bool { return strings.Contains(screenText(m), text) }

	if v := screenText(m); !strings.Contains(v, "declared") || !strings.Contains(v, "09:30:00 (+0:00:00) · 10x · playing") || shows(replayNote1) {
		t.Fatalf("the replay does not start at the declaration:\n%s", v)
	}
	tick(2*time.Second - time.Millisecond) // (20 s - 0 s) / 10, not quite
	if shows(replayNote1) {
		t.Fatalf("the second entry shows before its time:\n%s", screenText(m))
	}
	tick(2 * time.Second)
	if !shows(replayNote1) || !shows("09:30:20 (+0:00:20)") {
		t.Fatalf("the second entry does not show at its time:\n%s", screenText(m))
	}

	sendAll(m, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	tick(time.Minute)
	if shows(replayNote2) || !shows("paused") {
		t.Fatalf("a paused replay moves on:\n%s", screenText(m))
	}
	sendAll(m, press(t, m.keys.ReplayStep))
	if !shows(replayNote2) || !shows("09:30:50 (+0:00:50)") {
		t.Fatalf("n does not show the next entry at once:\n%s", screenText(m))
	}

	sendAll(m, tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}, press(t, m.keys.ReplaySpeed))
	if !shows("60x · playing") || !shows("gap of 2h skipped") {
		t.Fatalf("s does not speed up, or the long gap is not cut short:\n%s", screenText(m))
	}
	tick(time.Minute + 3*time.Second) // the cap, however long the gap
	if !shows(replayNote3) || !shows("··· 2h later ···") {
		t.Fatalf("the entry after a long gap does not show after the capped wait:\n%s", screenText(m))
	}
	sendAll(m, press(t, m.keys.ReplaySpeed))
	if !shows("· 1x ·") {
		t.Errorf("s does not cycle back to 1x:\n%s", screenText(m))
	}

	sendAll(m, press(t, m.keys.ReplayRestart))
	if shows(replayNote1) || !shows("+0:00:00") {
		t.Errorf("0 does not restart the replay:\n%s", screenText(m))
	}
	sendAll(m, press(t, m.keys.Back))
	if m.review != nil {
		t.Errorf("esc does not leave the replay for the room")
	}
}
