package model

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

var (
	t0        = time.Date(2026, 11, 28, 3, 0, 0, 0, time.UTC)
	responder = Actor{Name: "alice", Level: LevelResponder}
	observer  = Actor{Name: "olive", Level: LevelObserver}
	admin     = Actor{Name: "ada", Level: LevelAdmin}
)

// build folds the commands into a state, failing the test on any refusal.
func build(t *testing.T, cmds ...Command) *State {
	t.Helper()
	s := &State{}
	for _, c := range cmds {
		e, err := Decide(s, responder, c, t0)
		if err != nil {
			t.Fatalf("decide %#v: %v", c, err)
		}
		e.Seq, e.ID = s.Seq+1, NewEventID()
		if s, err = Apply(s, e); err != nil {
			t.Fatalf("apply %#v: %v", c, err)
		}
	}
	return s
}

func TestDecideRefusals(t *testing.T) {
	s := build(t, Declare{Title: "checkout down", Severity: Sev1})
	tests := []struct {
		name  string
		actor Actor
		cmd   Command
		code  Code
		msg   string
	}{
		{"observer declares", observer, Declare{Title: "x"}, CodeForbidden, "observer"},
		{"observer notes", observer, PostNote{Incident: "INC-1", Text: "hi"}, CodeForbidden, "observer"},
		{"empty title", responder, Declare{Title: "   "}, CodeInvalid, "title is empty"},
		{"title of only controls", responder, Declare{Title: "\x1b[2J\x07"}, CodeInvalid, "title is empty"},
		{"title of 201 runes", responder, Declare{Title: strings.Repeat("é", 201)}, CodeInvalid, "limit is 200"},
		{"severity 5", responder, Declare{Title: "x", Severity: 5}, CodeInvalid, "severity"},
		{"note on unknown incident", responder, PostNote{Incident: "INC-9", Text: "hi"}, CodeNotFound, "no incident INC-9"},
		{"note on garbage id", responder, PostNote{Incident: "\x1b]0;pwn\x07", Text: "hi"}, CodeNotFound, "no incident"},
		{"empty note", responder, PostNote{Incident: "INC-1", Text: "\n\n "}, CodeInvalid, "note is empty"},
		{"note over 4 KiB", responder, PostNote{Incident: "INC-1", Text: strings.Repeat("a", MaxNoteBytes+1)}, CodeInvalid, "4 KiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decide(s, tc.actor, tc.cmd, t0)
			if ErrorCode(err) != tc.code {
				t.Fatalf("code = %s (%v), want %s", ErrorCode(err), err, tc.code)
			}
			if msg := ErrorMessage(err); !strings.Contains(msg, tc.msg) || strings.ContainsRune(msg, 0x1b) {
				t.Errorf("message %q should mention %q and hold no escape", msg, tc.msg)
			}
		})
	}
}

func TestDecideAccepts(t *testing.T) {
	s := build(t, Declare{Title: "checkout down"})
	tests := []struct {
		name  string
		actor Actor
		cmd   Command
		want  Payload
	}{
		{"title at the limit", responder, Declare{Title: strings.Repeat("é", 200)}, Declared{Number: 2, Title: strings.Repeat("é", 200), Severity: Sev3, Commander: "alice"}},
		{"severity defaults to SEV3", responder, Declare{Title: "x"}, Declared{Number: 2, Title: "x", Severity: Sev3, Commander: "alice"}},
		{"title is sanitised and trimmed", admin, Declare{Title: " \x1b[31mred\x1b[0m\tdb ", Severity: Sev2}, Declared{Number: 2, Title: "red db", Severity: Sev2, Commander: "ada"}},
		{"note at exactly 4 KiB", responder, PostNote{Incident: "inc-1", Text: strings.Repeat("a", MaxNoteBytes)}, NotePosted{Text: strings.Repeat("a", MaxNoteBytes)}},
		{"note keeps newlines, drops escapes", responder, PostNote{Incident: "1", Text: "line one\r\n\x1b]52;c;cGFzdGU=\x07line two"}, NotePosted{Text: "line one\nline two"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e, err := Decide(s, tc.actor, tc.cmd, t0)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !reflect.DeepEqual(e.Data, tc.want) {
				t.Errorf("payload = %#v, want %#v", e.Data, tc.want)
			}
			if e.Actor != tc.actor.Name || !e.Time.Equal(t0) {
				t.Errorf("event by %q at %v, want %q at %v", e.Actor, e.Time, tc.actor.Name, t0)
			}
		})
	}
}

func TestApplyBuildsTheIncident(t *testing.T) {
	s := build(t,
		Declare{Title: "checkout down", Severity: Sev1},
		PostNote{Incident: "INC-1", Text: "looking at the LB"},
		Declare{Title: "minor", Severity: Sev4},
	)
	inc, ok := s.Incident("INC-1")
	if !ok {
		t.Fatal("no INC-1")
	}
	if inc.Status != StatusTriage || inc.Severity != Sev1 || inc.DeclaredBy != "alice" {
		t.Errorf("INC-1 = %+v", inc)
	}
	if len(inc.Timeline) != 2 || inc.Timeline[0].Text != "declared SEV1: checkout down" || inc.Timeline[1].Kind != KindNote {
		t.Errorf("timeline = %+v", inc.Timeline)
	}
	if got := s.Incidents(); got[0].ID != "INC-1" || got[1].ID != "INC-2" {
		t.Errorf("list order = %s, %s; want SEV1 first", got[0].ID, got[1].ID)
	}
}

func TestApplyLeavesEarlierStatesAlone(t *testing.T) {
	s1 := build(t, Declare{Title: "a"})
	before, _ := s1.Incident("INC-1")
	e := &Event{Seq: 2, ID: "x", Incident: "INC-1", Time: t0, Actor: "bob", Data: NotePosted{Text: "n"}}
	s2, err := Apply(s1, e)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := s2.Incident("INC-1")
	if len(before.Timeline) != 1 || len(after.Timeline) != 2 || s1.Seq != 1 {
		t.Errorf("earlier state changed: %d entries, seq %d", len(before.Timeline), s1.Seq)
	}
}

func TestApplyRefusesEventsThatDoNotFit(t *testing.T) {
	s := build(t, Declare{Title: "a"})
	tests := []struct {
		name string
		e    *Event
	}{
		{"gap in sequence", &Event{Seq: 5, Incident: "INC-1", Data: NotePosted{Text: "n"}}},
		{"unknown incident", &Event{Seq: 2, Incident: "INC-7", Data: NotePosted{Text: "n"}}},
		{"declaration out of order", &Event{Seq: 2, Incident: "INC-5", Data: Declared{Number: 5, Title: "x", Severity: Sev1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Apply(s, tc.e); ErrorCode(err) != CodeCorrupt {
				t.Errorf("err = %v, want corrupt", err)
			}
		})
	}
}

func TestReplayIsDeterministic(t *testing.T) {
	var stored [][]byte
	s := &State{}
	for i, c := range []Command{Declare{Title: "a"}, PostNote{Incident: "INC-1", Text: "x\ny"}, Declare{Title: "b", Severity: Sev2}} {
		e, err := Decide(s, responder, c, t0.Add(time.Duration(i)*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		e.Seq, e.ID = s.Seq+1, NewEventID()
		b, err := EncodeEvent(e)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, b)
		s, _ = Apply(s, e)
	}
	replay := func() *State {
		r := &State{}
		for _, b := range stored {
			e, err := DecodeEvent(b)
			if err != nil {
				t.Fatal(err)
			}
			if r, err = Apply(r, e); err != nil {
				t.Fatal(err)
			}
		}
		return r
	}
	a, b := replay(), replay()
	for _, st := range []*State{a, b} {
		for _, inc := range s.Incidents() {
			got, _ := st.Incident(inc.ID)
			if got.Title != inc.Title || len(got.Timeline) != len(inc.Timeline) || !got.DeclaredAt.Equal(inc.DeclaredAt) {
				t.Errorf("replayed %s = %+v, want %+v", inc.ID, got, inc)
			}
		}
	}
}
