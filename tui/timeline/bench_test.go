package timeline

import (
	"fmt"
	"testing"

	"github.com/warroom/warroom/model"
)

func BenchmarkView(b *testing.B) {
	for _, n := range []int{100, 100_000} {
		entries := notes(n)
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			m := newTimeline(120, 40, entries)
			for i := 0; b.Loop(); i++ {
				m.SetSize(120+i%2, 40) // a new width re-renders every visible entry
				m.View()
			}
		})
	}
}

// BenchmarkFilteredView measures a frame of a timeline filtered to notes
// after a note arrives. Only the new entry is checked against the filter,
// so the cost must not grow with the history.
func BenchmarkFilteredView(b *testing.B) {
	entries := history(100_000)
	m := newTimeline(120, 40, entries)
	m.SetFilter(Notes)
	m.View()
	b.ReportAllocs()
	for b.Loop() {
		last := entries[len(entries)-1]
		entries = append(entries, model.Entry{
			Seq: last.Seq + 1, Time: last.Time, Actor: "carol", Kind: model.KindNote, Text: "one more",
		})
		m.SetEntries(entries)
		m.View()
	}
}
