package deadline

import (
	"cmp"
	"slices"
	"time"

	"github.com/warroom/warroom/model"
)

// duty names what a deadline does to an incident; an incident has at most
// one pending of each.
type duty int

const (
	escalation duty = iota // page the next level of the ladder
	lapse                  // end an unanswered handover offer
)

// slot is where a deadline is kept: one per incident and duty.
type slot struct {
	incident string
	duty     duty
}

// task is a deadline: the moment the server acts on an incident by itself,
// and the command it sends then.
type task struct {
	at  time.Time
	cmd model.Command // model.Escalate or model.LapseHandover
	// sent marks a deadline already dispatched and answered for good: it
	// stays until the state moves past it, so that it is never sent twice.
	sent bool
	// notBefore puts off a deadline the store found not yet due.
	notBefore time.Time
}

// when is the moment the deadline is next tried.
func (d task) when() time.Time {
	if d.notBefore.After(d.at) {
		return d.notBefore
	}
	return d.at
}

// schedule holds every pending deadline of the open incidents. It is
// derived from the state alone, so rebuilding it after a restart finds the
// same deadlines the events imply.
//
// An update touches only the incidents its events name, and the earliest
// deadline is found by a scan: both stay well under a millisecond at
// thousands of incidents (BenchmarkRecompute), so no ordered index is kept.
type schedule struct {
	pending map[slot]task
	// seq is the newest state taken in. An update can carry an older one
	// than the snapshot read at start; it holds nothing new and is skipped,
	// so that a deadline never steps back to one already sent.
	seq uint64
}

func newSchedule() *schedule { return &schedule{pending: map[slot]task{}} }

// rebuild derives every deadline from s, keeping what was already sent.
func (sc *schedule) rebuild(s *model.State) {
	old := sc.pending
	sc.pending, sc.seq = make(map[slot]task, len(old)), s.Seq
	for _, inc := range s.Incidents() {
		sc.refreshFrom(inc, old)
	}
}

// update takes in one update from the store: a resync rebuilds, otherwise
// only the incidents its events touched are derived again.
func (sc *schedule) update(u model.Update) {
	switch {
	case u.State.Seq <= sc.seq:
		return
	case u.Resync:
		sc.rebuild(u.State)
		return
	}
	sc.seq = u.State.Seq
	for _, e := range u.Events {
		if inc, ok := u.State.Incident(e.Incident); ok {
			sc.refreshFrom(inc, sc.pending)
		}
	}
}

// refreshFrom replaces inc's deadlines with those its state implies, taking
// the sent mark and any putting off from old where the deadline is the
// same one.
func (sc *schedule) refreshFrom(inc *model.Incident, old map[slot]task) {
	want := deadlinesOf(inc)
	for i, next := range want {
		k := slot{inc.ID, duty(i)}
		if next.cmd == nil {
			delete(sc.pending, k)
			continue
		}
		if prev, ok := old[k]; ok && prev.cmd == next.cmd && prev.at.Equal(next.at) {
			next.sent, next.notBefore = prev.sent, prev.notBefore
		}
		sc.pending[k] = next
	}
}

// deadlinesOf is what inc's state says the server must do and when, by
// duty; a zero task means none. A resolved incident has none: its
// ladder and any offer wait until it is reopened.
func deadlinesOf(inc *model.Incident) (ds [2]task) {
	if !inc.Status.Open() {
		return ds
	}
	if at, ok := inc.Ladder.Deadline(); ok {
		ds[escalation] = task{at: at, cmd: model.Escalate{Incident: inc.ID, Auto: true, Level: inc.Ladder.Current().Level}}
	}
	if h := inc.Handover; h != nil {
		ds[lapse] = task{at: h.Expires, cmd: model.LapseHandover{Incident: inc.ID, Offer: h.Seq}}
	}
	return ds
}

// next returns when the earliest deadline not yet sent is to be tried.
func (sc *schedule) next() (at time.Time, ok bool) {
	for _, d := range sc.pending {
		if !d.sent && (!ok || d.when().Before(at)) {
			at, ok = d.when(), true
		}
	}
	return at, ok
}

// due returns the slots of the unsent deadlines to be tried by now,
// earliest first.
func (sc *schedule) due(now time.Time) []slot {
	var ks []slot
	for k, d := range sc.pending {
		if !d.sent && !now.Before(d.when()) {
			ks = append(ks, k)
		}
	}
	slices.SortFunc(ks, func(a, b slot) int {
		if c := sc.pending[a].at.Compare(sc.pending[b].at); c != 0 {
			return c
		}
		if c := cmp.Compare(a.incident, b.incident); c != 0 {
			return c
		}
		return cmp.Compare(a.duty, b.duty)
	})
	return ks
}

// markSent records that the deadline in k was dispatched.
func (sc *schedule) markSent(k slot) {
	d := sc.pending[k]
	d.sent = true
	sc.pending[k] = d
}

// putOff makes the deadline in k wait until at before it is tried again.
func (sc *schedule) putOff(k slot, at time.Time) {
	d := sc.pending[k]
	d.notBefore = at
	sc.pending[k] = d
}
