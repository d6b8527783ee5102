package cmdline

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

var (
	now  = time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)
	room = Context{Incident: "INC-3", Now: now}
)

func day(s string) model.Day {
	d, err := model.ParseDay(s, now)
	if err != nil {
		panic(err)
	}
	return d
}

func TestParseMakesTheModelCommand(t *testing.T) {
	tests := []struct {
		line string
		want model.Command
	}{
		{"checking the load balancer", model.PostNote{Incident: "INC-3", Text: "checking the load balancer"}},
		{"/note  spaced   out ", model.PostNote{Incident: "INC-3", Text: "spaced   out"}},
		{"/sev 1", model.SetSeverity{Incident: "INC-3", Severity: model.Sev1}},
		{"/SEV sev2", model.SetSeverity{Incident: "INC-3", Severity: model.Sev2}},
		{"/status Identified", model.SetStatus{Incident: "INC-3", Status: model.StatusIdentified}},
		{"/resolve", model.SetStatus{Incident: "INC-3", Status: model.StatusResolved}},
		{"/assign ic alice", model.AssignRole{Incident: "INC-3", Role: "ic", User: "alice"}},
		{"/unassign comms", model.UnassignRole{Incident: "INC-3", Role: "comms"}},
		{"/take scribe", model.TakeRole{Incident: "INC-3", Role: "scribe"}},
		{"/handover bob", model.OfferHandover{Incident: "INC-3", To: "bob"}},
		{"/accept", model.AnswerHandover{Incident: "INC-3", Accept: true}},
		{"/decline", model.AnswerHandover{Incident: "INC-3"}},
		{"/escalate", model.Escalate{Incident: "INC-3"}},
		{"/ack", model.Acknowledge{Incident: "INC-3"}},
		{"/action add roll back the deploy", model.AddAction{Incident: "INC-3", Title: "roll back the deploy"}},
		{"/action add email @carol about it @bob due:+2d kind:followup",
			model.AddAction{Incident: "INC-3", Title: "email @carol about it", Owner: "bob", Due: day("2026-11-30"), Kind: model.ActionFollowUp}},
		{"/action add fix dns due:2026-12-01", model.AddAction{Incident: "INC-3", Title: "fix dns", Due: day("2026-12-01")}},
		{"/action done 2", model.SetActionState{Incident: "INC-3", N: 2, State: model.ActionDone}},
		{"/action start #2", model.SetActionState{Incident: "INC-3", N: 2, State: model.ActionDoing}},
		{"/action reopen 2", model.SetActionState{Incident: "INC-3", N: 2, State: model.ActionOpen}},
		{"/action assign 1 dave", model.AssignAction{Incident: "INC-3", N: 1, Owner: "dave"}},
		{"/action due 1 +1w", model.SetActionDue{Incident: "INC-3", N: 1, Due: day("2026-12-05")}},
		{"/action due 1 none", model.SetActionDue{Incident: "INC-3", N: 1}},
		{"/update We have identified the cause.", model.PostUpdate{Incident: "INC-3", Text: "We have identified the cause."}},
		{"/pin 4", model.Pin{Incident: "INC-3", Entry: 4, Pinned: true}},
		{"/unpin 4", model.Pin{Incident: "INC-3", Entry: 4}},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			p, err := Parse(tc.line, room)
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !reflect.DeepEqual(p.Command, tc.want) {
				t.Errorf("command = %#v, want %#v", p.Command, tc.want)
			}
		})
	}
}

func TestParseLocalCommandsHaveNoModelCommand(t *testing.T) {
	for _, line := range []string{"/filter pinned", "/theme light", "/help", "/followups", "/followups mine"} {
		p, err := Parse(line, room)
		if err != nil || p.Command != nil || !p.Spec.Local {
			t.Errorf("%s: %+v, %v; want a local command", line, p, err)
		}
	}
}

func TestParseRefusalsSayWhatWasExpected(t *testing.T) {
	tests := []struct{ line, want string }{
		{"/", "type a command"},
		{"/frobnicate", "no command /frobnicate"},
		{"/action", "/action what? add, done, start, reopen, assign, due"},
		{"/sev", "/sev is missing N: /sev N"},
		{"/sev 1 2", "takes one argument"},
		{"/sev 9", "severity must be 1 to 4"},
		{"/status fixed", "no status \"fixed\""},
		{"/assign ic", "is missing USER"},
		{"/update", "needs text"},
		{"/action done two", "\"two\" is not an action number"},
		{"/action add ship it due:someday", "not a day"},
		{"/action add ship it kind:later", "no action kind"},
		{"/pin 0", "not an entry number"},
		{"/followups everyone", "takes only mine"},
		{"/\x1b]0;x\x07", "no command"},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			_, err := Parse(tc.line, room)
			msg := model.ErrorMessage(err)
			if model.ErrorCode(err) != model.CodeInvalid || !strings.Contains(msg, tc.want) || strings.ContainsRune(msg, 0x1b) {
				t.Errorf("error %q (%s), want it to say %q", msg, model.ErrorCode(err), tc.want)
			}
		})
	}
}

func TestParseSSHTakesTheIncidentAfterTheCommand(t *testing.T) {
	tests := []struct {
		line string
		want model.Command
	}{
		{"assign INC-3 ic alice", model.AssignRole{Incident: "INC-3", Role: "ic", User: "alice"}},
		{"escalate inc-3", model.Escalate{Incident: "inc-3"}},
		{"action add INC-3 fix it @bob", model.AddAction{Incident: "INC-3", Title: "fix it", Owner: "bob"}},
		{"action INC-3 done 2", model.SetActionState{Incident: "INC-3", N: 2, State: model.ActionDone}},
		{"update INC-3 all  clear", model.PostUpdate{Incident: "INC-3", Text: "all  clear"}},
	}
	for _, tc := range tests {
		p, err := ParseSSH(tc.line, Context{Now: now})
		if err != nil || !reflect.DeepEqual(p.Command, tc.want) {
			t.Errorf("%s: %#v, %v; want %#v", tc.line, p.Command, err, tc.want)
		}
	}
	for line, want := range map[string]string{
		"assign ic alice":  "usage: assign INC ROLE USER",
		"filter INC-3 all": "only for the interface",
	} {
		if _, err := ParseSSH(line, Context{Now: now}); !strings.Contains(model.ErrorMessage(err), want) {
			t.Errorf("%s: %v, want %q", line, err, want)
		}
	}
}

func TestCompleteOffersWhatFitsTheCursor(t *testing.T) {
	values := func(k ArgKind) []string {
		return map[ArgKind][]string{
			ArgRole:   {"ic", "tech", "comms", "scribe"},
			ArgUser:   {"alice", "albert", "bob"},
			ArgStatus: {"investigating", "identified", "monitoring", "resolved"},
		}[k]
	}
	tests := []struct {
		line  string
		start int
		want  []string
	}{
		{"/as", 1, []string{"assign"}},
		{"/a", 1, []string{"accept", "ack", "action", "assign"}},
		{"/action ", 8, []string{"add", "assign", "done", "due", "reopen", "start"}},
		{"/action d", 8, []string{"done", "due"}},
		{"/assign ", 8, []string{"comms", "ic", "scribe", "tech"}},
		{"/assign ic al", 11, []string{"albert", "alice"}},
		{"/status i", 8, []string{"identified", "investigating"}},
		{"/action add call them @b", 22, []string{"@bob"}},
		{"/escalate ", 0, nil},
		{"plain note", 0, nil},
	}
	for _, tc := range tests {
		got := Complete(tc.line, values)
		if got.Start != tc.start || !reflect.DeepEqual(got.Options, tc.want) {
			t.Errorf("%q: %+v, want start %d %v", tc.line, got, tc.start, tc.want)
		}
	}
}
