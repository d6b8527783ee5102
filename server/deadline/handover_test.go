package deadline

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

// offerToBob acknowledges the page, so that only the offer has a deadline,
// and offers IC to bob a minute in.
func offerToBob(e *env, id string) model.Handover {
	e.t.Helper()
	e.dispatch(alice, model.Acknowledge{Incident: id})
	e.clock.set(t0.Add(time.Minute))
	e.dispatch(ic, model.OfferHandover{Incident: id, To: "bob"})
	return *e.incident(id).Handover
}

func TestUnansweredHandoverLapsesAtItsExpiryOnce(t *testing.T) {
	e := newEnv(t)
	id := e.declare("checkout is down")
	expires := offerToBob(e, id).Expires
	e.waitScheduled(expires)

	e.clock.set(expires.Add(-time.Nanosecond))
	if !e.clock.waitingFor(expires) || e.incident(id).Handover == nil {
		t.Fatal("the offer lapsed before it expired")
	}
	e.clock.set(expires)
	e.waitUntil("the offer lapsing", func(s *model.State) bool {
		inc, _ := s.Incident(id)
		return inc.Handover == nil
	})
	e.settle()

	inc := e.incident(id)
	last := inc.Timeline[len(inc.Timeline)-1]
	if last.Kind != model.KindHandoverEnded || last.Actor != model.SystemActor || !last.Time.Equal(expires) || !strings.Contains(last.Text, "lapsed") {
		t.Fatalf("last entry = %+v; want the server recording the lapse at %s", last, expires)
	}
	if n := e.entries(id, model.KindHandoverEnded); n != 1 {
		t.Fatalf("%d handover endings on the timeline; want 1", n)
	}
	if inc.Commander() != "ic" {
		t.Fatalf("commander = %q after a lapse; want ic still", inc.Commander())
	}
}

func TestAcceptedHandoverNeverLapses(t *testing.T) {
	e := newEnv(t)
	id := e.declare("checkout is down")
	offer := offerToBob(e, id)
	e.waitScheduled(offer.Expires)

	e.clock.set(offer.Expires.Add(-time.Second))
	e.dispatch(bob, model.AnswerHandover{Incident: id, Accept: true})
	e.passTime(time.Hour)

	if n := e.entries(id, model.KindHandoverEnded); n != 1 {
		t.Fatalf("%d handover endings on the timeline; want 1, the acceptance", n)
	}
	if c := e.incident(id).Commander(); c != "bob" {
		t.Fatalf("commander = %q; want bob, who accepted", c)
	}
	if n := e.store.timesSent(model.LapseHandover{Incident: id, Offer: offer.Seq}); n != 0 {
		t.Fatalf("Run sent the lapse of an accepted offer %d times", n)
	}
}

// An offer the store finds not yet expired, its clock behind Run's, still
// lapses once the store's clock reaches its expiry.
func TestHandoverRefusedAsEarlyLapsesWhenDue(t *testing.T) {
	const lag = 2 * time.Second
	e := startBehind(t, newFakeClock(), lag, filepath.Join(t.TempDir(), "journal.db"))
	id := e.declare("checkout is down")
	offer := offerToBob(e, id)
	e.waitScheduled(offer.Expires)

	e.clock.set(offer.Expires)
	e.waitScheduled(offer.Expires.Add(lag))
	if e.incident(id).Handover == nil {
		t.Fatal("the offer lapsed before the store's clock reached its expiry")
	}
	e.clock.set(offer.Expires.Add(lag))
	e.waitUntil("the offer lapsing", func(s *model.State) bool {
		inc, _ := s.Incident(id)
		return inc.Handover == nil
	})
	if n := e.entries(id, model.KindHandoverEnded); n != 1 {
		t.Fatalf("%d handover endings on the timeline; want 1", n)
	}
}
