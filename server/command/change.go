package command

import (
	"fmt"
	"io"

	"github.com/warroom/warroom/model"
)

// runDeclare opens an incident and prints its id alone on a line, so that
// a script can capture it: id=$(ssh HOST declare --sev 2 db is down).
// The title is the rest of the command line as sent, after the flags.
func runDeclare(inv *invocation, rest string) error {
	fs := newFlags("declare")
	var sev model.Severity
	fs.Func("sev", "severity, 1 (critical) to 4", func(s string) error {
		var err error
		sev, err = model.ParseSeverity(s)
		return err
	})
	title, err := parseLeadingFlags(fs, rest)
	if err != nil {
		return err
	}
	if title == "" {
		return usagef("missing the incident title")
	}
	e, err := inv.store.Dispatch(inv.ctx, inv.actor, model.Declare{Title: title, Severity: sev})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(inv.out, e.Incident)
	return err
}

// maxStdinNote bounds how much of a piped note is read; the store refuses
// anything over its own limit with a clear message.
const maxStdinNote = 4 * model.MaxNoteBytes

// runNote posts a note and prints nothing when it is saved. The text is the
// rest of the command line as sent, or, when it is "-", standard input,
// which is the way to post a note of several lines.
func runNote(inv *invocation, rest string) error {
	id, body := cutWord(rest)
	switch id {
	case "":
		return usagef("missing the incident id and the note text")
	case "-h", "-help", "--help":
		return errHelp
	}
	note := text(body)
	if note == "-" {
		b, err := io.ReadAll(io.LimitReader(inv.stdin, maxStdinNote+1))
		if err != nil {
			return model.WrapError(model.CodeUnavailable, err, "could not read the note from standard input")
		}
		if len(b) > maxStdinNote {
			return model.Errorf(model.CodeInvalid, "the note on standard input is over %d bytes; the limit is %d", maxStdinNote, model.MaxNoteBytes)
		}
		note = string(b)
	}
	if note == "" {
		return usagef("missing the note text")
	}
	_, err := inv.store.Dispatch(inv.ctx, inv.actor, model.PostNote{Incident: id, Text: note})
	return err
}
