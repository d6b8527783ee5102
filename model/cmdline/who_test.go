package cmdline

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// whoExamples are a valid line of every command that changes an incident,
// typed in INC-1 (IC alice, comms carol, level 1 paging carol, one action,
// scribe held by dave).
var whoExamples = map[string]string{
	"note": "/note hi", "sev": "/sev 1", "status": "/status identified", "resolve": "/resolve",
	"assign": "/assign tech erin", "unassign": "/unassign scribe", "take": "/take tech",
	"handover": "/handover erin", "accept": "/accept", "decline": "/decline",
	"escalate": "/escalate", "ack": "/ack",
	"action add": "/action add x", "action done": "/action done 1", "action start": "/action start 1",
	"action reopen": "/action reopen 1", "action assign": "/action assign 1 erin", "action due": "/action due 1 +1d",
	"update": "/update all good", "pin": "/pin 1", "unpin": "/unpin 1",
	"review set": "/review set summary it broke", "review publish": "/review publish",
}

// The help's "who may" of each command is what Decide enforces, so that
// the help cannot promise what the store refuses: a command whose Who
// names the incident commander is refused to another responder and taken
// from the IC; one with no Who is never refused for who runs it.
func TestWhoMayRunEachCommandIsWhatTheModelAllows(t *testing.T) {
	rules := model.DefaultRules()
	rules.Policies = []model.Policy{{Name: "default", Levels: []model.PolicyLevel{{Targets: []string{"carol"}, Timeout: 5 * time.Minute}}}}
	s := model.NewState(rules)
	apply := func(actor string, c model.Command) {
		t.Helper()
		e, err := model.Decide(s, model.Actor{Name: actor, Level: model.LevelResponder}, c, now)
		if err != nil {
			t.Fatalf("setting up: %v", err)
		}
		e.Seq, e.ID = s.Seq+1, model.NewEventID()
		if s, err = model.Apply(s, e); err != nil {
			t.Fatal(err)
		}
	}
	apply("alice", model.Declare{Title: "x"})
	apply("alice", model.AssignRole{Incident: "INC-1", Role: "comms", User: "carol"})
	apply("alice", model.AssignRole{Incident: "INC-1", Role: "scribe", User: "dave"})
	apply("alice", model.AddAction{Incident: "INC-1", Title: "y"})
	apply("alice", model.Pin{Incident: "INC-1", Entry: 2, Pinned: true})

	forbidden := func(actor, line string) bool {
		p, err := Parse(line, Context{Incident: "INC-1", Now: now})
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		_, err = model.Decide(s, model.Actor{Name: actor, Level: model.LevelResponder}, p.Command, now)
		return model.ErrorCode(err) == model.CodeForbidden
	}
	for _, spec := range Commands() {
		if spec.Local {
			continue
		}
		line, ok := whoExamples[spec.Name]
		if !ok {
			t.Errorf("no example of /%s: add one", spec.Name)
			continue
		}
		switch {
		case spec.Who == whoIC:
			if !forbidden("bob", line) || forbidden("alice", line) {
				t.Errorf("/%s says %q, but bob refused %v, alice refused %v", spec.Name, spec.Who, forbidden("bob", line), forbidden("alice", line))
			}
		case strings.Contains(spec.Who, "communications lead"):
			if !forbidden("bob", line) || forbidden("carol", line) || forbidden("alice", line) {
				t.Errorf("/%s says %q, which the model does not enforce", spec.Name, spec.Who)
			}
		case spec.Who == "whoever was paged":
			if !forbidden("bob", line) || forbidden("carol", line) {
				t.Errorf("/%s says %q, which the model does not enforce", spec.Name, spec.Who)
			}
		case spec.Who == "":
			if forbidden("bob", line) {
				t.Errorf("/%s says anyone may, but bob is refused", spec.Name)
			}
		default:
			t.Errorf("/%s: no check for Who %q", spec.Name, spec.Who)
		}
	}
}
