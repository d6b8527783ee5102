package command

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
)

// reviewedStore holds INC-1, declared by alice (its IC) and noted by bob,
// whose root cause blames bob.
func reviewedStore(t *testing.T) *testStore {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "db down", Severity: model.Sev2, Service: "db"})
	dispatch(t, s, bob, model.PostNote{Incident: "INC-1", Text: "failing over"})
	r := run(t, s, carol, "review", "INC-1", "set", "rootcause", "human error: bob failed over the wrong node")
	if want := "INC-1: review: root cause set (blameless check: says \"human error\"; names bob)\n"; r.code != ExitOK || r.stdout != want {
		t.Fatalf("review set = %d %q %q; want %q", r.code, r.stdout, r.stderr, want)
	}
	return s
}

// headLine is the last line of a review: the event it was made from and
// that event's digest, which verify prints as the head while it is the
// newest event.
func headLine(t *testing.T, s *testStore, event uint64) string {
	t.Helper()
	v := run(t, s, olive, "verify")
	head := regexp.MustCompile(`head (sha256:[0-9a-f]{64})`).FindStringSubmatch(v.stdout)
	if head == nil {
		t.Fatalf("verify = %q", v.stdout)
	}
	return "Made from the record at event " + strconv.FormatUint(event, 10) + ", head " + head[1] + ".\n"
}

func TestReviewPrintsTheDraftWithItsWarningsAndDigest(t *testing.T) {
	s := reviewedStore(t)
	r := run(t, s, olive, "review", "inc-1")
	if r.code != ExitOK || r.stderr != "" {
		t.Fatalf("review = %d %q", r.code, r.stderr)
	}
	for _, want := range []string{
		"INC-1 db down: post-incident review\nDraft, from the record at event 3.\n",
		"ROOT CAUSE\n  human error: bob failed over the wrong node\n  ! blameless check: the root cause says \"human error\"",
		"  ! blameless check: the root cause names bob: a blameless review is about systems and decisions, not people\n",
		"SUMMARY\n  (Not written yet. What happened",
		"RECURRENCE\n  No similar past incident is on record",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("review lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.HasSuffix(r.stdout, "\n"+headLine(t, s, 3)) {
		t.Errorf("review does not end with the head digest:\n%s", r.stdout)
	}

	md := run(t, s, olive, "review", "INC-1", "--markdown")
	if md.code != ExitOK || !strings.HasPrefix(md.stdout, "# Post-incident review: INC-1 db down\n") ||
		!strings.Contains(md.stdout, "\n> **Blameless check:** the root cause names bob") ||
		!strings.HasSuffix(md.stdout, "\n"+headLine(t, s, 3)) {
		t.Errorf("review --markdown = %d %q\n%s", md.code, md.stderr, md.stdout)
	}
	if again := run(t, s, olive, "review", "INC-1", "--markdown"); again.stdout != md.stdout {
		t.Errorf("the same record printed two different reviews")
	}
}

func TestReviewJSON(t *testing.T) {
	s := reviewedStore(t)
	r := run(t, s, olive, "review", "--json", "INC-1")
	var got struct {
		Review struct {
			Incident string   `json:"incident"`
			Warnings []string `json:"warnings"`
			Sections []struct {
				Field string `json:"field"`
				Text  string `json:"text"`
			} `json:"sections"`
		} `json:"review"`
		From uint64 `json:"from"`
		Head string `json:"head"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != ExitOK {
		t.Fatalf("review --json = %d %q %v", r.code, r.stdout, err)
	}
	if got.Review.Incident != "INC-1" || got.From != 3 || len(got.Review.Warnings) != 2 || !strings.HasPrefix(got.Head, "sha256:") ||
		len(got.Review.Sections) != 12 || got.Review.Sections[8].Field != "root-cause" || !strings.HasPrefix(got.Review.Sections[8].Text, "human error") {
		t.Errorf("review --json = %+v", got)
	}
}

// Once published, review prints the frozen text, whatever happened since,
// with the digest of the event it was made from.
func TestReviewPrintsThePublishedReview(t *testing.T) {
	s := reviewedStore(t)
	if r := run(t, s, alice, "review", "INC-1", "publish"); r.code != ExitFailed || !strings.Contains(r.stderr, "INC-1 is triage; resolve it before publishing its review") {
		t.Errorf("publish while open = %d %q %q", r.code, r.stdout, r.stderr)
	}
	dispatch(t, s, alice, model.SetStatus{Incident: "INC-1", Status: model.StatusResolved})
	if r := run(t, s, bob, "review", "publish", "INC-1"); r.code != ExitFailed || !strings.Contains(r.stderr, "only the incident commander (alice) or an admin may publish the review") {
		t.Errorf("publish by bob = %d %q %q", r.code, r.stdout, r.stderr)
	}
	made := headLine(t, s, 4) // the record as it stood before the publishing
	if r := run(t, s, alice, "review", "INC-1", "publish"); r.code != ExitOK || r.stdout != "INC-1: published the post-incident review\n" {
		t.Fatalf("publish = %d %q %q", r.code, r.stdout, r.stderr)
	}
	frozen := s.Snapshot().Incidents()[0].Review.Published.Markdown
	dispatch(t, s, alice, model.AddAction{Incident: "INC-1", Title: "document the failover", Kind: model.ActionFollowUp})
	for _, args := range [][]string{{"review", "INC-1"}, {"review", "INC-1", "--markdown"}} {
		r := run(t, s, olive, args...)
		if r.code != ExitOK || r.stdout != frozen+"\n"+made {
			t.Errorf("%s = %d %q\n%s", strings.Join(args, " "), r.code, r.stderr, r.stdout)
		}
	}
	if !strings.Contains(frozen, "Published by alice on 2025-03-01 12:0") || strings.Contains(frozen, "document the failover") {
		t.Errorf("frozen review:\n%s", frozen)
	}
	if r := run(t, s, alice, "review", "INC-1", "set", "summary", "late"); r.code != ExitFailed || !strings.Contains(r.stderr, "the review is published; it cannot change") {
		t.Errorf("set after publishing = %d %q %q", r.code, r.stdout, r.stderr)
	}
}

func TestReviewRefusals(t *testing.T) {
	s := reviewedStore(t)
	tests := []struct {
		actor model.Actor
		args  []string
		code  int
		err   string
	}{
		{olive, []string{"review"}, ExitUsage, "review takes one incident"},
		{olive, []string{"review", "INC-1", "INC-2"}, ExitUsage, "review takes one incident"},
		{olive, []string{"review", "INC-1", "--pdf"}, ExitUsage, "flag provided but not defined: -pdf"},
		{olive, []string{"review", "INC-9"}, ExitFailed, "no incident INC-9"},
		{olive, []string{"review", "INC-1", "set", "summary", "x"}, ExitFailed, "observer"},
		{alice, []string{"review", "INC-1", "set", "blame", "x"}, ExitUsage, `no review field "blame"`},
		{alice, []string{"review", "INC-1", "set", "summary"}, ExitUsage, "needs text"},
	}
	for _, tc := range tests {
		before := seq(s)
		r := run(t, s, tc.actor, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.err) || seq(s) != before {
			t.Errorf("%s: %d %q %q; want %d saying %q", strings.Join(tc.args, " "), r.code, r.stdout, r.stderr, tc.code, tc.err)
		}
	}
}

// A review made from a record that fails verification is printed, and
// the command fails saying so.
func TestReviewOfATamperedRecordFails(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "db down"})
	dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: "failing over"})
	dispatch(t, s, alice, model.PostNote{Incident: "INC-1", Text: "done"})
	r := run(t, tamperedStore{s}, alice, "review", "INC-1")
	if r.code != ExitFailed || !strings.HasPrefix(r.stdout, "INC-1 db down") || !strings.HasSuffix(r.stdout, "Made from the record at event 3.\n") ||
		!strings.Contains(r.stderr, "fails verification: broken at event 2") {
		t.Errorf("review of a tampered record = %d %q\n%s", r.code, r.stderr, r.stdout)
	}
}

// A store that does not hand out its journal gives a review without a
// digest.
func TestReviewWithoutAJournal(t *testing.T) {
	s := reviewedStore(t)
	r := run(t, struct{ model.Store }{s}, olive, "review", "INC-1")
	if r.code != ExitOK || !strings.HasSuffix(r.stdout, "\nMade from the record at event 3.\n") {
		t.Errorf("review = %d %q\n%s", r.code, r.stderr, r.stdout)
	}
}
