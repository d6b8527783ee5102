package server

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/cmdline"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
	"github.com/warroom/warroom/server/servertest"
	"github.com/warroom/warroom/server/users"
)

// person is someone in the users file, with their key.
type person struct {
	name  string
	level model.Level
	key   gossh.Signer
}

// startWarRoom starts a server whose store runs incidents by rules, with
// people in the users file and the rules naming them, as `warroom serve`
// wires it: one users directory serves the server and the rules.
func startWarRoom(t *testing.T, rules *model.Rules, people ...person) *testServer {
	t.Helper()
	var store *hub.Hub
	ts := startServer(t, func(cfg *Config) {
		for _, p := range people {
			addUser(t, cfg.DataDir, p.name, p.level, p.key)
		}
		dir, err := users.Watch(t.Context(), filepath.Join(cfg.DataDir, UsersFile), cfg.Logger)
		if err != nil {
			t.Fatalf("watch users: %v", err)
		}
		rules.Users = dir
		// Opened here, after startServer's own store, so it closes before
		// that one and after the server has shut down.
		store = storetest.OpenAt(t, filepath.Join(cfg.DataDir, "rules-journal.db"),
			hub.Options{Logger: slog.New(slog.DiscardHandler), Rules: rules})
		cfg.Store, cfg.Users = store, dir
	})
	ts.store = store
	return ts
}

// ladderRules has one escalation policy, for service: level 1 pages bob,
// level 2 carol. The timeouts are long: only people escalate in these
// tests (no escalation clock runs in the server package).
func ladderRules(service string) *model.Rules {
	rules := model.DefaultRules()
	name := service
	if name == "" {
		name = "default"
	}
	rules.Policies = []model.Policy{{Name: name, Service: service, Levels: []model.PolicyLevel{
		{Targets: []string{"bob"}, Timeout: time.Hour},
		{Targets: []string{"carol"}, Timeout: time.Hour},
	}}}
	return rules
}

func responder(t *testing.T, name string) person {
	return person{name: name, level: model.LevelResponder, key: newKey(t)}
}

// waitForScreenWithout polls the screen until it no longer contains text.
func waitForScreenWithout(term *servertest.Terminal, text string) {
	term.WaitUntil(fmt.Sprintf("%q gone", text), waitLimit, func(s string) bool { return !strings.Contains(s, text) })
}

func TestThePagedUsersEverySessionRingsUntilTheyAck(t *testing.T) {
	alice, bob, carol := responder(t, "alice"), responder(t, "bob"), responder(t, "carol")
	ts := startWarRoom(t, ladderRules("payments"), alice, bob, carol)
	// Another incident, without a policy: bob watches its room.
	declare(t, ts.store, model.Actor{Name: "carol", Level: model.LevelResponder}, "cache is cold")

	bobList := ts.openTerminal(t, "bob", bob.key, 100, 30)
	bobList.WaitFor("cache is cold", waitLimit)
	bobRoom := ts.roomOf(t, "bob", bob.key, "cache is cold")
	carolList := ts.openTerminal(t, "carol", carol.key, 80, 24)
	carolList.WaitFor("cache is cold", waitLimit)
	bobListBells, bobRoomBells, carolBells := bobList.CountBells(), bobRoom.CountBells(), carolList.CountBells()

	// alice declares with the service, at a width that shows the panes
	// beside the timeline.
	ic := ts.openTerminal(t, "alice", alice.key, 160, 48)
	ic.WaitFor("cache is cold", waitLimit)
	ic.Type("d")
	ic.WaitFor("Declare an incident", waitLimit)
	ic.Type("checkout is failing\tpayments\r")
	ic.WaitFor("policy payments", waitLimit)

	for _, term := range []*servertest.Terminal{bobList, bobRoom} {
		term.WaitFor("PAGED", waitLimit)
		term.WaitFor("checkout is failing", waitLimit)
	}
	servertest.WaitFor(t, "both of bob's terminals to ring", func() bool {
		return bobListBells.Load() > 0 && bobRoomBells.Load() > 0
	})
	if s := carolList.Screen(); strings.Contains(s, "PAGED") || carolBells.Load() != 0 {
		t.Fatalf("carol, not paged yet, rang %d times; her screen:\n%s", carolBells.Load(), s)
	}

	ic.Type("/escalate\r")
	carolList.WaitFor("PAGED", waitLimit)
	servertest.WaitFor(t, "carol's terminal to ring", func() bool { return carolBells.Load() > 0 })
	ic.WaitFor("escalated: paged level 2: carol", waitLimit)

	// bob answers from the session on the list: he joins the room first.
	bobList.Type("/checkout\r\r")
	bobList.WaitFor("here: alice, bob", waitLimit)
	bobList.Type("/ack\r")
	for _, term := range []*servertest.Terminal{bobList, bobRoom, carolList} {
		waitForScreenWithout(term, "PAGED")
	}
	ic.WaitFor("acked by bob", waitLimit)
	ic.WaitFor("acknowledged the page (level 2)", waitLimit)

	inc, _ := ts.store.Snapshot().Incident("INC-2")
	if cur := inc.Ladder.Current(); cur == nil || cur.Level != 2 || cur.AckedBy != "bob" {
		t.Fatalf("INC-2's current page = %+v; want level 2 acknowledged by bob", cur)
	}
}

func TestAnObserverCanChangeNothingAtAll(t *testing.T) {
	alice, olga := responder(t, "alice"), person{name: "olga", level: model.LevelObserver, key: newKey(t)}
	ts := startWarRoom(t, ladderRules(""), alice, olga)
	ctx := t.Context()
	ic := model.Actor{Name: "alice", Level: model.LevelResponder}
	id := declare(t, ts.store, ic, "checkout is failing")
	if _, err := ts.store.Dispatch(ctx, ic, model.AddAction{Incident: id, Title: "roll back 4.2.1", Kind: model.ActionFollowUp}); err != nil {
		t.Fatal(err)
	}
	before := ts.store.Snapshot().Seq

	// Plausible arguments, after the incident id, for every SSH command
	// of the command table; a command missing here fails the test, so
	// that a new one is covered when it is added.
	observerArgs := map[string]string{
		"note": "a sneaky note", "sev": "1", "status": "investigating", "resolve": "",
		"assign": "tech olga", "unassign": "ic", "take": "scribe", "handover": "olga",
		"accept": "", "decline": "", "escalate": "", "ack": "",
		"action add": "a sneaky item @olga due:+2d", "action done": "1", "action start": "1",
		"action reopen": "1", "action assign": "1 olga", "action due": "1 +2d",
		"update": "all is well", "pin": "1", "unpin": "1",
		"review set": "summary a sneaky summary", "review publish": "",
	}
	refusal := "warroom: olga is an observer and cannot change anything\n"
	for _, spec := range cmdline.Commands() {
		if !spec.SSH {
			continue
		}
		if spec.Local { // followups: read-only, so an observer may
			got := ts.run(t, "olga", olga.key, spec.Name+" --json")
			if got.Code != 0 || !strings.Contains(got.Stdout, "roll back 4.2.1") {
				t.Errorf("%s by an observer: exit %d, stdout %q, stderr %q; want the follow-up listed", spec.Name, got.Code, got.Stdout, got.Stderr)
			}
			continue
		}
		args, ok := observerArgs[spec.Name]
		if !ok {
			t.Errorf("no arguments to try %q with: add them to observerArgs", spec.Name)
			continue
		}
		line := strings.TrimSpace(spec.Name + " " + id + " " + args)
		if got := ts.run(t, "olga", olga.key, line); got.Code != 1 || got.Stderr != refusal {
			t.Errorf("%q by an observer: exit %d, stderr %q; want 1 and %q", line, got.Code, got.Stderr, refusal)
		}
	}
	if got := ts.run(t, "olga", olga.key, "declare --sev 1 a sneaky incident"); got.Code != 1 || got.Stderr != refusal {
		t.Errorf("declare by an observer: exit %d, stderr %q; want 1 and %q", got.Code, got.Stderr, refusal)
	}
	if after := ts.store.Snapshot().Seq; after != before {
		t.Fatalf("the store moved from event %d to %d on an observer's commands", before, after)
	}

	// In the room an observer has no command line: a typed command is
	// keys for the timeline, and the panes' keys that change anything are
	// not theirs.
	term := ts.openTerminal(t, "olga", olga.key, 160, 48)
	term.WaitFor("checkout is failing", waitLimit)
	term.Type("\r")
	term.WaitFor("here: olga", waitLimit)
	keys := "/sev 1\r" + "p" // on the timeline
	for range 3 {            // roles, ladder, actions
		keys += "\t" + "eatxuso " + "\r"
	}
	// Focus ends on the actions pane, whose x (done) is answered, not
	// ignored: the answer shows until the next key.
	term.Type(keys + "x")
	term.WaitFor("observers watch; they cannot change anything", waitLimit)
	term.Type("?") // once help shows, every key before it was handled
	term.WaitFor("closes help", waitLimit)
	if after := ts.store.Snapshot().Seq; after != before {
		t.Fatalf("the store moved from event %d to %d on an observer's keystrokes", before, after)
	}
}

func TestTheWholeFlowAsSSHCommands(t *testing.T) {
	alice, bob, carol := responder(t, "alice"), responder(t, "bob"), responder(t, "carol")
	ts := startWarRoom(t, ladderRules(""), alice, bob, carol)
	keys := map[string]gossh.Signer{"alice": alice.key, "bob": bob.key, "carol": carol.key}

	steps := []struct{ user, cmdline, confirmation string }{
		{"alice", "declare --sev 1 checkout is failing", "INC-1\n"},
		{"alice", "escalate INC-1", "INC-1: escalated: paged level 2: carol\n"},
		{"bob", "ack INC-1", "INC-1: acknowledged the page (level 2)\n"},
		{"alice", "assign INC-1 tech carol", "INC-1: assigned Tech Lead to carol\n"},
		{"alice", "action add INC-1 fix it @carol", "INC-1: added mitigation action 1: fix it (owner carol)\n"},
		{"alice", "update INC-1 all good", "INC-1: all good\n"},
		{"alice", "resolve INC-1", "INC-1: resolved the incident\n"},
	}
	for _, step := range steps {
		got := ts.run(t, step.user, keys[step.user], step.cmdline)
		if got.Code != 0 || got.Stdout != step.confirmation || got.Stderr != "" {
			t.Fatalf("%s: %q exited %d, stdout %q, stderr %q; want 0 and %q",
				step.user, step.cmdline, got.Code, got.Stdout, got.Stderr, step.confirmation)
		}
	}

	got := ts.run(t, "carol", carol.key, "timeline INC-1")
	if got.Code != 0 {
		t.Fatalf("timeline: exit %d, stderr %q", got.Code, got.Stderr)
	}
	want := []string{
		"alice  incident.declared  declared SEV1",
		"page.escalated  escalated: paged level 2: carol",
		"bob  page.acknowledged  acknowledged the page (level 2)",
		"alice  role.changed  assigned Tech Lead to carol",
		"alice  action.added  added mitigation action 1: fix it (owner carol)",
		"alice  update.posted  all good",
		"alice  status.changed  resolved the incident",
	}
	lines := strings.Split(strings.TrimSpace(got.Stdout), "\n")
	at := 0
	for _, w := range want {
		i := slices.IndexFunc(lines[at:], func(l string) bool { return strings.Contains(l, w) })
		if i < 0 {
			t.Fatalf("the timeline lacks %q after line %d, in order; it reads:\n%s", w, at, got.Stdout)
		}
		at += i + 1
	}
}
