package model

import (
	"strings"
	"testing"
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
		if got.Seq != e.Seq || got.ID != e.ID || got.Incident != e.Incident || !got.Time.Equal(e.Time) || got.Actor != e.Actor || got.Data != e.Data {
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
		"string longer than data": {encodingVersion, 7, 200, 'a'},
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
	f.Add(encoded(f, &Event{Seq: 1, ID: "a", Incident: "INC-1", Time: t0, Actor: "a", Data: Declared{Number: 1, Title: "x", Severity: Sev1}}))
	f.Add(encoded(f, &Event{Seq: 2, ID: "b", Incident: "INC-1", Time: t0, Actor: "a", Data: NotePosted{Text: "x\ny"}}))
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
		// Applying a decoded event to an empty state must fail cleanly or work, never panic.
		_, _ = Apply(&State{}, e)
	})
}
