package model

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// scriptedReview is a whole incident, start to review: INC-1, a checkout
// outage a month ago that left a follow-up open, then INC-2, opened by
// monitoring four minutes after its alert started, worked and resolved,
// its review written by its responders. The times are minutes after t0.
func scriptedReview(t *testing.T) *room {
	t.Helper()
	inc, past := "INC-2", "INC-1"
	note := func(at time.Duration, by Actor, text string) step {
		return step{at: at, by: by, cmd: PostNote{Incident: inc, Text: text}}
	}
	write := func(by Actor, field, text string) step {
		return step{at: 3 * time.Hour, by: by, cmd: SetReviewField{Incident: inc, Field: field, Text: text}}
	}
	firing := Alert{
		Fingerprint: "c0ffee", Status: AlertFiring, StartsAt: t0.Add(30*24*time.Hour - 4*time.Minute), Name: "CheckoutErrorRate",
		Summary: "checkout 5xx above 5%", Labels: map[string]string{"alertname": "CheckoutErrorRate", "service": "checkout"},
	}
	cleared := firing
	cleared.Status, cleared.EndsAt = AlertResolved, t0.Add(30*24*time.Hour+19*time.Minute)
	day := 30 * 24 * time.Hour
	return newRoom(t, warRules(),
		step{by: carol, cmd: Declare{Title: "Checkout returns 502s after deploy", Severity: Sev2, Service: "checkout"}},
		step{at: time.Hour, by: carol, cmd: AddAction{Incident: past, Title: "Add a canary stage to checkout deploys", Owner: "dave", Due: DayOf(t0).AddDays(45), Kind: ActionFollowUp}},
		step{at: time.Hour, by: carol, cmd: SetStatus{Incident: past, Status: StatusResolved}},

		step{at: day, by: System(), cmd: ReceiveAlerts{Source: "alertmanager", GroupKey: "checkout-errors", Title: "CheckoutErrorRate: checkout 5xx above 5%", Severity: Sev2, Service: "checkout", Alerts: []Alert{firing}}},
		step{at: day + 2*time.Minute, by: alice, cmd: TakeRole{Incident: inc, Role: "ic"}},
		step{at: day + 3*time.Minute, by: bob, cmd: Acknowledge{Incident: inc}},
		step{at: day + 3*time.Minute, by: alice, cmd: SetStatus{Incident: inc, Status: StatusInvestigating}},
		note(day+6*time.Minute, bob, "The errors began with the 14:02 deploy of checkout v2.31."),
		step{at: day + 6*time.Minute, by: alice, cmd: Pin{Incident: inc, Entry: 5, Pinned: true}},
		step{at: day + 8*time.Minute, by: alice, cmd: SetSeverity{Incident: inc, Severity: Sev1}},
		step{at: day + 9*time.Minute, by: alice, cmd: SetStatus{Incident: inc, Status: StatusIdentified}},
		note(day+15*time.Minute, bob, "Rolled back to v2.30; the error rate is falling."),
		step{at: day + 15*time.Minute, by: alice, cmd: Pin{Incident: inc, Entry: 9, Pinned: true}},
		step{at: day + 16*time.Minute, by: alice, cmd: SetStatus{Incident: inc, Status: StatusMonitoring}},
		step{at: day + 19*time.Minute, by: System(), cmd: ReceiveAlerts{Source: "alertmanager", GroupKey: "checkout-errors", Alerts: []Alert{cleared}}},
		step{at: day + 45*time.Minute, by: alice, cmd: SetStatus{Incident: inc, Status: StatusResolved}},
		step{at: day + time.Hour, by: alice, cmd: AddAction{Incident: inc, Title: "Block deploys that fail the canary", Owner: "bob", Due: DayOf(t0).AddDays(44), Kind: ActionFollowUp}},
		step{at: day + time.Hour, by: alice, cmd: AddAction{Incident: inc, Title: "Alert on the checkout 5xx rate per region"}},
		step{at: day + time.Hour, by: bob, cmd: SetActionState{Incident: inc, N: 2, State: ActionDone}},

		write(alice, "summary", "For 16 minutes, 38% of checkout requests failed with a 502 after checkout v2.31 was deployed. Rolling back restored service."),
		write(bob, "lead-up", "Checkout v2.31 moved the payment client to a new connection pool. It was deployed to every region at once at 14:02."),
		write(bob, "fault", "The new pool held at most 8 connections per host, far below peak demand; requests waiting for a connection timed out at the load balancer as 502s."),
		write(alice, "impact", "38% of checkout requests failed for 16 minutes, in every region. About 4,100 customers saw an error page; none were charged twice."),
		write(alice, "detection", "The CheckoutErrorRate alert fired 4 minutes after the deploy and opened this incident. A canary would have caught it in 1 minute."),
		write(alice, "response", "The incident commander took the role 2 minutes after the incident opened. The deploy was suspected within 6 minutes, from the timing of the errors."),
		write(bob, "recovery", "Rolling back to v2.30 took 6 minutes; the error rate returned to normal 4 minutes later."),
		write(bob, "five-whys", "1. Why did checkout fail? Requests waited for a database connection and timed out.\n2. Why did they wait? The new pool allowed only 8 connections per host.\n3. Why so few? The default of the new library was kept.\n4. Why was it not caught? Load tests ran with one host and low traffic.\n5. Why did it reach every region? Deploys have no canary stage."),
		write(alice, "root-cause", "Deploys of checkout have no canary stage, so a change that fails under production load reaches every region at once."),
		write(alice, "lessons", "- Went well: the alert opened the incident before customers reported it.\n- Went badly: the canary stage from INC-1 was never built.\n- Lucky: the rollback path was recent and tested."),
	)
}

func TestReviewGoldenMarkdown(t *testing.T) {
	r := scriptedReview(t)
	inc, _ := r.s.Incident("INC-2")
	checkGolden(t, "review.golden.md", r.s.DraftReview(inc).Markdown())
	checkGolden(t, "review.golden.txt", r.s.DraftReview(inc).Text())

	// Publishing freezes that text, stamped.
	r.do(step{at: 30*24*time.Hour + 4*time.Hour, by: alice, cmd: PublishReview{Incident: "INC-2"}})
	inc, _ = r.s.Incident("INC-2")
	draft := r.s.DraftReview(inc)
	draft.From, draft.Stamp = inc.Review.Published.From, &ReviewStamp{By: "alice", Time: r.now}
	if got := inc.Review.Published.Markdown; got != draft.Markdown() {
		t.Errorf("published Markdown differs from the stamped draft:\n%s", got)
	}
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to write it): %v", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; run with -update and read the diff.\ngot:\n%s", name, got)
	}
	if strings.ContainsRune(got, 0x1b) {
		t.Errorf("%s holds an escape", name)
	}
}
