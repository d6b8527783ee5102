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
// --service names the service, which picks the escalation policy.
func runDeclare(inv *invocation, rest string) error {
	fs := newFlags("declare")
	var sev model.Severity
	fs.Func("sev", "severity, 1 (critical) to 4", func(s string) error {
		var err error
		sev, err = model.ParseSeverity(s)
		return err
	})
	service := fs.String("service", "", "the service affected; picks the escalation policy")
	title, err := parseLeadingFlags(fs, rest)
	if err != nil {
		return err
	}
	if title == "" {
		return usagef("missing the incident title")
	}
	e, err := inv.store.Dispatch(inv.ctx, inv.actor, model.Declare{Title: title, Severity: sev, Service: *service})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(inv.out, e.Incident)
	return err
}

// maxStdinText bounds how much of a piped note or text is read; the store
// refuses anything over its own limit with a clear message.
const maxStdinText = 4 * model.MaxNoteBytes

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
		if note, err = readStdinText(inv, "note"); err != nil {
			return err
		}
	}
	if note == "" {
		return usagef("missing the note text")
	}
	_, err := inv.store.Dispatch(inv.ctx, inv.actor, model.PostNote{Incident: text(id), Text: note})
	return err
}

// readStdinText reads the text of a command (what: "note") from standard
// input.
func readStdinText(inv *invocation, what string) (string, error) {
	var b []byte
	err := readStdin(inv, what, func(r io.Reader) error {
		var err error
		b, err = io.ReadAll(io.LimitReader(r, maxStdinText+1))
		return err
	})
	switch {
	case err != nil:
		return "", err
	case len(b) > maxStdinText:
		return "", model.Errorf(model.CodeInvalid, "the %s on standard input is over %d bytes; the limit is %d", what, maxStdinText, model.MaxNoteBytes)
	}
	return string(b), nil
}

// readStdin runs read on standard input, giving up when the session ends:
// a client that never closes its input must not hold the session, and so
// shutdown, open. The read goes on in the background until the session's
// input closes, which ending the session does.
func readStdin(inv *invocation, what string, read func(io.Reader) error) error {
	done := make(chan error, 1)
	go func() { done <- read(inv.stdin) }()
	select {
	case err := <-done:
		if err != nil {
			return model.WrapError(model.CodeUnavailable, err, "could not read the %s from standard input", what)
		}
		return nil
	case <-inv.ctx.Done():
		return model.WrapError(model.CodeUnavailable, context.Cause(inv.ctx), "stopped reading the %s from standard input", what)
	}
}
