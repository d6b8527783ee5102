package model

import (
	"strings"
	"testing"
)

func TestSetTheme(t *testing.T) {
	r := newRoom(t, warRules(), opened()...)
	e := r.do(step{by: alice, cmd: SetTheme{Theme: " Okabe-Ito\x1b[0m "}})
	if e.Incident != "" || e.Data != (ThemeSet{Theme: "okabe-ito"}) {
		t.Errorf("event on %q with %#v; want no incident and the name cleaned", e.Incident, e.Data)
	}
	if inc := r.inc(); len(inc.Timeline) != 1 {
		t.Errorf("a theme reached INC-1's timeline: %+v", inc.Timeline)
	}
	aliceDark := r.s
	r.do(step{by: bob, cmd: SetTheme{Theme: "light"}})
	r.do(step{by: alice, cmd: SetTheme{Theme: ""}})
	for _, c := range []struct {
		s          *State
		user, want string
	}{
		{aliceDark, "alice", "okabe-ito"},
		{aliceDark, "bob", ""},
		{r.s, "bob", "light"},
		{r.s, "alice", ""}, // back to the terminal's background
		{r.s, "carol", ""},
	} {
		if got := c.s.Prefs(c.user).Theme; got != c.want {
			t.Errorf("seq %d: %s's theme = %q, want %q", c.s.Seq, c.user, got, c.want)
		}
	}
}

func TestSetThemeRefusals(t *testing.T) {
	s := NewState(warRules())
	for _, tc := range []struct {
		name  string
		actor Actor
		cmd   SetTheme
		code  Code
		msg   string
	}{
		{"a name too long", alice, SetTheme{Theme: strings.Repeat("x", MaxThemeName+1)}, CodeInvalid, "no theme"},
		{"an observer", observer, SetTheme{Theme: "dark"}, CodeForbidden, "olive is an observer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decide(s, tc.actor, tc.cmd, t0)
			checkRefusal(t, err, tc.code, tc.msg)
		})
	}
}

func TestThemeOnAnIncidentIsCorrupt(t *testing.T) {
	s := build(t, Declare{Title: "x"})
	e := &Event{Seq: 2, ID: "x", Incident: "INC-1", Time: t0, Actor: "alice", Data: ThemeSet{Theme: "dark"}}
	if _, err := Apply(s, e); ErrorCode(err) != CodeCorrupt {
		t.Errorf("err = %v, want corrupt", err)
	}
}
