package command

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/warroom/warroom/model"
)

// followupJSON is the --json form of an open follow-up. It is a contract
// with scripts: add fields, never rename or remove one.
type followupJSON struct {
	Incident string    `json:"incident"`
	N        int       `json:"n"` // the action's number on its incident
	Title    string    `json:"title"`
	Owner    string    `json:"owner"` // "" when nobody owns it
	Due      model.Day `json:"due"`   // "2026-12-01", or "" when none
	Overdue  bool      `json:"overdue"`
	State    string    `json:"state"` // open or doing
}

// runFollowups lists the open follow-up actions of every incident, the
// work left after incidents: soonest due first, those without a due day
// last. "mine" keeps the invoking user's own. Overdue is by the store's
// clock.
func runFollowups(inv *invocation, rest string) error {
	fs := newFlags("followups")
	asJSON := fs.Bool("json", false, "print a JSON array")
	args, err := parseFlags(fs, fields(rest))
	if err != nil {
		return err
	}
	owner := ""
	switch {
	case len(args) == 1 && strings.EqualFold(args[0], "mine"):
		owner = inv.actor.Name
	case len(args) > 0:
		return usagef("followups takes no argument but mine, not %q", args[0])
	}
	list := inv.store.Snapshot().OpenFollowUps(owner)
	now := inv.store.Now()
	if *asJSON {
		out := make([]followupJSON, 0, len(list))
		for _, f := range list {
			out = append(out, followupJSON{
				Incident: f.Incident.ID, N: f.N, Title: f.Title, Owner: f.Owner,
				Due: f.Due, Overdue: f.Overdue(now), State: string(f.State),
			})
		}
		return writeJSON(inv, out)
	}
	if len(list) == 0 {
		_, err := fmt.Fprintln(inv.out, "no open follow-ups")
		return err
	}
	tw := tabwriter.NewWriter(inv.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DUE\tINCIDENT\tN\tOWNER\tTITLE")
	for _, f := range list {
		fmt.Fprintf(tw, "%s\t%s\t#%d\t%s\t%s\n", dueColumn(f.Action, now), f.Incident.ID, f.N, orDash(f.Owner), f.Title)
	}
	return tw.Flush()
}

// dueColumn is an action's due day, marked when it has passed.
func dueColumn(a model.Action, now time.Time) string {
	switch {
	case a.Due.IsZero():
		return "-"
	case a.Overdue(now):
		return a.Due.String() + " overdue"
	}
	return a.Due.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
