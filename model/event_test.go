package model

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestEventRoundTrip(t *testing.T) {
	for _, e := range []*Event{
		{Seq: 1, ID: NewEventID(), Incident: "INC-1", Time: t0, Actor: "alice", Data: Declared{Number: 1, Title: "db", Severity: Sev2}},
		{Seq: 2, ID: NewEventID(), Incident: "INC-1", Time: t0, Actor: "bob", Data: NotePosted{Text: "two\nlines"}},
	} {
		b, err := EncodeEvent(e)
		if err != nil {
			t.Fatal(err)
		}
		got, err := DecodeEvent(b)
		if err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
		if got.Seq != e.Seq || got.ID != e.ID || got.Incident != e.Incident || !got.Time.Equal(e.Time) || got.Actor != e.Actor || !reflect.DeepEqual(got.Data, e.Data) {
			t.Errorf("round trip = %+v, want %+v", got, e)
		}
	}
}

func encoded(t testing.TB, e *Event) []byte {
	t.Helper()
	b, err := EncodeEvent(e)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeRefusesWhatItCannotRead(t *testing.T) {
	good := encoded(t, &Event{Seq: 7, ID: "a", Incident: "INC-1", Time: t0, Actor: "alice", Data: NotePosted{Text: "x"}})
	future := append([]byte{encodingVersion + 1}, good[1:]...)
	noSeq := encoded(t, &Event{Seq: 0, ID: "a", Incident: "INC-1", Time: t0, Actor: "alice", Data: NotePosted{Text: "x"}})
	declared := encoded(t, &Event{Seq: 1, ID: "a", Incident: "INC-1", Time: t0, Actor: "alice", Data: Declared{Number: 1, Title: "x", Severity: Sev1}})
	for name, in := range map[string][]byte{
		"empty":                   nil,
		"future version":          future,
		"truncated envelope":      good[:5],
		"string longer than data": append(append([]byte{encodingVersion}, make([]byte, DigestSize)...), 7, 200, 'a'),
		"digest cut short":        good[:1+DigestSize/2],
		"v1 envelope truncated":   {unchainedEncoding, 7, 200, 'a'},
		"no sequence":             noSeq,
		"payload cut short":       good[:len(good)-3],
		"unknown kind":            []byte(strings.Replace(string(good), "note.posted", "note.poste?", 1)),
		"payload of another kind": append(declared[:len(declared)-len(`{"number":1,"title":"x","severity":1}`)], `{"number":"one"}`...),
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := DecodeEvent(in); ErrorCode(err) != CodeCorrupt {
				t.Errorf("err = %v, want corrupt", err)
			}
		})
	}
}

func BenchmarkDecodeEvent(b *testing.B) {
	raw := encoded(b, &Event{Seq: 12345, ID: NewEventID(), Incident: "INC-12", Time: t0, Actor: "alice", Data: NotePosted{Text: "rolled back the deploy; error rate is falling"}})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeEvent(raw); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzDecodeEvent(f *testing.F) {
	for _, e := range sampleEvents() {
		f.Add(encoded(f, e))
		f.Add(encodedV1(f, e))
	}
	// An incident with every part (ladder, roles, actions, pins) for
	// decoded events to land on.
	full := replay(f, warRules(), sampleEvents())
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeEvent(b)
		if err != nil {
			if ErrorCode(err) != CodeCorrupt {
				t.Fatalf("decode error with code %s: %v", ErrorCode(err), err)
			}
			return
		}
		again, err := EncodeEvent(e)
		if err != nil {
			t.Fatalf("decoded event does not encode: %v", err)
		}
		if _, err := DecodeEvent(again); err != nil {
			t.Fatalf("re-encoded event does not decode: %v", err)
		}
		// Applying a decoded event must fail cleanly or work, never panic.
		_, _ = Apply(&State{}, e)
		e.Seq = full.Seq + 1
		_, _ = Apply(full, e)
	})
}

// sampleEvents holds an event of every kind, with every field of its
// payload set somewhere, in an order a fold accepts.
func sampleEvents() []*Event {
	due := date(2026, 12, 1)
	payloads := []Payload{
		Declared{Number: 1, Title: "db", Severity: Sev2, Service: "payments", Commander: "alice", Ladder: &LadderSpec{Policy: "payments", Levels: []LadderLevel{
			{Targets: []string{"team:db"}, Users: []string{"carol", "dave"}, Timeout: 5 * time.Minute},
			{Targets: []string{"erin"}, Users: []string{"erin"}, Timeout: time.Hour},
		}}, Source: "alertmanager", AlertGroup: checkoutGroup, DetectedAt: t0.Add(-3 * time.Minute), Alerts: []Alert{errorRate, latency}},
		AlertsReceived{Source: "alertmanager", Alerts: []Alert{resolvedAt(errorRate, time.Minute), resolvedAt(latency, time.Minute)}},
		NotePosted{Text: "two\nlines"},
		SeverityChanged{From: Sev2, To: Sev1},
		StatusChanged{From: StatusTriage, To: StatusResolved},
		StatusChanged{From: StatusResolved, To: StatusMonitoring},
		RoleChanged{Role: RoleTechLead, Title: "Tech Lead", User: "bob"},
		RoleChanged{Role: RoleTechLead, User: "carol", Prev: "bob"},
		RoleChanged{Role: RoleTechLead, Prev: "carol"},
		HandoverOffered{To: "bob", Expires: t0.Add(5 * time.Minute), Replaces: "carol"},
		HandoverEnded{Outcome: HandoverDeclined, From: "alice", To: "bob"},
		Escalated{Level: 2, Auto: true, Users: []string{"erin"}},
		PageAcked{Level: 2},
		Delivered{Event: 3, Entry: 3, Target: "slack", Attempts: 5, Detail: "HTTP 500"},
		ActionAdded{N: 1, Title: "roll back", Owner: "bob", Due: due, Type: ActionFollowUp},
		ActionAdded{N: 2, Title: "scale up", Type: ActionMitigation},
		ActionChanged{N: 1, Field: "state", State: ActionDone},
		ActionChanged{N: 1, Field: "owner", Owner: "carol"},
		ActionChanged{N: 2, Field: "due", Due: due},
		ActionChanged{N: 2, Field: "due"},
		UpdatePosted{Text: "all clear", Status: StatusMonitoring, Severity: Sev1},
		EntryPinned{Seq: 2, Entry: 2, Pinned: true},
		EntryPinned{Seq: 2, Entry: 2},
		Attached{Name: "df.txt", Note: "disk", Content: "/dev/sda1 99%", Size: 13, Kept: 13,
			SHA256: "6b1f4f0a7c1e4e1c2a8a5d6b7f3e9c0d1a2b3c4d5e6f708192a3b4c5d6e7f809"},
		ReviewFieldSet{Field: ReviewRootCause, Text: "a retry storm", Check: "names bob"},
		ReviewPublished{From: 5, Markdown: "# INC-1\n"},
		ThemeSet{Theme: "okabe-ito"},
	}
	events := make([]*Event, len(payloads))
	for i, p := range payloads {
		incident := "INC-1"
		if p.Kind() == KindThemeSet {
			incident = ""
		}
		events[i] = &Event{Seq: uint64(i + 1), ID: NewEventID(), Incident: incident, Time: t0.Add(time.Duration(i) * time.Second), Actor: "alice", Data: p, Prev: &Digest{byte(i)}}
	}
	return events
}

func TestEveryKindRoundTrips(t *testing.T) {
	kinds := map[Kind]bool{}
	for _, e := range sampleEvents() {
		kinds[e.Kind()] = true
		got, err := DecodeEvent(encoded(t, e))
		if err != nil {
			t.Fatalf("decode %s: %v", e.Kind(), err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("round trip of %s = %+v\nwant %+v", e.Kind(), got.Data, e.Data)
		}
	}
	replay(t, warRules(), sampleEvents()) // the samples fold
	for _, k := range []Kind{
		KindDeclared, KindNote, KindSeverity, KindStatus, KindRole, KindHandoverOffered, KindHandoverEnded,
		KindEscalated, KindPageAcked, KindDelivered, KindActionAdded, KindActionChanged, KindUpdate, KindPin, KindThemeSet,
		KindAlertsReceived, KindAttached, KindReviewField, KindReviewPublished,
	} {
		if !kinds[k] {
			t.Errorf("no sample of %s", k)
		}
	}
}

// replay folds stored events into a new state under rules, as a server
// does at start.
func replay(t testing.TB, rules *Rules, events []*Event) *State {
	t.Helper()
	s := NewState(rules)
	for _, e := range events {
		d, err := DecodeEvent(encoded(t, e))
		if err != nil {
			t.Fatal(err)
		}
		if s, err = Apply(s, d); err != nil {
			t.Fatalf("replay %s: %v", d.Kind(), err)
		}
	}
	return s
}

// A whole incident run through every command, stored and replayed, gives
// the same State every time.
func TestReplayOfEveryCommandGivesTheSameState(t *testing.T) {
	inc := "INC-1"
	r := newRoom(t, warRules(), opened(
		step{by: bob, cmd: Declare{Title: "search slow", Severity: Sev3, Service: "payments"}},
		step{at: time.Minute, by: bob, cmd: PostNote{Incident: inc, Text: "LB 502s"}},
		step{by: alice, cmd: SetSeverity{Incident: inc, Severity: Sev1}},
		step{by: alice, cmd: SetStatus{Incident: inc, Status: StatusInvestigating}},
		step{by: alice, cmd: AssignRole{Incident: inc, Role: "comms", User: "carol"}},
		step{by: bob, cmd: TakeRole{Incident: inc, Role: "scribe"}},
		step{by: alice, cmd: UnassignRole{Incident: inc, Role: "scribe"}},
		step{at: 5 * time.Minute, by: System(), cmd: Escalate{Incident: inc, Auto: true, Level: 1}},
		step{by: carol, cmd: Acknowledge{Incident: inc}},
		step{by: alice, cmd: Escalate{Incident: inc}},
		step{by: System(), cmd: RecordDelivery{Incident: inc, Event: 11, Target: "slack", OK: true, Attempts: 2}},
		step{by: bob, cmd: AddAction{Incident: inc, Title: "roll back", Owner: "bob", Due: date(2026, 12, 1)}},
		step{by: bob, cmd: SetActionState{Incident: inc, N: 1, State: ActionDoing}},
		step{by: bob, cmd: AssignAction{Incident: inc, N: 1, Owner: "dave"}},
		step{by: bob, cmd: SetActionDue{Incident: inc, N: 1}},
		step{by: carol, cmd: PostUpdate{Incident: inc, Text: "We are rolling back."}},
		step{by: bob, cmd: Pin{Incident: inc, Entry: 3, Pinned: true}},
		step{by: alice, cmd: OfferHandover{Incident: inc, To: "bob"}},
		step{at: 20 * time.Minute, by: System(), cmd: LapseHandover{Incident: inc, Offer: 19}},
		step{by: alice, cmd: OfferHandover{Incident: inc, To: "dave"}},
		step{by: dave, cmd: AnswerHandover{Incident: inc, Accept: true}},
		step{by: dave, cmd: SetStatus{Incident: inc, Status: StatusResolved}},
		step{by: alice, cmd: SetTheme{Theme: "light"}},
		receive(30*time.Minute, errorRate, latency),
		receive(31*time.Minute, resolvedAt(errorRate, 31*time.Minute), latency),
	)...)
	want := renderState(t, r.s)
	for range 2 {
		s := replay(t, warRules(), r.events)
		if got := renderState(t, s); got != want {
			t.Fatalf("replay shows\n%s\nwant\n%s", got, want)
		}
		for n := 1; n <= 3; n++ {
			a, _ := r.s.Incident(IncidentID(n))
			b, _ := s.Incident(IncidentID(n))
			if !reflect.DeepEqual(a, b) {
				t.Errorf("replayed INC-%d = %+v\nwant %+v", n, b, a)
			}
		}
		if g, ok := s.IncidentForAlertGroup(checkoutGroup); !ok || g.ID != "INC-3" {
			t.Errorf("after a replay the checkout group's alerts go to %v (%t), want INC-3", g, ok)
		}
		if s.Prefs("alice") != r.s.Prefs("alice") || fmt.Sprint(numbersOf(s.Incidents())) != fmt.Sprint(numbersOf(r.s.Incidents())) {
			t.Errorf("replayed prefs or list differ")
		}
	}
}
