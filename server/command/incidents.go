package command

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/warroom/warroom/model"
)

// incidentJSON is the --json form of an incident. It is a contract with
// scripts: add fields, never rename or remove one.
type incidentJSON struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Severity    int       `json:"severity"` // 1 (critical) to 4
	Status      string    `json:"status"`
	Open        bool      `json:"open"`
	Service     string    `json:"service"`   // "" when none was named
	Commander   string    `json:"commander"` // "" while the role is vacant
	DeclaredBy  string    `json:"declared_by"`
	DeclaredAt  time.Time `json:"declared_at"`
	StatusSince time.Time `json:"status_since"`
	UpdatedAt   time.Time `json:"updated_at"`
	// The milestones, absent until reached: first acknowledged (a page
	// answered or the incident moved past triage), first mitigated
	// (monitoring), and resolved (cleared by a reopen).
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
	MitigatedAt    *time.Time `json:"mitigated_at,omitempty"`
	ResolvedAt     *time.Time `json:"resolved_at,omitempty"`
}

// milestone is t in UTC, or nil when it was never reached.
func milestone(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// runIncidents lists every incident, open ones first, in the order of the
// interactive list. The text form shows when each was declared rather
// than how long ago, so that the same state always prints the same lines.
func runIncidents(inv *invocation, rest string) error {
	fs := newFlags("incidents")
	asJSON := fs.Bool("json", false, "print a JSON array")
	args, err := parseFlags(fs, fields(rest))
	if err != nil {
		return err
	}
	if len(args) > 0 {
		return usagef("incidents takes no arguments, not %q", args[0])
	}
	incidents := inv.store.Snapshot().Incidents()
	if *asJSON {
		list := make([]incidentJSON, 0, len(incidents))
		for _, inc := range incidents {
			list = append(list, incidentJSON{
				ID: inc.ID, Title: inc.Title, Severity: int(inc.Severity),
				Status: string(inc.Status), Open: inc.Status.Open(),
				Service: inc.Service, Commander: model.Sanitize(inc.Commander(), false),
				DeclaredBy: model.Sanitize(inc.DeclaredBy, false), DeclaredAt: inc.DeclaredAt.UTC(),
				StatusSince: inc.StatusSince.UTC(), UpdatedAt: inc.UpdatedAt.UTC(),
				AcknowledgedAt: milestone(inc.AcknowledgedAt), MitigatedAt: milestone(inc.MitigatedAt),
				ResolvedAt: milestone(inc.ResolvedAt),
			})
		}
		return writeJSON(inv, list)
	}
	if len(incidents) == 0 {
		_, err := fmt.Fprintln(inv.out, "no incidents")
		return err
	}
	tw := tabwriter.NewWriter(inv.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEV\tSTATUS\tDECLARED\tIC\tSERVICE\tTITLE")
	for _, inc := range incidents {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", inc.ID, inc.Severity, inc.Status, formatTime(inc.DeclaredAt),
			orDash(model.Sanitize(inc.Commander(), false)), orDash(inc.Service), inc.Title)
	}
	return tw.Flush()
}

// writeJSON writes v as one line of JSON. HTML escaping is off: the
// reader is a terminal or a script, not a web page.
func writeJSON(inv *invocation, v any) error {
	enc := json.NewEncoder(inv.out)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// timeLayout is how text output shows times: UTC, to the second, readable
// and sortable as a string.
const timeLayout = "2006-01-02 15:04:05Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }
