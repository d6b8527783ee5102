package model

import (
	"slices"
	"sync/atomic"
)

// chunkSize is how many incidents share one chunk of the index. Changing
// an incident copies its chunk, plus the list of chunk pointers when the
// chunk is full, so an event costs O(chunkSize + incidents/chunkSize).
const chunkSize = 64

// incidentIndex maps incident numbers to incidents. It is copy-on-write:
// every State holds its own value and never sees a change made for a later
// State. Incidents fill chunks in number order. Full chunks never change (a
// change copies one); the newest incidents, where most events land, sit in
// a partial tail that a change copies without touching the full ones.
type incidentIndex struct {
	full []*[chunkSize]*Incident
	// tail holds the incidents after the full chunks, fewer than
	// chunkSize.
	tail []*Incident
	// claimed counts the slots of tail's array that some index has
	// filled; every index sharing the array shares it (see appended). It
	// is nil when tail is a copy nobody may append to in place.
	claimed *atomic.Int32
}

func (x incidentIndex) len() int { return len(x.full)*chunkSize + len(x.tail) }

// at returns incident n, for 1 <= n <= x.len().
func (x incidentIndex) at(n int) *Incident {
	c, i := (n-1)/chunkSize, (n-1)%chunkSize
	if c < len(x.full) {
		return x.full[c][i]
	}
	return x.tail[i]
}

// replaced returns x with incident inc.Number (which x holds) replaced by
// inc, copying only the chunk or tail that holds it.
func (x incidentIndex) replaced(inc *Incident) incidentIndex {
	c, i := (inc.Number-1)/chunkSize, (inc.Number-1)%chunkSize
	if c < len(x.full) {
		chunk := *x.full[c]
		chunk[i] = inc
		x.full = slices.Clone(x.full)
		x.full[c] = &chunk
		return x
	}
	x.tail, x.claimed = slices.Clone(x.tail), nil
	x.tail[i] = inc
	return x
}

// appended returns x with inc added as incident x.len()+1.
//
// Like a timeline, the tail grows in place, past the length any earlier
// State can see: earlier indexes never read the new slot. That alone would
// not do when two indexes grow from the same one (the store decides again
// from a published State after a failed commit): both would write the same
// slot. So an index appends in place only after claiming the slot with a
// compare-and-swap on claimed; one that cannot copies the tail first.
func (x incidentIndex) appended(inc *Incident) incidentIndex {
	k := len(x.tail)
	if x.claimed == nil || !x.claimed.CompareAndSwap(int32(k), int32(k+1)) {
		tail := make([]*Incident, k, chunkSize)
		copy(tail, x.tail)
		x.tail, x.claimed = tail, new(atomic.Int32)
		x.claimed.Store(int32(k + 1))
	}
	x.tail = append(x.tail, inc) // in place: the array has chunkSize slots
	if len(x.tail) == chunkSize {
		// The array is full and all claimed, so it never changes again
		// and becomes a full chunk as it is. The list of chunks is
		// clipped so that append copies it: the spare capacity of a
		// shared slice is not this index's to write.
		x.full = append(slices.Clip(x.full), (*[chunkSize]*Incident)(x.tail))
		x.tail, x.claimed = nil, nil
	}
	return x
}
