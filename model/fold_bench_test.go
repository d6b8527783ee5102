package model

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkFold measures a replay's projection cost: one op folds 100,000
// events from an empty State. The events are decoded from their stored
// form beforehand, as a journal replay hands them over, so only Apply is
// timed. The cost per event should not grow with the number of incidents.
func BenchmarkFold(b *testing.B) {
	const events = 100_000
	for _, incidents := range []int{1, 5_000} {
		b.Run(fmt.Sprintf("incidents=%d", incidents), func(b *testing.B) {
			journal := foldJournal(b, events, incidents)
			b.ReportAllocs()
			for b.Loop() {
				s := &State{}
				for _, e := range journal {
					next, err := Apply(s, e)
					if err != nil {
						b.Fatal(err)
					}
					s = next
				}
			}
		})
	}
}

// foldJournal returns n decoded events: declarations of the given number
// of incidents, then notes spread round-robin across them.
func foldJournal(tb testing.TB, n, incidents int) []*Event {
	tb.Helper()
	out := make([]*Event, 0, n)
	for seq := 1; seq <= n; seq++ {
		e := &Event{Seq: uint64(seq), ID: NewEventID(), Time: t0.Add(time.Duration(seq) * time.Second), Actor: "alice"}
		if seq <= incidents {
			e.Incident = IncidentID(seq)
			e.Data = Declared{Number: seq, Title: fmt.Sprint("incident ", seq), Severity: Severity(seq%4 + 1)}
		} else {
			e.Incident = IncidentID(seq%incidents + 1)
			e.Data = NotePosted{Text: fmt.Sprint("note ", seq)}
		}
		decoded, err := DecodeEvent(encoded(tb, e))
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, decoded)
	}
	return out
}
