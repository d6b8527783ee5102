package webhook_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/warroom/warroom/server/webhook"
)

// delivered sends m to one target of format and returns the decoded body
// the endpoint received.
func delivered(t *testing.T, format webhook.Format, m webhook.Message) map[string]any {
	t.Helper()
	checkNoLeaks(t)
	url, got := endpoint(t, 200)
	s, results := newSender(t, []webhook.Target{{URL: url, Format: format}}, webhook.Options{})
	s.Send(m)
	req := nextRequest(t, got)
	if r := nextResult(t, results); !r.OK {
		t.Fatalf("delivery failed: %+v", r)
	}
	var body map[string]any
	if err := json.Unmarshal(req.body, &body); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, req.body)
	}
	return body
}

func TestGenericBodyOfAPage(t *testing.T) {
	got := delivered(t, webhook.FormatJSON, page())
	want := map[string]any{
		"kind": "page", "incident": "INC-3", "title": "checkout down",
		"severity": "SEV1", "status": "investigating", "service": "payments",
		"level": 2.0, "users": []any{"alice", "bob"}, "text": "", "by": "carol",
		"at": "2026-05-01T12:00:00Z", "key": "evt-42",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("body:\n got %v\nwant %v", got, want)
	}
}

func TestGenericBodyOfAnUpdateHasEveryField(t *testing.T) {
	m := webhook.Message{
		Kind: webhook.KindUpdate, Incident: "INC-3", Title: "checkout down",
		Severity: "SEV2", Status: "identified", Text: "rolled back", By: "dana",
		At: page().At, Key: "evt-43",
	}
	got := delivered(t, "", m) // the zero Format is the generic one
	want := map[string]any{
		"kind": "update", "incident": "INC-3", "title": "checkout down",
		"severity": "SEV2", "status": "identified", "service": "",
		"level": 0.0, "users": []any{}, "text": "rolled back", "by": "dana",
		"at": "2026-05-01T12:00:00Z", "key": "evt-43",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("body:\n got %v\nwant %v", got, want)
	}
}

func TestSlackText(t *testing.T) {
	automatic := page()
	automatic.By, automatic.Text, automatic.Level, automatic.Users = "", "level 1 not acknowledged in 5m", 2, []string{"dbteam"}
	withReason := page()
	withReason.Text = "db on fire"
	nobody := page()
	nobody.Users, nobody.By = nil, ""
	update := webhook.Message{Kind: webhook.KindUpdate, Incident: "INC-3", Severity: "SEV1",
		Status: "identified", Text: "rolled back the deploy", By: "dana"}
	escaped := page()
	escaped.Title, escaped.By = "<!channel> cart & checkout >_<", "<@U123>"
	multiline := update
	multiline.Text = "first line\nsecond line\r\nthird"

	tests := []struct {
		name string
		m    webhook.Message
		want string
	}{
		{"page by a person", page(),
			`:rotating_light: INC-3 SEV1 "checkout down" — level 2 paged: alice, bob (escalated by carol)`},
		{"page by the clock", automatic,
			`:rotating_light: INC-3 SEV1 "checkout down" — level 2 paged: dbteam (level 1 not acknowledged in 5m)`},
		{"page with a reason", withReason,
			`:rotating_light: INC-3 SEV1 "checkout down" — level 2 paged: alice, bob (escalated by carol: db on fire)`},
		{"page of no one", nobody,
			`:rotating_light: INC-3 SEV1 "checkout down" — level 2 paged: no one`},
		{"update", update, `INC-3 SEV1 update (identified): rolled back the deploy`},
		{"mrkdwn escaped", escaped,
			`:rotating_light: INC-3 SEV1 "&lt;!channel&gt; cart &amp; checkout &gt;_&lt;" — level 2 paged: alice, bob (escalated by &lt;@U123&gt;)`},
		{"one line", multiline, `INC-3 SEV1 update (identified): first line second line third`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := delivered(t, webhook.FormatSlack, tt.m)
			if want := map[string]any{"text": tt.want}; !reflect.DeepEqual(got, want) {
				t.Errorf("body:\n got %q\nwant %q", got, want)
			}
		})
	}
}

func TestUnknownKindFailsWithoutRequest(t *testing.T) {
	checkNoLeaks(t)
	url, got := endpoint(t, 200)
	s, results := newSender(t, []webhook.Target{{URL: url}}, webhook.Options{})
	s.Send(webhook.Message{Kind: "poke", Incident: "INC-3"})
	r := nextResult(t, results)
	if r.OK || r.Attempts != 0 || !strings.Contains(r.Err, `unknown message kind "poke"`) {
		t.Errorf("result = %+v, want a failure before any attempt", r)
	}
	if len(got) != 0 {
		t.Errorf("endpoint received %d requests, want none", len(got))
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    webhook.Format
		wantErr bool
	}{
		{"json", webhook.FormatJSON, false},
		{"generic", webhook.FormatJSON, false},
		{"", webhook.FormatJSON, false},
		{"Slack", webhook.FormatSlack, false},
		{" slack ", webhook.FormatSlack, false},
		{"teams", "", true},
	}
	for _, tt := range tests {
		got, err := webhook.ParseFormat(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}
