package command

import (
	"context"
	"fmt"
	"io"
	"strings"

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
	case "--":
		id, body = cutWord(body)
	}
	if word, after := cutWord(body); word == "--" {
		body = after
	}
	note := text(body)
	if strings.TrimSpace(body) == "-" {
		var err error
		if note, err = readStdinNote(inv); err != nil {
			return err
		}
	}
	if note == "" {
		return usagef("missing the note text")
	}
	_, err := inv.store.Dispatch(inv.ctx, inv.actor, model.PostNote{Incident: text(id), Text: note})
	return err
}

// readStdinNote reads a note from standard input, giving up when the
// session ends: a client that never closes its input must not hold the
// session, and so shutdown, open.
func readStdinNote(inv *invocation) (string, error) {
	type read struct {
		b   []byte
		err error
	}
	done := make(chan read, 1)
	go func() {
		b, err := io.ReadAll(io.LimitReader(inv.stdin, maxStdinNote+1))
		done <- read{b, err}
	}()
	var r read
	select {
	case r = <-done:
	case <-inv.ctx.Done():
		return "", model.WrapError(model.CodeUnavailable, context.Cause(inv.ctx), "stopped reading the note from standard input")
	}
	switch {
	case r.err != nil:
		return "", model.WrapError(model.CodeUnavailable, r.err, "could not read the note from standard input")
	case len(r.b) > maxStdinNote:
		return "", model.Errorf(model.CodeInvalid, "the note on standard input is over %d bytes; the limit is %d", maxStdinNote, model.MaxNoteBytes)
	}
	return string(r.b), nil
}
