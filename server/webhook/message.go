// Package webhook delivers the war room's outbound messages — pages and
// stakeholder updates — to configured HTTP endpoints. Send never blocks:
// each target has its own bounded queue and worker, so a dead or slow
// endpoint delays only its own deliveries. Failed attempts are retried with
// backoff, and every delivery's outcome is reported through a callback so
// the caller can record it on the incident timeline.
//
// Every request is a POST with Content-Type application/json, User-Agent
// warroom and, when the message has a key, an Idempotency-Key header, so a
// receiver can discard the duplicates that retries may cause.
//
// The generic JSON body (format "json") always carries every field:
//
//	{
//	  "kind":     "page",                 // "page" or "update"
//	  "incident": "INC-3",
//	  "title":    "checkout down",
//	  "severity": "SEV1",
//	  "status":   "investigating",
//	  "service":  "payments",             // "" when the incident has none
//	  "level":    2,                      // escalation level; 0 for updates
//	  "users":    ["alice", "bob"],       // who is paged; [] for updates
//	  "text":     "",                     // the update, or why a page went out
//	  "by":       "carol",                // "" when automatic
//	  "at":       "2026-05-01T12:00:00Z", // RFC 3339, UTC
//	  "key":      "evt-42"                // also the Idempotency-Key header
//	}
//
// The Slack body (format "slack") is {"text": "..."}: one readable line for
// an incoming webhook, with & < > escaped as Slack's mrkdwn requires.
package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Kind says what a message announces.
type Kind string

const (
	KindPage   Kind = "page"   // an escalation level was paged
	KindUpdate Kind = "update" // a stakeholder update was posted
)

// Message is one announcement, sent to every target.
type Message struct {
	Kind     Kind
	Incident string // e.g. "INC-3"
	Title    string
	Severity string // e.g. "SEV1"
	Status   string
	Service  string
	Level    int      // escalation level paged; pages only
	Users    []string // who is paged; pages only
	Text     string   // the update's text, or the reason for a page
	By       string   // who escalated or posted; "" when automatic
	At       time.Time
	Key      string // idempotency key chosen by the caller, e.g. the event id
}

// Format is the shape of the body a target receives.
type Format string

const (
	FormatJSON  Format = "json"  // the generic object documented above
	FormatSlack Format = "slack" // a Slack-compatible {"text": ...}
)

// ParseFormat reads a format name from configuration. An empty name means
// the generic JSON form, as does "generic".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "json", "generic":
		return FormatJSON, nil
	case "slack":
		return FormatSlack, nil
	}
	return "", fmt.Errorf("unknown webhook format %q (want json or slack)", s)
}

// genericBody is the wire form of FormatJSON; its field names are a
// published contract, so they never change.
type genericBody struct {
	Kind     Kind     `json:"kind"`
	Incident string   `json:"incident"`
	Title    string   `json:"title"`
	Severity string   `json:"severity"`
	Status   string   `json:"status"`
	Service  string   `json:"service"`
	Level    int      `json:"level"`
	Users    []string `json:"users"`
	Text     string   `json:"text"`
	By       string   `json:"by"`
	At       string   `json:"at"`
	Key      string   `json:"key"`
}

type slackBody struct {
	Text string `json:"text"`
}

// encode renders m as the body for format; the zero Format is FormatJSON.
func encode(format Format, m Message) ([]byte, error) {
	if m.Kind != KindPage && m.Kind != KindUpdate {
		return nil, fmt.Errorf("unknown message kind %q", m.Kind)
	}
	switch format {
	case FormatJSON, "":
		users := m.Users
		if users == nil {
			users = []string{} // receivers get [] rather than null
		}
		return marshal(genericBody{
			Kind: m.Kind, Incident: m.Incident, Title: m.Title,
			Severity: m.Severity, Status: m.Status, Service: m.Service,
			Level: m.Level, Users: users, Text: m.Text, By: m.By,
			At: m.At.UTC().Format(time.RFC3339), Key: m.Key,
		})
	case FormatSlack:
		return marshal(slackBody{Text: slackText(m)})
	}
	return nil, fmt.Errorf("unknown format %q", format)
}

// marshal encodes without HTML escaping, so Slack's own &amp; entities
// reach it as written rather than as \u0026amp;.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode webhook body: %w", err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// slackText is the one line a Slack channel shows for m, e.g.
//
//	:rotating_light: INC-3 SEV1 "checkout down" — level 2 paged: alice, bob (escalated by carol)
//	INC-3 SEV1 update (identified): rolled back the deploy
func slackText(m Message) string {
	var line string
	if m.Kind == KindUpdate {
		line = fmt.Sprintf("%s %s update (%s): %s", m.Incident, m.Severity, m.Status, m.Text)
	} else {
		line = fmt.Sprintf(":rotating_light: %s %s %q — level %d paged: %s%s",
			m.Incident, m.Severity, m.Title, m.Level, pagedUsers(m.Users), pageCause(m.Level, m.By, m.Text))
	}
	return slackEscape(oneLine(line))
}

func pagedUsers(users []string) string {
	if len(users) == 0 {
		return "no one"
	}
	return strings.Join(users, ", ")
}

// pageCause says who escalated and why, when known: "(escalated by carol:
// db on fire)", "(escalated by carol)" or "(level 1 not acknowledged)".
func pageCause(level int, by, reason string) string {
	verb := "escalated"
	if level == 1 {
		verb = "declared" // level 1 is paged when the incident is declared
	}
	switch {
	case by != "" && reason != "":
		return fmt.Sprintf(" (%s by %s: %s)", verb, by, reason)
	case by != "":
		return fmt.Sprintf(" (%s by %s)", verb, by)
	case reason != "":
		return fmt.Sprintf(" (%s)", reason)
	}
	return ""
}

// oneLine keeps a multi-line update or title on the single line a
// notification shows.
var oneLine = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ", "\t", " ").Replace

// slackEscape escapes the three characters Slack's mrkdwn gives meaning to
// (links and mentions), so user text cannot ping @channel or forge a link.
var slackEscape = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace
