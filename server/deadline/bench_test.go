package deadline

import (
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

const benchIncidents = 5000

// commit decides cmd against s and applies it, as the store's writer does.
func commit(tb testing.TB, s *model.State, actor model.Actor, cmd model.Command, now time.Time) (*model.State, *model.Event) {
	e, err := model.Decide(s, actor, cmd, now)
	if err != nil {
		tb.Fatal(err)
	}
	e.Seq = s.Seq + 1
	next, err := model.Apply(s, e)
	if err != nil {
		tb.Fatal(err)
	}
	return next, e
}

// openIncidents is a state with n open incidents, each with a level
// waiting for an ack and an offer of IC waiting for an answer: two
// deadlines apiece, the most the schedule can hold.
func openIncidents(tb testing.TB, n int) *model.State {
	s := model.NewState(testRules())
	for i := range n {
		now := t0.Add(time.Duration(i) * time.Second)
		var declared *model.Event
		s, declared = commit(tb, s, ic, model.Declare{Title: "incident"}, now)
		s, _ = commit(tb, s, ic, model.OfferHandover{Incident: declared.Incident, To: "bob"}, now)
	}
	return s
}

// BenchmarkRecompute is the cost of taking in one update — an escalation
// on one of 5,000 open incidents, which moves its deadline — and finding
// the earliest deadline again.
func BenchmarkRecompute(b *testing.B) {
	s := openIncidents(b, benchIncidents)
	sc := newSchedule()
	sc.rebuild(s)
	// A run of updates with rising seqs, each escalating another incident.
	updates := make([]model.Update, 1000)
	for i := range updates {
		var e *model.Event
		s, e = commit(b, s, ic, model.Escalate{Incident: model.IncidentID(i + 1)}, t0.Add(time.Hour))
		updates[i] = model.Update{State: s, Events: []*model.Event{e}}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%len(updates) == 0 {
			sc.seq = 0 // take the run in again from its start
		}
		sc.update(updates[i%len(updates)])
		if _, ok := sc.next(); !ok {
			b.Fatal("no deadline")
		}
	}
}

// BenchmarkRebuild is the cost at start, and after a resync, of deriving
// every deadline of 5,000 open incidents.
func BenchmarkRebuild(b *testing.B) {
	s := openIncidents(b, benchIncidents)
	sc := newSchedule()
	b.ReportAllocs()
	for b.Loop() {
		sc.rebuild(s)
	}
	if len(sc.pending) != 2*benchIncidents {
		b.Fatalf("%d deadlines; want %d", len(sc.pending), 2*benchIncidents)
	}
}
