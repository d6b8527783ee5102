package command

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/cmdline"
	"github.com/warroom/warroom/model/hub"
)

// incidentCommands are the table's SSH commands that change an incident,
// but note, which is written for SSH.
func incidentCommands() []cmdline.Spec {
	var specs []cmdline.Spec
	for _, spec := range cmdline.Commands() {
		if spec.SSH && !spec.Local && spec.Name != "note" {
			specs = append(specs, spec)
		}
	}
	return specs
}

// An incident run from a shell, every table command once: each prints the
// timeline entry it made and exits 0.
func TestIncidentCommandsPrintTheirEntry(t *testing.T) {
	s := newStore(t, hub.Options{Rules: pagingRules()})
	dispatch(t, s, alice, model.Declare{Title: "db down"}) // 12:00, pages carol
	steps := []struct {
		actor model.Actor
		line  string
		want  string
	}{
		{alice, "sev INC-1 1", "INC-1: raised severity SEV3 → SEV1\n"},
		{alice, "status inc-1 investigating", "INC-1: status triage → investigating\n"},
		{alice, "assign INC-1 tech bob", "INC-1: assigned Tech Lead to bob\n"},
		{alice, "unassign INC-1 tech", "INC-1: Tech Lead is vacant (was bob)\n"},
		{bob, "take INC-1 scribe", "INC-1: took Scribe\n"},
		{alice, "escalate INC-1", "INC-1: escalated: paged level 2: dave\n"},
		{dave, "ack INC-1", "INC-1: acknowledged the page (level 2)\n"},
		{alice, "handover INC-1 bob", "INC-1: offered incident commander to bob (until 12:13:00 UTC)\n"}, // at 12:08
		{bob, "decline INC-1", "INC-1: declined incident commander from alice\n"},
		{alice, "handover INC-1 bob", "INC-1: offered incident commander to bob (until 12:15:00 UTC)\n"},
		{bob, "accept INC-1", "INC-1: accepted incident commander from alice\n"},
		{bob, "action add INC-1 write the postmortem @alice due:2025-03-08 kind:follow-up", "INC-1: added follow-up action 1: write the postmortem (owner alice) due 2025-03-08\n"},
		{bob, "action INC-1 start 1", "INC-1: marked action 1 doing\n"},
		{bob, "action assign INC-1 1 carol", "INC-1: gave action 1 to carol\n"},
		{bob, "action due INC-1 1 +2d", "INC-1: set action 1 due 2025-03-03\n"}, // by the store's clock
		{bob, "action done INC-1 1", "INC-1: marked action 1 done\n"},
		{bob, "action reopen INC-1 1", "INC-1: marked action 1 open\n"},
		{bob, "update INC-1 we rolled back;  errors are falling", "INC-1: we rolled back;  errors are falling\n"},
		{carol, "pin INC-1 19", "INC-1: pinned entry 19\n"},
		{carol, "unpin INC-1 19", "INC-1: unpinned entry 19\n"},
		{bob, "resolve INC-1", "INC-1: resolved the incident\n"},
		{carol, "review set INC-1 summary the primary database failed over", "INC-1: review: summary set\n"},
		{bob, "review INC-1 publish", "INC-1: published the post-incident review\n"},
	}
	ran := map[string]bool{}
	for _, step := range steps {
		before := seq(s)
		r := run(t, s, step.actor, step.line)
		if r.code != ExitOK || r.stdout != step.want || r.stderr != "" {
			t.Fatalf("%s: %s = %d %q %q; want 0 %q", step.actor.Name, step.line, r.code, r.stdout, r.stderr, step.want)
		}
		if seq(s) != before+1 {
			t.Errorf("%s committed %d events, want 1", step.line, seq(s)-before)
		}
		p, err := cmdline.ParseSSH(step.line, cmdline.Context{Now: start})
		if err != nil {
			t.Fatal(err)
		}
		ran[p.Spec.Name] = true
	}
	for _, spec := range incidentCommands() {
		if !ran[spec.Name] {
			t.Errorf("%s is not run by this test", spec.Name)
		}
	}
}

// exampleLines are a valid line of every SSH command of the table,
// against the incident of TestObserverIsRefusedEveryCommand.
var exampleLines = map[string]string{
	"note": "note INC-1 hello", "sev": "sev INC-1 1", "status": "status INC-1 identified", "resolve": "resolve INC-1",
	"assign": "assign INC-1 tech bob", "unassign": "unassign INC-1 ic", "take": "take INC-1 scribe",
	"handover": "handover INC-1 bob", "accept": "accept INC-1", "decline": "decline INC-1",
	"escalate": "escalate INC-1", "ack": "ack INC-1",
	"action add": "action add INC-1 roll back @bob", "action done": "action done INC-1 1",
	"action start": "action start INC-1 1", "action reopen": "action reopen INC-1 1",
	"action assign": "action assign INC-1 1 carol", "action due": "action due INC-1 1 +1d",
	"update": "update INC-1 all clear", "pin": "pin INC-1 1", "unpin": "unpin INC-1 1",
	"followups": "followups", "review set": "review set INC-1 summary x", "review publish": "review INC-1 publish",
}

// An observer is refused every command that changes something, says
// why, and changes nothing; followups only reads, and works.
func TestObserverIsRefusedEveryCommand(t *testing.T) {
	s := newStore(t, hub.Options{Rules: pagingRules()})
	dispatch(t, s, alice, model.Declare{Title: "db down"})
	dispatch(t, s, alice, model.AddAction{Incident: "INC-1", Title: "roll back", Kind: model.ActionFollowUp})
	for _, spec := range cmdline.Commands() {
		if !spec.SSH {
			continue
		}
		line, ok := exampleLines[spec.Name]
		if !ok {
			t.Errorf("no example line for %s", spec.Name)
			continue
		}
		before := seq(s)
		r := run(t, s, olive, line)
		switch {
		case spec.Local:
			if r.code != ExitOK || r.stderr != "" {
				t.Errorf("%s = %d %q; an observer may read", line, r.code, r.stderr)
			}
		case r.code != ExitFailed || r.stdout != "" || !strings.Contains(r.stderr, "observer"):
			t.Errorf("%s = %d %q %q; want 1 and the observer refusal", line, r.code, r.stdout, r.stderr)
		}
		if seq(s) != before {
			t.Errorf("%s by an observer changed the store", line)
		}
	}
}

// A responder who is not the incident commander is told who is, and
// nothing changes; an admin may.
func TestOnlyTheCommanderOrAnAdminRunsCommanderCommands(t *testing.T) {
	tests := []struct {
		actor model.Actor
		line  string
		code  int
		want  string // stderr, or the start of stdout when it succeeds
	}{
		{bob, "sev INC-1 1", ExitFailed, "warroom: only the incident commander (alice) or an admin may change the severity\n"},
		{bob, "status INC-1 identified", ExitFailed, "warroom: only the incident commander (alice) or an admin may change the status\n"},
		{bob, "resolve INC-1", ExitFailed, "warroom: only the incident commander (alice) or an admin may resolve the incident\n"},
		{bob, "assign INC-1 tech bob", ExitFailed, "warroom: only the incident commander (alice) or an admin may assign roles\n"},
		{bob, "handover INC-1 bob", ExitFailed, "warroom: only the incident commander (alice) or an admin may hand over\n"},
		{bob, "update INC-1 all clear", ExitFailed, "warroom: only the incident commander (alice) or an admin may post stakeholder updates\n"},
		{carol, "ack INC-1", ExitFailed, "warroom: you were not paged for INC-1 (level 1 paged bob)\n"},
		{ada, "sev INC-1 1", ExitOK, "INC-1: raised severity"},
		{bob, "take INC-1 tech", ExitOK, "INC-1: took Tech Lead"},
	}
	for _, tt := range tests {
		t.Run(tt.actor.Name+" "+tt.line, func(t *testing.T) {
			s := newStore(t, hub.Options{Rules: pagingRules()})
			dispatch(t, s, alice, model.Declare{Title: "checkout fails", Service: "payments"})
			r := run(t, s, tt.actor, tt.line)
			if tt.code == ExitOK {
				if r.code != ExitOK || !strings.HasPrefix(r.stdout, tt.want) || seq(s) != 2 {
					t.Errorf("= %d %q %q; want it done: %q", r.code, r.stdout, r.stderr, tt.want)
				}
				return
			}
			if r.code != tt.code || r.stdout != "" || r.stderr != tt.want {
				t.Errorf("= %d %q %q; want %d %q", r.code, r.stdout, r.stderr, tt.code, tt.want)
			}
			if seq(s) != 1 {
				t.Error("a refused command changed the store")
			}
		})
	}
}

// Every table command prints one shape of JSON: the event and its entry.
func TestIncidentCommandJSONIsTheCommittedEvent(t *testing.T) {
	tests := []struct {
		line    string
		entry   float64
		kind    string
		text    string
		payload map[string]any
	}{
		{"assign --json INC-1 tech bob", 2, "role.changed", "assigned Tech Lead to bob", map[string]any{"role": "tech-lead", "title": "Tech Lead", "user": "bob"}},
		{"sev INC-1 2 --json", 2, "severity.changed", "raised severity SEV3 → SEV2", map[string]any{"from": 3.0, "to": 2.0}},
		{"action add --json INC-1 fix <dns> @bob due:2025-03-04", 2, "action.added", "added mitigation action 1: fix <dns> (owner bob) due 2025-03-04",
			map[string]any{"n": 1.0, "title": "fix <dns>", "owner": "bob", "due": "2025-03-04", "kind": "mitigation"}},
		{"pin --json INC-1 1", 2, "entry.pinned", "pinned entry 1", map[string]any{"seq": 1.0, "entry": 1.0, "pinned": true}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			s := newStore(t, hub.Options{})
			dispatch(t, s, alice, model.Declare{Title: "db down"})
			r := run(t, s, alice, tt.line)
			if r.code != ExitOK || strings.Count(r.stdout, "\n") != 1 {
				t.Fatalf("= %d %q %q; want one line of JSON", r.code, r.stdout, r.stderr)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, r.stdout)
			}
			want := map[string]any{
				"seq": 2.0, "incident": "INC-1", "entry": tt.entry, "time": "2025-03-01T12:01:00Z",
				"actor": "alice", "kind": tt.kind, "text": tt.text, "payload": tt.payload,
			}
			id, _ := got["id"].(string)
			delete(got, "id")
			if len(id) != 32 || !jsonEqual(got, want) {
				t.Errorf("got %s\nwant %v and a 32-digit id", r.stdout, want)
			}
		})
	}
}

func jsonEqual(a, b any) bool {
	x, errA := json.Marshal(a)
	y, errB := json.Marshal(b)
	return errA == nil && errB == nil && string(x) == string(y)
}

// Mistakes in how a table command is called exit 2 with the usage; what
// the model refuses exits 1 with its reason. Neither changes anything.
func TestIncidentCommandMistakes(t *testing.T) {
	tests := []struct {
		line string
		code int
		want []string // substrings of stderr
	}{
		{"sev 1", ExitUsage, []string{"sev INC N", "usage: ssh HOST sev INC N"}},
		{"sev INC-1", ExitUsage, []string{"is missing N"}},
		{"sev INC-1 1 2", ExitUsage, []string{"takes one argument"}},
		{"sev INC-1 9", ExitUsage, []string{"severity must be 1 to 4"}},
		{"status INC-1 \x1b[31mdone", ExitUsage, []string{`no status "done"`}},
		{"assign INC-1 tech bob --json=maybe", ExitUsage, []string{"invalid boolean value"}},
		{"action INC-1 frob 1", ExitUsage, []string{"add, done, start, reopen, assign, due", "usage: ssh HOST action due INC N DAY|none"}},
		{"action due INC-1 1 someday", ExitUsage, []string{`"someday" is not a day`}},
		{"pin INC-1 first", ExitUsage, []string{`"first" is not an entry number`}},
		{"update INC-1 fixed the --json parser", ExitUsage, []string{"flags go before the text: --json"}},
		{"update INC-1 --json", ExitUsage, []string{"needs text"}},
		{"sev INC-9 1", ExitFailed, []string{"warroom: no incident INC-9\n"}},
		{"action done INC-1 3", ExitFailed, []string{"INC-1 has no action 3 (it has 1)"}},
		{"action due INC-1 1 2020-01-01", ExitFailed, []string{"the due day 2020-01-01 is in the past"}},
		{"sev INC-1 3", ExitFailed, []string{"INC-1 is already SEV3"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			s := newStore(t, hub.Options{})
			dispatch(t, s, alice, model.Declare{Title: "db down"})
			dispatch(t, s, alice, model.AddAction{Incident: "INC-1", Title: "roll back"})
			r := run(t, s, alice, tt.line)
			if r.code != tt.code || r.stdout != "" {
				t.Errorf("= %d %q; want %d and nothing on stdout", r.code, r.stdout, tt.code)
			}
			for _, want := range tt.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr %q does not contain %q", r.stderr, want)
				}
			}
			if strings.ContainsRune(r.stderr, 0x1b) {
				t.Errorf("stderr echoes an escape sequence: %q", r.stderr)
			}
			if seq(s) != 2 {
				t.Error("a mistaken command changed the store")
			}
		})
	}
}

// Text is the rest of the line as sent; flags stand before it, and after
// "--" a flag's name is text.
func TestIncidentCommandTextAndFlags(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		{"update INC-1 error rate -20%  since deploy", "INC-1: error rate -20%  since deploy\n"},
		{"update INC-1 -- --json output was wrong", "INC-1: --json output was wrong\n"},
		{`update INC-1 "quoted for the remote side"`, "INC-1: quoted for the remote side\n"},
		{"update -- INC-1 --json output was wrong", "INC-1: --json output was wrong\n"},
		{"action --json add INC-1 -- x", ""}, // JSON, checked below
		{"action INC-1 add email @carol about it @bob", "INC-1: added mitigation action 1: email @carol about it (owner bob)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			s := newStore(t, hub.Options{})
			dispatch(t, s, alice, model.Declare{Title: "db down"})
			r := run(t, s, alice, tt.line)
			if r.code != ExitOK || r.stderr != "" {
				t.Fatalf("= %d %q %q; want success", r.code, r.stdout, r.stderr)
			}
			if tt.want == "" {
				var c map[string]any
				if err := json.Unmarshal([]byte(r.stdout), &c); err != nil || c["text"] != "added mitigation action 1: x" {
					t.Errorf("stdout %q; want the event as JSON", r.stdout)
				}
				return
			}
			if r.stdout != tt.want {
				t.Errorf("stdout %q, want %q", r.stdout, tt.want)
			}
		})
	}
}

func TestIncidentCommandTextFromStandardInput(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "db down"})
	r := runWithStdin(t, s, alice, "We rolled back.\nErrors are falling.\n", "update", "INC-1", "-")
	if want := "INC-1: We rolled back.\n    Errors are falling.\n"; r.code != ExitOK || r.stdout != want || r.stderr != "" {
		t.Errorf("update - = %d %q %q; want 0 %q", r.code, r.stdout, r.stderr, want)
	}
	inc, _ := s.Snapshot().Incident("INC-1")
	if got := inc.Timeline[1].Text; got != "We rolled back.\nErrors are falling." {
		t.Errorf("stored update %q", got)
	}
}

func TestIncidentCommandHelp(t *testing.T) {
	s := newStore(t, hub.Options{})
	r := run(t, s, alice, "assign", "--help")
	want := "usage: ssh HOST assign INC ROLE USER\n  give a role to someone\n  who may: the incident commander or an admin\n"
	if r.code != ExitOK || !strings.HasPrefix(r.stdout, want) || !strings.Contains(r.stdout, "--json") {
		t.Errorf("assign --help = %d %q; want 0 and %q, then --json", r.code, r.stdout, want)
	}
	r = run(t, s, alice, "action", "-h")
	for _, spec := range incidentCommands() {
		if strings.HasPrefix(spec.Name, "action ") && !strings.Contains(r.stdout, "usage: ssh HOST "+spec.Name+" INC") {
			t.Errorf("action -h does not show %s:\n%s", spec.Name, r.stdout)
		}
	}
	if r := run(t, s, alice, "update", "INC-1", "-h"); r.code != ExitOK || !strings.HasPrefix(r.stdout, "usage: ssh HOST update INC TEXT") {
		t.Errorf("update INC-1 -h = %d %q; want its usage", r.code, r.stdout)
	}
}

// The help lists every SSH command of the room's table, so that the two
// cannot drift; no command prints it on stderr.
func TestUsageListsEveryCommandOfTheTable(t *testing.T) {
	help := run(t, newStore(t, hub.Options{}), olive, "help")
	none := run(t, newStore(t, hub.Options{}), olive)
	for _, spec := range cmdline.Commands() {
		if !spec.SSH {
			continue
		}
		for name, out := range map[string]string{"help": help.stdout, "no command": none.stderr} {
			if !strings.Contains(out, "\n  "+spec.Name+" ") {
				t.Errorf("%s does not list %s:\n%s", name, spec.Name, out)
			}
		}
	}
}
