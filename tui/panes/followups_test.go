package panes

import (
	"reflect"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

// Both incidents' follow-ups: INC-1 resolved a week ago, INC-2 the war
// room.
func newFollowups(t *testing.T, me string) (*Followups, *script) {
	t.Helper()
	s := addWarRoom(pastIncident(t))
	f := NewFollowups(style.New(themes.Plain()), true)
	f.SetState(s.state, me)
	return f, s
}

// rowsOf reads a follow-ups view back as "INC-n #m" per row.
func rowsOf(view string) []string {
	var out []string
	for _, l := range lines(view)[2:] {
		f := strings.Fields(l)
		for i := range f {
			if strings.HasPrefix(f[i], "INC-") && i+1 < len(f) {
				out = append(out, f[i]+" "+f[i+1])
				break
			}
		}
	}
	return out
}

func TestFollowupsByDueDay(t *testing.T) {
	f, _ := newFollowups(t, "alice")
	got := rowsOf(f.View(80, 12, now))
	// Overdue first, then by due day, then those without one; done items
	// and mitigations never.
	want := []string{"INC-1 #1", "INC-2 #5", "INC-2 #2", "INC-1 #2", "INC-2 #6"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	if first := lines(f.View(80, 12, now))[2]; !strings.HasPrefix(first, "overdue Nov 25") {
		t.Errorf("the overdue item reads %q", first)
	}
}

func TestFollowupsMine(t *testing.T) {
	f, _ := newFollowups(t, "alice")
	if _, consumed := f.HandleKey(press("m")); !consumed || !f.Mine() {
		t.Fatal("m did not switch to mine")
	}
	view := f.View(80, 12, now)
	if got, want := rowsOf(view), []string{"INC-2 #5", "INC-1 #2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("alice's rows %v, want %v", got, want)
	}
	if got := lines(view)[0]; got != "My open follow-ups (alice): 2" {
		t.Errorf("summary %q", got)
	}

	f, _ = newFollowups(t, "zoe")
	if got := lines(f.View(80, 4, now))[0]; got != "Open follow-ups: 5" {
		t.Errorf("zoe sees all follow-ups as %q", got)
	}
	f.HandleKey(press("m"))
	if got := lines(f.View(80, 4, now))[1]; got != "You own no open follow-ups" {
		t.Errorf("zoe's empty list reads %q", got)
	}

	empty := NewFollowups(style.New(themes.Plain()), true)
	empty.SetState(model.NewState(nil), "zoe")
	if got := lines(empty.View(80, 4, now))[1]; got != "No open follow-ups" {
		t.Errorf("an empty server reads %q", got)
	}
}

func TestFollowupsKeys(t *testing.T) {
	f, _ := newFollowups(t, "alice")
	f.HandleKey(press("down"))
	if got, consumed := f.HandleKey(press("enter")); !consumed || got != (Intent{Open: "INC-2"}) {
		t.Errorf("enter on the second row gave %+v (consumed %v), want to open INC-2", got, consumed)
	}
	got, consumed := f.HandleKey(press("x"))
	want := model.SetActionState{Incident: "INC-2", N: 5, State: model.ActionDone}
	if !consumed || got.Command != want || got.Open != "" {
		t.Errorf("x gave %+v, want %#v", got, want)
	}
	if _, consumed := f.HandleKey(press("s")); consumed {
		t.Error("s is not a follow-ups key")
	}

	observer := NewFollowups(style.New(themes.Plain()), false)
	observer.SetState(addWarRoom(pastIncident(t)).state, "olga")
	if got, _ := observer.HandleKey(press("x")); got.Command != nil {
		t.Errorf("an observer's x gave %#v", got.Command)
	}
	if got, _ := observer.HandleKey(press("enter")); got.Open != "INC-1" {
		t.Errorf("an observer cannot open the incident: %+v", got)
	}
}

func TestFollowupsSelectionSurvivesChanges(t *testing.T) {
	f, s := newFollowups(t, "alice")
	f.HandleKey(press("down"))
	f.HandleKey(press("down")) // INC-2 #2, due Dec 04
	// A new follow-up due sooner lands above it; the selection stays on it.
	s.at("2026-11-28 09:30:00").do("alice", model.AddAction{Incident: "INC-2", Title: "Rotate the leaked token", Due: day("2026-11-29"), Kind: model.ActionFollowUp})
	f.SetState(s.state, "alice")
	if it, _ := f.selected(); it.incident != "INC-2" || it.N != 2 {
		t.Fatalf("selection moved to %s #%d", it.incident, it.N)
	}
	// Done, it leaves the list and the selection stays in its place.
	s.do("carol", model.SetActionState{Incident: "INC-2", N: 2, State: model.ActionDone})
	f.SetState(s.state, "alice")
	if it, _ := f.selected(); it.incident != "INC-1" || it.N != 2 {
		t.Errorf("after INC-2 #2 was done the selection is %s #%d, want the next row, INC-1 #2", it.incident, it.N)
	}
}
