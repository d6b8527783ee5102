package model

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// The people of the war room tables. alice (responder) declares the
// tables' incident, so she is its incident commander.
var (
	alice = responder
	bob   = Actor{Name: "bob", Level: LevelResponder}
	carol = Actor{Name: "carol", Level: LevelResponder}
	dave  = Actor{Name: "dave", Level: LevelResponder}
	erin  = Actor{Name: "erin", Level: LevelResponder}
)

// directory is a users file: its people and their levels. A test may
// change a level after the room is made, as an edit of the file does.
type directory map[string]Level

func (d directory) LevelOf(name string) (Level, bool) {
	l, ok := d[name]
	return l, ok
}

func (d directory) Names() []string { return slices.Sorted(maps.Keys(d)) }

// warRules are the rules of the tables: a users file, a team, a role from
// the config without aliases, a three-level default ladder (bob; team db
// with carol again; erin) and a one-level ladder for payments.
func warRules() *Rules {
	r := DefaultRules()
	r.Roles = append(r.Roles, Role{Name: "customer-liaison", Title: "Customer Liaison"})
	r.Users = directory{
		"alice": LevelResponder, "bob": LevelResponder, "carol": LevelResponder, "dave": LevelResponder,
		"erin": LevelResponder, "ada": LevelAdmin, "olive": LevelObserver,
	}
	r.Teams = map[string][]string{"db": {"carol", "dave"}}
	r.Policies = []Policy{
		{Name: "payments", Service: "payments", Levels: []PolicyLevel{{Targets: []string{"dave"}, Timeout: time.Minute}}},
		{Name: "default", Levels: []PolicyLevel{
			{Targets: []string{"bob"}, Timeout: 5 * time.Minute},
			{Targets: []string{"team:db", "carol"}, Timeout: 10 * time.Minute},
			{Targets: []string{"erin"}, Timeout: 15 * time.Minute},
		}},
	}
	return r
}

// step is one command: who sends it, and how long after t0. The room's
// clock never goes back, so a step without a time happens when the one
// before it did.
type step struct {
	at  time.Duration
	by  Actor
	cmd Command
}

// opened is the setup of most rows: alice declares INC-1, a SEV2 with no
// service, at t0 (under warRules, bob is paged at once), then steps follow.
func opened(steps ...step) []step {
	return append([]step{{by: alice, cmd: Declare{Title: "checkout down", Severity: Sev2}}}, steps...)
}

// room is a server's state under test and its clock.
type room struct {
	t   testing.TB
	s   *State
	now time.Time
	// events are the committed events, in order.
	events []*Event
}

func newRoom(t testing.TB, rules *Rules, steps ...step) *room {
	t.Helper()
	r := &room{t: t, s: NewState(rules), now: t0}
	for _, st := range steps {
		r.do(st)
	}
	return r
}

// try decides st and, when it is accepted, applies its event.
func (r *room) try(st step) (*Event, error) {
	r.t.Helper()
	if now := t0.Add(st.at); now.After(r.now) {
		r.now = now
	}
	e, err := Decide(r.s, st.by, st.cmd, r.now)
	if err != nil {
		return nil, err
	}
	e.Seq, e.ID = r.s.Seq+1, NewEventID()
	next, err := Apply(r.s, e)
	if err != nil {
		r.t.Fatalf("apply %s by %s: %v", e.Kind(), st.by.Name, err)
	}
	r.s, r.events = next, append(r.events, e)
	return e, nil
}

// do runs st, failing the test when it is refused.
func (r *room) do(st step) *Event {
	r.t.Helper()
	e, err := r.try(st)
	if err != nil {
		r.t.Fatalf("%s's %T refused: %v", st.by.Name, st.cmd, err)
	}
	return e
}

// restart is the server starting again: the state folded anew, under the
// same rules, from the stored events.
func (r *room) restart() {
	r.t.Helper()
	r.s = replay(r.t, r.s.Rules(), r.events)
}

// inc is INC-1 as the room sees it now.
func (r *room) inc() *Incident {
	r.t.Helper()
	inc, ok := r.s.Incident("INC-1")
	if !ok {
		r.t.Fatal("no INC-1")
	}
	return inc
}

// decideCase is one row of a feature's table: after setup, by sends cmd
// at t0+at. A row with code set must be refused with that code and a
// message holding every string of msg. Any other row must be accepted with
// the payload want (when set), give the incident a timeline entry by the
// actor reading text (when set), and pass check.
type decideCase struct {
	name  string
	setup []step
	at    time.Duration
	by    Actor
	cmd   Command

	want  Payload
	text  string
	check func(t *testing.T, r *room)

	code Code
	msg  []string
}

func runCases(t *testing.T, rules *Rules, cases []decideCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRoom(t, rules, tc.setup...)
			seq := r.s.Seq
			e, err := r.try(step{at: tc.at, by: tc.by, cmd: tc.cmd})
			if tc.code != "" {
				checkRefusal(t, err, tc.code, tc.msg...)
				if r.s.Seq != seq {
					t.Errorf("a refused command moved the state to seq %d", r.s.Seq)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if tc.want != nil && !reflect.DeepEqual(e.Data, tc.want) {
				t.Errorf("payload = %#v\nwant %#v", e.Data, tc.want)
			}
			if tc.text != "" {
				inc, _ := r.s.Incident(e.Incident)
				entry := inc.Timeline[len(inc.Timeline)-1]
				if entry.Text != tc.text || entry.Actor != tc.by.Name || entry.Seq != e.Seq || entry.Kind != e.Kind() {
					t.Errorf("timeline entry = %q by %s (seq %d, %s), want %q by %s (seq %d, %s)",
						entry.Text, entry.Actor, entry.Seq, entry.Kind, tc.text, tc.by.Name, e.Seq, e.Kind())
				}
			}
			if tc.check != nil {
				tc.check(t, r)
			}
		})
	}
}

// checkRefusal asserts err is a refusal with code whose message, safe to
// show, holds every string of msg.
func checkRefusal(t *testing.T, err error, code Code, msg ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted, want refused as %s", code)
	}
	if ErrorCode(err) != code {
		t.Errorf("code = %s (%v), want %s", ErrorCode(err), err, code)
	}
	got := ErrorMessage(err)
	for _, m := range msg {
		if !strings.Contains(got, m) {
			t.Errorf("message %q should say %q", got, m)
		}
	}
	if strings.ContainsRune(got, 0x1b) {
		t.Errorf("message %q holds an escape", got)
	}
}

// at is t0 plus d, for expected times.
func at(d time.Duration) time.Time { return t0.Add(d) }

// sameTime reports a mismatch of a timestamp field.
func sameTime(t *testing.T, field string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", field, got, want)
	}
}
