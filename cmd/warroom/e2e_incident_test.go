package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// escalationConfig is the warroom.yaml of TestE2EWholeIncident: bob is
// paged first, alice second.
const escalationConfig = `policies:
  - name: default
    levels:
      - {targets: [bob], timeout: 5m}
      - {targets: [alice], timeout: 5m}
`

// promptPlaceholder is what an empty command line shows: the store took
// the last line sent, and the next one can be typed.
const promptPlaceholder = "type a note, or a /command"

// TestE2EWholeIncident is the war room's promise for one incident from
// start to end: the incident commander runs it from the keyboard —
// declares, gets a page acknowledged, escalates and acknowledges, assigns a
// role, tracks an action, posts a stakeholder update, moves the status and
// resolves — while a responder and an observer watch every step arrive on
// their screens; the observer's keystrokes change nothing; and a second
// incident is run the same way with SSH commands alone, every step of both
// on the timeline.
func TestE2EWholeIncident(t *testing.T) {
	e := newE2E(t)
	aliceKey, bobKey, olgaKey := e.keygen("alice"), e.keygen("bob"), e.keygen("olga")
	e.run("user", "add", "alice", "--key", aliceKey+".pub", "--data", e.data)
	e.run("user", "add", "bob", "--key", bobKey+".pub", "--data", e.data)
	e.run("user", "add", "olga", "--key", olgaKey+".pub", "--level", "observer", "--data", e.data)
	if err := os.WriteFile(filepath.Join(e.data, "warroom.yaml"), []byte(escalationConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	e.start()

	a := e.openWide("alice", aliceKey, "alice")
	b := e.openWide("bob", bobKey, "bob")
	o := e.openWide("olga", olgaKey, "olga")
	e.waitFor(a, "Press d to declare")
	e.waitFor(b, "Press d to declare")
	e.waitFor(o, "No incidents.")

	// From the keyboard. alice declares; the policy pages bob, who is on the list.
	e.keys(a, "d")
	e.waitFor(a, "Title")
	e.keys(a, "-l", "checkout is slow")
	e.keys(a, "Tab")
	e.keys(a, "-l", "checkout")
	e.keys(a, "Enter")
	declared := "declared SEV3: checkout is slow (service checkout); paged level 1: bob"
	e.waitFor(a, declared)
	e.waitFor(b, "PAGED")
	e.waitFor(b, "INC-1 SEV3 checkout is slow · level 1 · /ack in its room")
	e.waitForBell(b)
	e.waitFor(o, "INC-1")
	if e.bellRang(a) {
		t.Error("alice was not paged, yet her terminal bell rang")
	}
	if s := e.screen(o); strings.Contains(s, "PAGED") {
		t.Errorf("olga was not paged, yet her screen shows a page:\n%s", s)
	}

	e.joinFirst(b, declared)
	e.joinFirst(o, declared)
	e.waitFor(o, "observer")
	if s := e.screen(o); strings.Contains(s, promptPlaceholder) {
		t.Errorf("the observer's room has a command line:\n%s", s)
	}

	// bob acknowledges; alice's ladder pane says so, bob's banner goes.
	e.command(b, "/ack", "acknowledged the page (level 1)", a, o)
	e.waitForMatch(a, regexp.MustCompile(`│.*L1 .*acked by bob`))
	e.waitUntil(b, "the PAGED banner gone", func(s string) bool { return !strings.Contains(s, "/ack in its room") })

	// alice escalates to the next level, herself, and acknowledges.
	e.command(a, "/escalate", "escalated: paged level 2: alice", b, o)
	e.waitFor(a, "INC-1 SEV3 checkout is slow · level 2 · /ack in its room")
	e.waitForBell(a)
	e.command(a, "/ack", "acknowledged the page (level 2)", b, o)
	e.waitForMatch(a, regexp.MustCompile(`│.*L2 .*acked by alice`))
	e.waitForMatch(o, regexp.MustCompile(`│.*L2 .*acked by alice`))

	// The observer tries to resolve and to post; nothing happens.
	e.post(o, "/resolve")
	e.post(o, "observers cannot post this")

	e.command(a, "/assign tech bob", "assigned Tech Lead to bob", b, o)
	e.waitForMatch(o, regexp.MustCompile(`│ Tech Lead +bob`))
	e.command(a, "/action add roll back the deploy @bob", "added mitigation action 1: roll back the deploy (owner bob)", b, o)
	e.command(b, "/action done 1", "marked action 1 done", a, o)
	e.command(a, "/update We are rolling back.", "We are rolling back.", b, o)
	e.command(a, "/status monitoring", "status triage → monitoring", b, o)
	for _, pane := range []string{a, b, o} {
		if s := e.screen(pane); strings.Contains(s, "observers cannot post this") || strings.Contains(s, "resolved the incident") {
			t.Fatalf("the observer's keystrokes changed the room on %s's screen:\n%s", pane, s)
		}
	}
	e.command(a, "/resolve", "resolved the incident", b, o)

	timeline := e.sshCommand(olgaKey, "olga", "timeline", "INC-1")
	requireInOrder(t, "INC-1's timeline", timeline,
		"alice  incident.declared  "+declared,
		"bob  page.acknowledged  acknowledged the page (level 1)",
		"alice  page.escalated  escalated: paged level 2: alice",
		"alice  page.acknowledged  acknowledged the page (level 2)",
		"alice  role.changed  assigned Tech Lead to bob",
		"alice  action.added  added mitigation action 1: roll back the deploy (owner bob)",
		"bob  action.changed  marked action 1 done",
		"alice  update.posted  We are rolling back.",
		"alice  status.changed  status triage → monitoring",
		"alice  status.changed  resolved the incident",
	)
	if strings.Contains(timeline, "  olga  ") || strings.Contains(timeline, "observers cannot post this") {
		t.Errorf("the observer changed INC-1:\n%s", timeline)
	}

	// The same with SSH commands alone, on a second incident.
	as := func(key, user string, remote ...string) string { return e.sshCommand(key, user, remote...) }
	if id := as(aliceKey, "alice", "declare", "--service", "x", "db slow"); id != "INC-2\n" {
		t.Fatalf("declare printed %q, want the new incident's id, INC-2", id)
	}
	// bob, in INC-1's room, is paged for INC-2.
	e.waitFor(b, "INC-2 SEV3 db slow · level 1 · /ack in its room")

	steps := []struct {
		key, user string
		command   []string
		want      string
	}{
		{aliceKey, "alice", []string{"assign", "INC-2", "tech", "bob"}, "INC-2: assigned Tech Lead to bob\n"},
		{bobKey, "bob", []string{"ack", "INC-2"}, "INC-2: acknowledged the page (level 1)\n"},
		{aliceKey, "alice", []string{"escalate", "INC-2"}, "INC-2: escalated: paged level 2: alice\n"},
		{aliceKey, "alice", []string{"ack", "INC-2"}, "INC-2: acknowledged the page (level 2)\n"},
		{aliceKey, "alice", []string{"action", "add", "INC-2", "add an index @bob"}, "INC-2: added mitigation action 1: add an index (owner bob)\n"},
		{bobKey, "bob", []string{"action", "done", "INC-2", "1"}, "INC-2: marked action 1 done\n"},
		{aliceKey, "alice", []string{"update", "INC-2", "Index is building."}, "INC-2: Index is building.\n"},
		{aliceKey, "alice", []string{"status", "INC-2", "monitoring"}, "INC-2: status triage → monitoring\n"},
	}
	for _, s := range steps {
		if got := as(s.key, s.user, s.command...); got != s.want {
			t.Fatalf("%s ran %s and got %q, want %q", s.user, strings.Join(s.command, " "), got, s.want)
		}
		if s.user == "bob" && s.command[0] == "ack" {
			e.waitUntil(b, "the PAGED banner for INC-2 gone", func(s string) bool { return !strings.Contains(s, "INC-2 SEV3 db slow") })
		}
	}

	// The observer is refused every change, with the reason.
	for _, refused := range [][]string{
		{"ack", "INC-2"}, {"note", "INC-2", "olga was here"}, {"assign", "INC-2", "ic", "olga"},
		{"action", "add", "INC-2", "olga was here"}, {"update", "INC-2", "olga was here"}, {"resolve", "INC-2"},
	} {
		e.sshRefused(olgaKey, "olga", refused...)
	}

	var resolved struct {
		Incident, Actor, Kind, Text string
		Payload                     struct{ To string }
	}
	if err := json.Unmarshal([]byte(as(aliceKey, "alice", "resolve", "INC-2", "--json")), &resolved); err != nil {
		t.Fatalf("resolve --json: %v", err)
	}
	if resolved.Incident != "INC-2" || resolved.Actor != "alice" || resolved.Kind != "status.changed" ||
		resolved.Text != "resolved the incident" || resolved.Payload.To != "resolved" {
		t.Errorf("resolve --json printed %+v", resolved)
	}

	timeline = as(bobKey, "bob", "timeline", "INC-2")
	requireInOrder(t, "INC-2's timeline", timeline,
		"alice  incident.declared  declared SEV3: db slow (service x); paged level 1: bob",
		"alice  role.changed  assigned Tech Lead to bob",
		"bob  page.acknowledged  acknowledged the page (level 1)",
		"alice  page.escalated  escalated: paged level 2: alice",
		"alice  page.acknowledged  acknowledged the page (level 2)",
		"alice  action.added  added mitigation action 1: add an index (owner bob)",
		"bob  action.changed  marked action 1 done",
		"alice  update.posted  Index is building.",
		"alice  status.changed  status triage → monitoring",
		"alice  status.changed  resolved the incident",
	)
	if strings.Contains(timeline, "olga") {
		t.Errorf("the observer changed INC-2:\n%s", timeline)
	}
	if e.bellRang(o) {
		t.Error("olga was never paged, yet her terminal bell rang")
	}
}

// openWide opens an interactive session, as openPane does, in a window of
// 160x48: wide enough for the room's side panes beside the timeline.
func (e *e2e) openWide(name, key, user string) string {
	e.t.Helper()
	target := e.openPane(name, key, user)
	if out, err := exec.Command("tmux", "-S", e.tmux, "resize-window", "-t", target, "-x", "160", "-y", "48").CombinedOutput(); err != nil {
		e.t.Fatalf("tmux resize-window: %v\n%s", err, out)
	}
	return target
}

// command types line in pane from and waits until it shows want, every
// pane in watchers shows it too, and from's command line is empty again.
func (e *e2e) command(from, line, want string, watchers ...string) {
	e.t.Helper()
	e.post(from, line)
	e.waitFor(from, want)
	for _, w := range watchers {
		e.waitFor(w, want)
	}
	e.waitFor(from, promptPlaceholder)
}

// waitUntil polls the pane until ok holds for its text; what says what
// was waited for.
func (e *e2e) waitUntil(target, what string, ok func(screen string) bool) {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s := e.screen(target)
		if ok(s) {
			return
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("pane %s never showed %s; it shows:\n%s\nserver log:\n%s", target, what, s, e.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// bellRang reports whether the terminal bell has rung in the pane. tmux
// latches the flag in a session no client is attached to.
func (e *e2e) bellRang(target string) bool {
	e.t.Helper()
	out, err := exec.Command("tmux", "-S", e.tmux, "display-message", "-p", "-t", target, "#{window_bell_flag}").Output()
	if err != nil {
		e.t.Fatalf("tmux display-message: %v", err)
	}
	return strings.TrimSpace(string(out)) == "1"
}

// waitForBell polls the pane until its terminal bell has rung.
func (e *e2e) waitForBell(target string) {
	e.t.Helper()
	e.waitUntil(target, "its terminal bell ringing", func(string) bool { return e.bellRang(target) })
}

// waitForMatch polls the pane until one of its lines matches re.
func (e *e2e) waitForMatch(target string, re *regexp.Regexp) {
	e.t.Helper()
	e.waitUntil(target, "a line matching "+re.String(), re.MatchString)
}

// sshRefused runs an SSH command that must be refused: exit status 1
// and a reason on stderr.
func (e *e2e) sshRefused(key, user string, remote ...string) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "ssh", e.sshArgs(key, user, remote...)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		e.t.Fatalf("%s ran %s: want exit status 1, got %v\nstdout: %s\nstderr: %s", user, strings.Join(remote, " "), err, out, &stderr)
	}
	if !strings.HasPrefix(stderr.String(), "warroom: ") {
		e.t.Errorf("%s ran %s and was refused without a reason: %q", user, strings.Join(remote, " "), stderr.String())
	}
}

// requireInOrder fails unless text holds every one of wants, in order.
func requireInOrder(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	rest := text
	for _, want := range wants {
		i := strings.Index(rest, want)
		if i < 0 {
			t.Fatalf("%s lacks %q after the entries before it:\n%s", what, want, text)
		}
		rest = rest[i+len(want):]
	}
}
