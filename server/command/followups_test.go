package command

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
)

// followupsStore holds two incidents with follow-ups due on several days,
// one done and one mitigation (neither listed), three days after they
// were added: the one due on 2025-03-02 is overdue.
func followupsStore(t *testing.T) *testStore {
	t.Helper()
	s := newStore(t, hub.Options{})
	day := func(d string) model.Day {
		t.Helper()
		due, err := model.ParseDay(d, start)
		if err != nil {
			t.Fatal(err)
		}
		return due
	}
	add := func(incident, title, owner, due string, kind model.ActionKind) {
		t.Helper()
		cmd := model.AddAction{Incident: incident, Title: title, Owner: owner, Kind: kind}
		if due != "" {
			cmd.Due = day(due)
		}
		dispatch(t, s, alice, cmd)
	}
	dispatch(t, s, alice, model.Declare{Title: "db down"})
	dispatch(t, s, alice, model.Declare{Title: "api slow", Severity: model.Sev1})
	add("INC-1", "write the postmortem", "bob", "2025-03-10", model.ActionFollowUp) // INC-1 #1
	add("INC-1", "roll back", "bob", "", model.ActionMitigation)                    // INC-1 #2
	add("INC-1", "add an alert", "alice", "", model.ActionFollowUp)                 // INC-1 #3
	add("INC-1", "fix retries", "alice", "2025-03-02", model.ActionFollowUp)        // INC-1 #4, done below
	dispatch(t, s, alice, model.SetActionState{Incident: "INC-1", N: 4, State: model.ActionDone})
	add("INC-2", "rotate keys", "bob", "2025-03-02", model.ActionFollowUp)       // INC-2 #1
	add("INC-2", "document the runbook", "", "2025-03-20", model.ActionFollowUp) // INC-2 #2
	add("INC-2", "load test", "alice", "2025-03-10", model.ActionFollowUp)       // INC-2 #3
	dispatch(t, s, alice, model.SetActionState{Incident: "INC-2", N: 3, State: model.ActionDoing})
	s.skip(3 * 24 * time.Hour)
	return s
}

func TestFollowupsListsOpenFollowupsByDueDay(t *testing.T) {
	s := followupsStore(t)
	r := run(t, s, olive, "followups")
	want := "" +
		"DUE                 INCIDENT  N   OWNER  TITLE\n" +
		"2025-03-02 overdue  INC-2     #1  bob    rotate keys\n" +
		"2025-03-10          INC-1     #1  bob    write the postmortem\n" +
		"2025-03-10          INC-2     #3  alice  load test\n" +
		"2025-03-20          INC-2     #2  -      document the runbook\n" +
		"-                   INC-1     #3  alice  add an alert\n"
	if r.code != ExitOK || r.stdout != want || r.stderr != "" {
		t.Errorf("followups = %d %q\n%s\nwant:\n%s", r.code, r.stderr, r.stdout, want)
	}
}

func TestFollowupsMineKeepsTheCallersOwn(t *testing.T) {
	s := followupsStore(t)
	r := run(t, s, bob, "followups", "mine")
	want := "" +
		"DUE                 INCIDENT  N   OWNER  TITLE\n" +
		"2025-03-02 overdue  INC-2     #1  bob    rotate keys\n" +
		"2025-03-10          INC-1     #1  bob    write the postmortem\n"
	if r.code != ExitOK || r.stdout != want {
		t.Errorf("followups mine = %d %q\n%s\nwant:\n%s", r.code, r.stderr, r.stdout, want)
	}
	if r := run(t, s, dave, "followups", "MINE"); r.code != ExitOK || r.stdout != "no open follow-ups\n" {
		t.Errorf("followups mine without any = %d %q; want \"no open follow-ups\"", r.code, r.stdout)
	}
}

func TestFollowupsJSON(t *testing.T) {
	s := followupsStore(t)
	r := run(t, s, alice, "followups", "--json", "mine")
	if r.code != ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, r.stdout)
	}
	want := []map[string]any{
		{"incident": "INC-2", "n": 3.0, "title": "load test", "owner": "alice", "due": "2025-03-10", "overdue": false, "state": "doing"},
		{"incident": "INC-1", "n": 3.0, "title": "add an alert", "owner": "alice", "due": "", "overdue": false, "state": "open"},
	}
	if !jsonEqual(got, want) {
		t.Errorf("followups --json mine =\n%s\nwant %v", r.stdout, want)
	}
	r = run(t, newStore(t, hub.Options{}), alice, "followups", "--json")
	if r.code != ExitOK || r.stdout != "[]\n" {
		t.Errorf("followups --json without any = %d %q; want an empty array", r.code, r.stdout)
	}
}

func TestFollowupsTakesOnlyMine(t *testing.T) {
	r := run(t, newStore(t, hub.Options{}), alice, "followups", "all")
	if r.code != ExitUsage || r.stderr != "warroom: followups takes no argument but mine, not \"all\"\nusage: ssh HOST followups [mine] [--json]\n" {
		t.Errorf("followups all = %d %q; want 2 and the usage", r.code, r.stderr)
	}
}
