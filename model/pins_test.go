package model

import (
	"maps"
	"testing"
)

// pinned checks the pinned entries, by seq.
func pinned(seqs ...uint64) func(*testing.T, *room) {
	return func(t *testing.T, r *room) {
		want := map[uint64]bool{}
		for _, s := range seqs {
			want[s] = true
		}
		if got := r.inc().Pinned; !maps.Equal(got, want) {
			t.Errorf("pinned = %v, want %v", got, want)
		}
	}
}

func TestPin(t *testing.T) {
	pin := func(entry int, on bool) Command { return Pin{Incident: "INC-1", Entry: entry, Pinned: on} }
	// INC-1's second entry is event 3: INC-2 was declared in between.
	twoIncidents := func(more ...step) []step {
		return opened(append([]step{
			{by: bob, cmd: Declare{Title: "other"}},
			{by: alice, cmd: PostNote{Incident: "INC-1", Text: "the LB drops half the requests"}},
		}, more...)...)
	}
	pinnedNote := twoIncidents(step{by: alice, cmd: pin(2, true)})
	runCases(t, warRules(), []decideCase{
		{name: "the declaration", setup: opened(), by: alice, cmd: pin(1, true),
			want: EntryPinned{Seq: 1, Entry: 1, Pinned: true}, text: "pinned entry 1", check: pinned(1)},
		{name: "an entry by its number, not its seq", setup: twoIncidents(), by: bob, cmd: pin(2, true),
			want: EntryPinned{Seq: 3, Entry: 2, Pinned: true}, text: "pinned entry 2", check: pinned(3)},
		{name: "a second one", setup: pinnedNote, by: alice, cmd: pin(1, true), check: pinned(1, 3)},
		{name: "unpinned", setup: pinnedNote, by: carol, cmd: pin(2, false),
			want: EntryPinned{Seq: 3, Entry: 2, Pinned: false}, text: "unpinned entry 2", check: pinned()},
		{name: "on a resolved incident", setup: opened(step{by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}}), by: bob, cmd: pin(2, true),
			text: "pinned entry 2"},

		{name: "already pinned", setup: pinnedNote, by: alice, cmd: pin(2, true),
			code: CodeConflict, msg: []string{"entry 2 is already pinned"}},
		{name: "not pinned", setup: opened(), by: alice, cmd: pin(1, false),
			code: CodeConflict, msg: []string{"entry 1 is not pinned"}},
		{name: "past the last entry", setup: opened(), by: alice, cmd: pin(2, true),
			code: CodeNotFound, msg: []string{"INC-1 has no entry 2 (it has 1)"}},
		{name: "entry 0", setup: opened(), by: alice, cmd: pin(0, true),
			code: CodeNotFound, msg: []string{"INC-1 has no entry 0"}},
		{name: "an observer", setup: opened(), by: observer, cmd: pin(1, true),
			code: CodeForbidden, msg: []string{"observer"}},
	})
}

func TestEntryNumber(t *testing.T) {
	r := newRoom(t, warRules(), opened(
		step{by: bob, cmd: Declare{Title: "other"}},
		step{by: alice, cmd: PostNote{Incident: "INC-1", Text: "n"}},
	)...)
	for seq, want := range map[uint64]int{1: 1, 2: 0, 3: 2, 4: 0} {
		if got := r.inc().EntryNumber(seq); got != want {
			t.Errorf("EntryNumber(%d) = %d, want %d", seq, got, want)
		}
	}
}
