package model

import (
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

func TestDecodeRefusesWhatItCannotRead(t *testing.T) {
	for name, in := range map[string]string{
		"not JSON":        "{",
		"future version":  `{"v":2,"seq":1,"id":"a","kind":"note.posted","data":{"text":"x"}}`,
		"unknown kind":    `{"v":1,"seq":1,"id":"a","kind":"mystery","data":{}}`,
		"no sequence":     `{"v":1,"id":"a","kind":"note.posted","data":{"text":"x"}}`,
		"payload of type": `{"v":1,"seq":1,"id":"a","kind":"note.posted","data":[1]}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := DecodeEvent([]byte(in)); ErrorCode(err) != CodeCorrupt {
				t.Errorf("err = %v, want corrupt", err)
			}
		})
	}
}

func FuzzDecodeEvent(f *testing.F) {
	f.Add([]byte(`{"v":1,"seq":1,"id":"a","inc":"INC-1","t":"2026-11-28T03:00:00Z","actor":"a","kind":"incident.declared","data":{"number":1,"title":"x","severity":1}}`))
	f.Add([]byte(`{"v":1,"seq":2,"id":"b","inc":"INC-1","kind":"note.posted","data":{"text":"x"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := DecodeEvent(b)
		if err != nil {
			if ErrorCode(err) != CodeCorrupt {
				t.Fatalf("decode error with code %s: %v", ErrorCode(err), err)
			}
			return
		}
		if _, err := EncodeEvent(e); err != nil {
			t.Fatalf("decoded event does not encode: %v", err)
		}
		// Applying a decoded event to an empty state must fail cleanly or work, never panic.
		_, _ = Apply(&State{}, e)
	})
}
