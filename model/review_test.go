package model

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// resolved is the setup of the publishing rows: INC-1, declared by alice
// (its IC), resolved an hour later, then steps follow.
func resolved(steps ...step) []step {
	return opened(append([]step{{at: time.Hour, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}}}, steps...)...)
}

func TestSetReviewField(t *testing.T) {
	set := func(field, text string) SetReviewField {
		return SetReviewField{Incident: "INC-1", Field: field, Text: text}
	}
	published := resolved(step{by: alice, cmd: PublishReview{Incident: "INC-1"}})
	runCases(t, warRules(), []decideCase{
		{name: "by any responder, while the incident is open", setup: opened(), by: bob, cmd: set("summary", "Checkout failed for 40 minutes."),
			want: ReviewFieldSet{Field: ReviewSummary, Text: "Checkout failed for 40 minutes."}, text: "review: summary set",
			check: func(t *testing.T, r *room) {
				if got := r.inc().Review.Fields[ReviewSummary]; got != "Checkout failed for 40 minutes." {
					t.Errorf("summary = %q", got)
				}
			}},
		{name: "an alias, in any case", setup: opened(), by: alice, cmd: set("RootCause", "a config push skipped the canary"),
			want: ReviewFieldSet{Field: ReviewRootCause, Text: "a config push skipped the canary"}, text: "review: root cause set"},
		{name: "five whys as 5whys", setup: opened(), by: alice, cmd: set("5whys", "1. why?"), want: ReviewFieldSet{Field: ReviewFiveWhys, Text: "1. why?"}},
		{name: "lessons-learned", setup: opened(), by: alice, cmd: set("lessons-learned", "x"), want: ReviewFieldSet{Field: ReviewLessons, Text: "x"}},
		{name: "multi-line text, sanitised", setup: opened(), by: alice, cmd: set("five-whys", " 1. why\r\n2. why\x1b[31m \x07"),
			want: ReviewFieldSet{Field: ReviewFiveWhys, Text: "1. why\n2. why"}},
		{name: "rewritten by someone else", setup: opened(step{by: bob, cmd: set("impact", "some")}), by: carol, cmd: set("impact", "all EU customers"),
			check: func(t *testing.T, r *room) {
				if got := r.inc().Review.Fields[ReviewImpact]; got != "all EU customers" {
					t.Errorf("impact = %q", got)
				}
			}},
		{name: "4 KiB exactly", setup: opened(), by: alice, cmd: set("lessons", strings.Repeat("a", MaxNoteBytes))},
		{name: "a root cause that blames", setup: opened(step{by: bob, cmd: PostNote{Incident: "INC-1", Text: "on it"}}), by: alice,
			cmd:  set("root-cause", "Human error: Bob pushed the wrong config."),
			want: ReviewFieldSet{Field: ReviewRootCause, Text: "Human error: Bob pushed the wrong config.", Check: `says "human error"; names bob`},
			text: `review: root cause set (blameless check: says "human error"; names bob)`},

		{name: "over 4 KiB", setup: opened(), by: alice, cmd: set("lessons", strings.Repeat("a", MaxNoteBytes+1)),
			code: CodeInvalid, msg: []string{"the lessons learned is 4097 bytes; the limit is 4096"}},
		{name: "empty", setup: opened(), by: alice, cmd: set("summary", " \n\x1b[2J "), code: CodeInvalid, msg: []string{"the summary is empty"}},
		{name: "an unknown field", setup: opened(), by: alice, cmd: set("blame\x1b]0;x\x07", "bob"),
			code: CodeInvalid, msg: []string{`no review field "blame"`, "summary, lead-up, fault"}},
		{name: "the same text again", setup: opened(step{by: bob, cmd: set("impact", "all")}), by: carol, cmd: set("impact", "all"),
			code: CodeConflict, msg: []string{"the impact already says that"}},
		{name: "by an observer", setup: opened(), by: observer, cmd: set("summary", "x"), code: CodeForbidden, msg: []string{"observer"}},
		{name: "an unknown incident", setup: opened(), by: alice, cmd: SetReviewField{Incident: "INC-4", Field: "summary", Text: "x"},
			code: CodeNotFound, msg: []string{"no incident INC-4"}},
		{name: "once published", setup: published, by: alice, cmd: set("summary", "late"),
			code: CodeConflict, msg: []string{"the review is published; it cannot change"}},
	})
}

func TestPublishReview(t *testing.T) {
	publish := PublishReview{Incident: "INC-1"}
	frozen := func(t *testing.T, r *room) {
		inc := r.inc()
		p := inc.Review.Published
		if p == nil || p.Seq != r.s.Seq || p.From != r.s.Seq-1 || !p.Time.Equal(r.now) {
			t.Fatalf("published = %+v; want it frozen by the last event, from the one before", p)
		}
		if !strings.HasPrefix(p.Markdown, "# Post-incident review: INC-1 checkout down\n\nPublished by "+p.By+" on ") ||
			!strings.Contains(p.Markdown, "Summary\n\nThe checkout page failed.") {
			t.Errorf("frozen Markdown =\n%s", p.Markdown)
		}
	}
	written := resolved(step{by: bob, cmd: SetReviewField{Incident: "INC-1", Field: "summary", Text: "The checkout page failed."}})
	runCases(t, warRules(), []decideCase{
		{name: "by the IC", setup: written, by: alice, cmd: publish, text: "published the post-incident review", check: frozen},
		{name: "by an admin", setup: written, by: admin, cmd: publish, check: frozen},
		{name: "by anyone while IC is vacant", setup: append(written, step{by: alice, cmd: UnassignRole{Incident: "INC-1", Role: "ic"}}), by: bob, cmd: publish, check: frozen},

		{name: "by another responder", setup: written, by: bob, cmd: publish,
			code: CodeForbidden, msg: []string{"only the incident commander (alice) or an admin may publish the review"}},
		{name: "by an observer", setup: written, by: observer, cmd: publish, code: CodeForbidden, msg: []string{"observer"}},
		{name: "of an open incident", setup: opened(), by: alice, cmd: publish,
			code: CodeConflict, msg: []string{"INC-1 is triage; resolve it before publishing its review"}},
		{name: "twice", setup: append(written, step{by: alice, cmd: publish}), by: alice, cmd: publish,
			code: CodeConflict, msg: []string{"the review is published; it cannot change"}},
	})
}

// A published review survives a restart exactly, and a reopened incident
// keeps it frozen.
func TestPublishedReviewReplays(t *testing.T) {
	r := newRoom(t, warRules(), resolved()...)
	if _, err := r.try(step{by: bob, cmd: SetReviewField{Incident: "INC-1", Field: "root cause", Text: "x"}}); err == nil {
		t.Fatal(`"root cause" with a space was taken as a field`)
	}
	r.do(step{by: bob, cmd: SetReviewField{Incident: "INC-1", Field: "root-cause", Text: "a config push skipped the canary"}})
	r.do(step{by: alice, cmd: PublishReview{Incident: "INC-1"}})
	before := r.inc().Review
	r.restart()
	if after := r.inc().Review; !reflect.DeepEqual(after, before) {
		t.Errorf("after a restart the review is %+v, want %+v", after, before)
	}
	r.do(step{by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusInvestigating}})
	_, err := r.try(step{by: alice, cmd: SetReviewField{Incident: "INC-1", Field: "summary", Text: "more"}})
	checkRefusal(t, err, CodeConflict, "the review is published")
}

func TestBlamelessWarnings(t *testing.T) {
	r := newRoom(t, warRules(), opened(step{by: bob, cmd: PostNote{Incident: "INC-1", Text: "looking"}})...)
	openMode := NewState(nil).Rules() // no users file: only the timeline's actors are names
	tests := []struct {
		name      string
		rules     *Rules
		rootCause string
		want      []string
	}{
		{"no root cause yet", warRules(), "", nil},
		{"conditions, not people", warRules(), "The deploy pipeline let a config skip the canary.", nil},
		{"human error", warRules(), "Human error during the deploy.", []string{`says "human error"`}},
		{"operator error and a mistake by", warRules(), "Operator error, a mistake by the on-call.", []string{`says "operator error"`, `says "mistake by"`}},
		{"user error", warRules(), "user error", []string{`says "user error"`}},
		{"a user of the server", warRules(), "Dave's script deleted the index.", []string{"names dave"}},
		{"an @mention", warRules(), "carried out by @erin.", []string{"names erin"}},
		{"an actor of the timeline without a users file", openMode, "bob ran it", []string{"names bob"}},
		{"a user outside the timeline without a users file", openMode, "dave ran it", nil},
		{"a name inside a word", warRules(), "the bobcat cluster and alicea", nil},
		{"several names, sorted, once", warRules(), "carol, alice and Carol", []string{"names alice, carol"}},
		{"the server itself", warRules(), "warroom paged late", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rev := Review{Fields: map[ReviewField]string{ReviewRootCause: tc.rootCause}}
			warnings := rev.Warnings(r.inc(), tc.rules)
			if len(warnings) != len(tc.want) {
				t.Fatalf("warnings = %q, want %d of them", warnings, len(tc.want))
			}
			for i, w := range tc.want {
				finding := strings.TrimPrefix(strings.TrimPrefix(w, "says "), "names ")
				if !strings.Contains(warnings[i], finding) {
					t.Errorf("warning %d = %q, want it to mention %s", i, warnings[i], finding)
				}
			}
			if got := blamelessFindings(tc.rootCause, reviewNames(r.inc(), tc.rules)); strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
				t.Errorf("findings = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReviewDurations(t *testing.T) {
	r := newRoom(t, warRules(), opened()...)
	durations := func() map[string]string {
		m := map[string]string{}
		for _, d := range r.s.DraftReview(r.inc()).Durations {
			m[d.Name] = d.span()
		}
		return m
	}
	want := map[string]string{"Time to detect": "unknown", "Time to acknowledge": "unknown", "Time to mitigate": "unknown", "Time to resolve": "unknown"}
	if got := durations(); !reflect.DeepEqual(got, want) {
		t.Errorf("at the declaration, durations = %v, want %v", got, want)
	}
	r.do(step{at: 4*time.Minute + 30*time.Second, by: bob, cmd: Acknowledge{Incident: "INC-1"}})
	r.do(step{at: 72 * time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusMonitoring}})
	r.do(step{at: 26*time.Hour + 5*time.Minute, by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}})
	want = map[string]string{"Time to detect": "unknown", "Time to acknowledge": "4m 30s", "Time to mitigate": "1h 12m", "Time to resolve": "1d 2h"}
	if got := durations(); !reflect.DeepEqual(got, want) {
		t.Errorf("after resolving, durations = %v, want %v", got, want)
	}
}

func TestFormatSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0s", 45 * time.Second: "45s", 4*time.Minute + 30*time.Second: "4m 30s", time.Hour: "1h",
		time.Hour + 59*time.Second: "1h", 49 * time.Hour: "2d 1h", 1500 * time.Millisecond: "1s",
	} {
		if got := formatSpan(d); got != want {
			t.Errorf("formatSpan(%v) = %q, want %q", d, got, want)
		}
	}
}
