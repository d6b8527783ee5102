package command

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/server/servertest"
)

func TestDeclarePrintsTheNewIDAlone(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		title string
		sev   model.Severity
	}{
		{"flag first", []string{"declare", "--sev", "2", "db is down"}, "db is down", model.Sev2},
		{"flag with =", []string{"declare", "-sev=sev4", "db", "down"}, "db down", model.Sev4},
		{"default severity", []string{"declare", "api", "slow"}, "api slow", model.DefaultSeverity},
		{"dash title after --", []string{"declare", "--sev", "1", "--", "-40C", "in", "the", "DC"}, "-40C in the DC", model.Sev1},
		{"dashes after the title are title", []string{"declare", "db", "down", "-h", "-20%"}, "db down -h -20%", model.DefaultSeverity},
		{"a flag's name in a title after --", []string{"declare", "--", "why", "--sev", "1", "paged nobody"}, "why --sev 1 paged nobody", model.DefaultSeverity},
		{"quotes inside the title stay", []string{"declare", `"prod" and "staging" down`}, `"prod" and "staging" down`, model.DefaultSeverity},
		{"apostrophes and spacing kept", []string{"declare", "db isn't  answering"}, "db isn't  answering", model.DefaultSeverity},
		{"quoted for the remote side", []string{"declare", `"payments: 500s"`}, "payments: 500s", model.DefaultSeverity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, hub.Options{})
			r := run(t, s, alice, tt.args...)
			if r.code != ExitOK || r.stdout != "INC-1\n" || r.stderr != "" {
				t.Fatalf("declare = %d %q %q; want 0, \"INC-1\\n\", no error", r.code, r.stdout, r.stderr)
			}
			inc, ok := s.Snapshot().Incident("INC-1")
			if !ok || inc.Title != tt.title || inc.Severity != tt.sev || inc.DeclaredBy != "alice" {
				t.Errorf("declared %+v; want %q at %s by alice", inc, tt.title, tt.sev)
			}
		})
	}
}

// A note is the rest of the line as sent: words that look like flags,
// apostrophes and runs of spaces are all text.
func TestNoteKeepsItsTextAsSent(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "db down"})
	for _, text := range []string{"error rate is -20% since deploy", "curl -h shows nothing useful", "we can't  reach the db", "--help", "-- -5% errors"} {
		if r := run(t, s, alice, "note", "INC-1", text); r.code != ExitOK || r.stdout != "" || r.stderr != "" {
			t.Fatalf("note %q = %d %q %q; want silent success", text, r.code, r.stdout, r.stderr)
		}
		inc, _ := s.Snapshot().Incident("INC-1")
		if got, want := inc.Timeline[len(inc.Timeline)-1].Text, strings.TrimPrefix(text, "-- "); got != want {
			t.Errorf("stored note %q, want %q", got, want)
		}
	}
}

func TestNoteFromStandardInputKeepsItsLines(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "db down"})
	if r := runWithStdin(t, s, alice, "first line\nsecond line\n", "note", "INC-1", "-"); r.code != ExitOK || r.stderr != "" {
		t.Fatalf("note - = %d %q; want success", r.code, r.stderr)
	}
	inc, _ := s.Snapshot().Incident("INC-1")
	if got := inc.Timeline[len(inc.Timeline)-1].Text; got != "first line\nsecond line" {
		t.Errorf("stored note %q, want two lines", got)
	}
	if r := runWithStdin(t, s, alice, " \n", "note", "INC-1", "-"); r.code != ExitFailed || r.stderr != "warroom: the note is empty\n" {
		t.Errorf("blank note on stdin = %d %q; want 1 and the model's message", r.code, r.stderr)
	}
	big := strings.Repeat("x", maxStdinText+1)
	if r := runWithStdin(t, s, alice, big, "note", "INC-1", "-"); r.code != ExitFailed || !strings.Contains(r.stderr, "limit is 4096") {
		t.Errorf("oversized note on stdin = %d %q; want 1 and the limit", r.code, r.stderr)
	}
}

func TestNoteJoinsUnquotedWords(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "db down"})
	for _, args := range [][]string{{"note", "INC-1", "two words"}, {"note", "inc-1", "two", "words"}} {
		if r := run(t, s, alice, args...); r.code != ExitOK || r.stdout != "" || r.stderr != "" {
			t.Fatalf("%q = %d %q %q; want silent success", args, r.code, r.stdout, r.stderr)
		}
	}
	inc, _ := s.Snapshot().Incident("INC-1")
	for _, e := range inc.Timeline[1:] {
		if e.Text != "two words" || e.Actor != "alice" {
			t.Errorf("note = %q by %s; want \"two words\" by alice", e.Text, e.Actor)
		}
	}
}

func TestUsageErrorsExitTwoWithTheUsageLine(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string // substrings of stderr
	}{
		{"unknown command", []string{"reboot"}, []string{`warroom: unknown command "reboot"`}},
		{"unknown command with escapes", []string{"\x1b]0;pwned\x07x\x1b[31m"}, []string{`unknown command "x"`}},
		{"declare without title", []string{"declare", "--sev", "1"}, []string{"missing the incident title", "usage: ssh HOST declare [--sev 1-4] [--service NAME] TITLE..."}},
		{"severity without value", []string{"declare", "--sev"}, []string{"flag needs an argument: -sev"}},
		{"severity after the title", []string{"declare", "db", "down", "--sev", "1"}, []string{"flags go before the text: --sev"}},
		{"severity out of range", []string{"declare", "--sev", "9", "db"}, []string{"severity must be 1 to 4"}},
		{"unknown flag", []string{"declare", "--force", "db"}, []string{"flag provided but not defined: -force"}},
		{"unknown flag with escapes", []string{"incidents", "--\x1b[2Jx"}, []string{"flag provided but not defined: -x"}},
		{"note without anything", []string{"note"}, []string{"missing the incident id and the note text", "usage: ssh HOST note INC TEXT..."}},
		{"note without text", []string{"note", "INC-1"}, []string{"missing the note text"}},
		{"timeline without id", []string{"timeline", "--follow"}, []string{"missing the incident id"}},
		{"timeline with two ids", []string{"timeline", "INC-1", "INC-2"}, []string{"timeline takes one incident id"}},
		{"incidents with an argument", []string{"incidents", "open"}, []string{`incidents takes no arguments, not "open"`}},
		{"json is not a value flag", []string{"incidents", "--json=maybe"}, []string{"invalid boolean value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, hub.Options{})
			r := run(t, s, alice, tt.args...)
			if r.code != ExitUsage || r.stdout != "" {
				t.Errorf("exit %d, stdout %q; want %d and nothing on stdout", r.code, r.stdout, ExitUsage)
			}
			for _, want := range tt.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr %q does not contain %q", r.stderr, want)
				}
			}
			if strings.ContainsRune(r.stderr, 0x1b) {
				t.Errorf("stderr echoes an escape sequence: %q", r.stderr)
			}
			if _, ok := s.Snapshot().Incident("INC-1"); ok {
				t.Error("a usage error changed the store")
			}
		})
	}
}

func TestNoCommandPrintsUsageOnStderr(t *testing.T) {
	r := run(t, newStore(t, hub.Options{}), alice)
	if r.code != ExitUsage || r.stdout != "" || !strings.Contains(r.stderr, "usage: ssh [-p PORT] HOST COMMAND") {
		t.Errorf("no command = %d %q %q; want usage on stderr, exit 2", r.code, r.stdout, r.stderr)
	}
}

func TestHelpPrintsEveryCommand(t *testing.T) {
	for _, arg := range []string{"help", "--help", "-h"} {
		r := run(t, newStore(t, hub.Options{}), olive, arg)
		if r.code != ExitOK || r.stderr != "" {
			t.Errorf("%s = %d, stderr %q; want 0 and nothing on stderr", arg, r.code, r.stderr)
		}
		for _, c := range commands() {
			if !strings.Contains(r.stdout, "  "+c.name+" "+c.args) {
				t.Errorf("%s does not show %q:\n%s", arg, c.name+" "+c.args, r.stdout)
			}
		}
	}
}

func TestCommandHelpPrintsItsUsage(t *testing.T) {
	r := run(t, newStore(t, hub.Options{}), alice, "declare", "--help")
	want := "usage: ssh HOST declare [--sev 1-4] [--service NAME] TITLE...\n  declare an incident (default SEV3; the service picks the escalation policy); prints its id\n"
	if r.code != ExitOK || r.stdout != want || r.stderr != "" {
		t.Errorf("declare --help = %d %q %q; want 0 %q", r.code, r.stdout, r.stderr, want)
	}
}

func TestRefusalsExitOneWithTheModelsMessage(t *testing.T) {
	tests := []struct {
		name  string
		actor model.Actor
		args  []string
		want  string
	}{
		{"observer note", olive, []string{"note", "INC-1", "hello"}, "warroom: olive is an observer and cannot change anything\n"},
		{"observer declare", olive, []string{"declare", "mine"}, "warroom: olive is an observer and cannot change anything\n"},
		{"note on unknown incident", alice, []string{"note", "INC-9", "hello"}, "warroom: no incident INC-9\n"},
		{"timeline of unknown incident", alice, []string{"timeline", "INC-9"}, "warroom: no incident INC-9\n"},
		{"timeline of nonsense id", alice, []string{"timeline", "\x1b[1mX"}, "warroom: no incident X\n"},
		{"follow unknown incident", alice, []string{"timeline", "--follow", "INC-9"}, "warroom: no incident INC-9\n"},
		{"title too long", alice, []string{"declare", strings.Repeat("x", model.MaxTitleRunes+1)}, "warroom: the title is 201 characters; the limit is 200\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, hub.Options{})
			dispatch(t, s, alice, model.Declare{Title: "db down"})
			r := run(t, s, tt.actor, tt.args...)
			if r.code != ExitFailed || r.stdout != "" || r.stderr != tt.want {
				t.Errorf("%q = %d %q %q; want 1, no output, %q", tt.args, r.code, r.stdout, r.stderr, tt.want)
			}
			if inc, _ := s.Snapshot().Incident("INC-1"); len(inc.Timeline) != 1 || s.Snapshot().Seq != 1 {
				t.Error("a refused command changed the store")
			}
		})
	}
}

func TestIncidentsListsOpenFirstAsText(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "api slow", Severity: model.Sev3})
	dispatch(t, s, alice, model.Declare{Title: "db down", Severity: model.Sev1})
	dispatch(t, s, alice, model.Declare{Title: "日本語 title", Severity: model.Sev3})

	r := run(t, s, olive, "incidents")
	want := "" +
		"ID     SEV   STATUS  DECLARED              IC     SERVICE  TITLE\n" +
		"INC-2  SEV1  triage  2025-03-01 12:01:00Z  alice  -        db down\n" +
		"INC-3  SEV3  triage  2025-03-01 12:02:00Z  alice  -        日本語 title\n" +
		"INC-1  SEV3  triage  2025-03-01 12:00:00Z  alice  -        api slow\n"
	if r.code != ExitOK || r.stdout != want || r.stderr != "" {
		t.Errorf("incidents = %d %q\n%s\nwant:\n%s", r.code, r.stderr, r.stdout, want)
	}
}

func TestIncidentsWithoutIncidents(t *testing.T) {
	s := newStore(t, hub.Options{})
	if r := run(t, s, olive, "incidents"); r.code != ExitOK || r.stdout != "no incidents\n" {
		t.Errorf("incidents = %d %q, want \"no incidents\"", r.code, r.stdout)
	}
	if r := run(t, s, olive, "incidents", "--json"); r.code != ExitOK || r.stdout != "[]\n" {
		t.Errorf("incidents --json = %d %q, want an empty array", r.code, r.stdout)
	}
}

func TestIncidentsJSONParses(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: `quotes " and <tags>`, Severity: model.Sev2})

	r := run(t, s, olive, "incidents", "--json")
	if r.code != ExitOK || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("incidents --json = %d %q; want one line", r.code, r.stdout)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, r.stdout)
	}
	want := map[string]any{
		"id": "INC-1", "title": `quotes " and <tags>`, "severity": 2.0, "status": "triage", "open": true,
		"service": "", "commander": "alice", "declared_by": "alice", "declared_at": "2025-03-01T12:00:00Z",
		"status_since": "2025-03-01T12:00:00Z", "updated_at": "2025-03-01T12:00:00Z",
	}
	if len(got) != 1 {
		t.Fatalf("got %d incidents, want 1", len(got))
	}
	for k, v := range want {
		if got[0][k] != v {
			t.Errorf("%s = %v, want %v", k, got[0][k], v)
		}
	}
	if _, ok := got[0]["acknowledged_at"]; ok {
		t.Error("a fresh incident says when it was acknowledged")
	}
	dispatch(t, s, alice, model.SetStatus{Incident: "INC-1", Status: model.StatusResolved})
	r = run(t, s, olive, "incidents", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatal(err)
	}
	inc, _ := s.Snapshot().Incident("INC-1")
	resolved := inc.ResolvedAt.UTC().Format(time.RFC3339Nano)
	for _, k := range []string{"acknowledged_at", "mitigated_at", "resolved_at"} {
		if got[0][k] != resolved {
			t.Errorf("after resolving %s = %v, want the time it was resolved", k, got[0][k])
		}
	}
}

// --service names the service, which picks the escalation policy; the
// list shows it and the incident commander.
func TestDeclareWithAService(t *testing.T) {
	s := newStore(t, hub.Options{Rules: pagingRules()})
	if r := run(t, s, alice, "declare", "--service", "payments", "--sev", "1", "checkout", "fails"); r.code != ExitOK || r.stdout != "INC-1\n" {
		t.Fatalf("declare --service = %d %q %q; want the id", r.code, r.stdout, r.stderr)
	}
	inc, _ := s.Snapshot().Incident("INC-1")
	if inc.Service != "payments" || inc.Title != "checkout fails" || inc.Ladder == nil || inc.Ladder.Spec.Policy != "payments" {
		t.Errorf("declared %+v; want service payments under the payments policy", inc)
	}
	r := run(t, s, olive, "incidents")
	want := "" +
		"ID     SEV   STATUS  DECLARED              IC     SERVICE   TITLE\n" +
		"INC-1  SEV1  triage  2025-03-01 12:00:00Z  alice  payments  checkout fails\n"
	if r.stdout != want {
		t.Errorf("incidents =\n%s\nwant:\n%s", r.stdout, want)
	}
	var list []incidentJSON
	if r := run(t, s, olive, "incidents", "--json"); json.Unmarshal([]byte(r.stdout), &list) != nil || len(list) != 1 || list[0].Service != "payments" || list[0].Commander != "alice" {
		t.Errorf("incidents --json = %q; want service and commander", r.stdout)
	}
	if r := run(t, s, alice, "declare", "--service", strings.Repeat("s", model.MaxServiceRunes+1), "x"); r.code != ExitFailed || !strings.Contains(r.stderr, "the service is 65 characters") {
		t.Errorf("declare with a long service = %d %q; want 1 and the limit", r.code, r.stderr)
	}
}

// A client that never closes its input does not hold the session: the
// read gives up when the session ends.
func TestNoteFromStdinGivesUpWhenTheSessionEnds(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "db down"})
	stdin, _ := io.Pipe() // never written, never closed
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var stdout, stderr servertest.Buffer
	go func() { done <- Run(ctx, s, alice, "note INC-1 -", stdin, &stdout, &stderr) }()
	cancel()
	select {
	case code := <-done:
		if code != ExitFailed {
			t.Errorf("exit %d, want 1", code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("note - still reading after its session ended")
	}
}
