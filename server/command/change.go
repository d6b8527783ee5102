package command

import (
	"fmt"
	"strings"

	"github.com/warroom/warroom/model"
)

// runDeclare opens an incident and prints its id alone on a line, so that
// a script can capture it: id=$(ssh HOST declare --sev 2 db is down).
// The title is the remaining arguments joined by spaces, so it need not
// survive two rounds of shell quoting.
func runDeclare(inv *invocation, args []string) error {
	fs := newFlags("declare")
	var sev model.Severity
	fs.Func("sev", "severity, 1 (critical) to 4", func(s string) error {
		var err error
		sev, err = model.ParseSeverity(s)
		return err
	})
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usagef("missing the incident title")
	}
	e, err := inv.store.Dispatch(inv.ctx, inv.actor, model.Declare{Title: strings.Join(rest, " "), Severity: sev})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(inv.out, e.Incident)
	return err
}

// runNote posts a note and prints nothing when it is saved. The text is
// the arguments after the incident joined by spaces, for the same reason
// as declare's title.
func runNote(inv *invocation, args []string) error {
	rest, err := parseFlags(newFlags("note"), args)
	if err != nil {
		return err
	}
	switch len(rest) {
	case 0:
		return usagef("missing the incident id and the note text")
	case 1:
		return usagef("missing the note text")
	}
	_, err = inv.store.Dispatch(inv.ctx, inv.actor, model.PostNote{Incident: rest[0], Text: strings.Join(rest[1:], " ")})
	return err
}
