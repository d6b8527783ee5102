package model

import (
	"testing"
	"time"
)

func TestRecordDelivery(t *testing.T) {
	record := func(event uint64, target string, ok bool, attempts int, detail string) RecordDelivery {
		return RecordDelivery{Incident: "INC-1", Event: event, Target: target, OK: ok, Attempts: attempts, Detail: detail}
	}
	// INC-1's page to level 2 is event 3, its third entry.
	escalated := opened(step{by: bob, cmd: Declare{Title: "other"}}, escalate(time.Minute, alice))
	slackDone := opened(step{by: System(), cmd: record(1, "slack", true, 1, "")})
	runCases(t, warRules(), []decideCase{
		{name: "the declaration's page", setup: opened(), by: System(), cmd: record(1, "slack", true, 1, "HTTP 200"),
			want: Delivered{Event: 1, Entry: 1, Target: "slack", OK: true, Attempts: 1, Detail: "HTTP 200"}, text: "webhook slack: delivered entry 1 (HTTP 200)",
			check: func(t *testing.T, r *room) {
				inc := r.inc()
				if len(inc.Deliveries) != 1 || !inc.Delivered(1, "slack") || inc.Delivered(1, "pager") || inc.Delivered(2, "slack") {
					t.Errorf("deliveries = %+v", inc.Deliveries)
				}
			}},
		{name: "a failure after retries", setup: escalated, by: System(), cmd: record(3, "pager\x1b[2J", false, 5, "HTTP 503\n"),
			want: Delivered{Event: 3, Entry: 2, Target: "pager", OK: false, Attempts: 5, Detail: "HTTP 503"},
			text: "webhook pager: could not deliver entry 2 after 5 attempts (HTTP 503)"},
		{name: "the same event to another target", setup: slackDone, by: System(), cmd: record(1, "pager", true, 2, ""),
			text: "webhook pager: delivered entry 1 after 2 attempts",
			check: func(t *testing.T, r *room) {
				if inc := r.inc(); len(inc.Deliveries) != 2 || !inc.Delivered(1, "pager") || !inc.Delivered(1, "slack") {
					t.Errorf("deliveries = %+v", inc.Deliveries)
				}
			}},

		{name: "twice for one target", setup: slackDone, by: System(), cmd: record(1, "slack", false, 1, "timeout"),
			code: CodeConflict, msg: []string{"INC-1 entry 1 already has a delivery to slack recorded"}},
		{name: "an event of another incident", setup: escalated, by: System(), cmd: record(2, "slack", true, 1, ""),
			code: CodeNotFound, msg: []string{"INC-1 has no event 2"}},
		{name: "by a person", setup: opened(), by: alice, cmd: record(1, "slack", true, 1, ""),
			code: CodeForbidden, msg: []string{"only the server itself records webhook deliveries"}},
		{name: "by an admin", setup: opened(), by: admin, cmd: record(1, "slack", true, 1, ""),
			code: CodeForbidden, msg: []string{"only the server itself"}},
		{name: "by an observer", setup: opened(), by: observer, cmd: record(1, "slack", true, 1, ""),
			code: CodeForbidden, msg: []string{"observer"}},
	})
}
