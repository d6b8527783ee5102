// Package command runs the SSH commands of sessions without a terminal:
// `ssh -p 2222 HOST COMMAND ARGS...` runs one command and exits with its
// status (ExitOK, ExitFailed, ExitUsage), for scripts, bots and quick looks.
//
// Output is plain text by default: one entry per line, times in UTC as
// "2006-01-02 15:04:05Z", stable enough to grep. With --json, incidents
// and followups print one JSON array, timeline prints one JSON object per
// line (also while following), so that a consumer can act on each line as
// it comes, and the commands of the room's command table (sev, assign,
// action add…, see table.go) print the event they committed.
// Errors are one line on stderr, "warroom: MESSAGE"; a usage mistake adds
// the command's usage line.
//
// Permissions are the store's: every change goes through Store.Dispatch,
// which refuses what the actor's level does not allow, exactly as in the
// interactive war room.
package command

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/cmdline"
)

// Exit statuses of Run.
const (
	ExitOK     = 0 // the command did what was asked
	ExitFailed = 1 // the command was understood but refused or failed
	ExitUsage  = 2 // the command line itself was wrong
)

// invocation is what a command runs with.
type invocation struct {
	ctx   context.Context
	store model.Store
	actor model.Actor
	// out is buffered so that a long listing goes out in few SSH packets;
	// commands that stream flush it themselves.
	out   *bufio.Writer
	stdin io.Reader
}

// command is one SSH command: how it is called, and what runs it.
type command struct {
	name    string // as typed: "incidents", or "action add"
	args    string // the usage after the name
	summary string
	// who may run it, when not everyone who may write.
	who string
	// onIncident marks a command of the room's command table that changes
	// an incident (see runTable).
	onIncident bool
	// run gets the command line after the command's first word, as sent:
	// free text keeps its spacing and quotes.
	run func(inv *invocation, rest string) error
}

func (c command) usageLine() string {
	return strings.TrimSpace("ssh HOST " + c.name + " " + c.args)
}

// commands returns every SSH command: the ones written for SSH (listing,
// declaring, notes, timelines), then those of the room's command table
// (model/cmdline) that are SSH commands, so that the two cannot drift.
// The table's note is the SSH note, which also reads standard input.
func commands() []command {
	cmds := []command{
		{name: "incidents", args: "[--json]", summary: "list incidents, open ones first", run: runIncidents},
		{name: "declare", args: "[--sev 1-4] [--service NAME] TITLE...", summary: "declare an incident (default SEV3; the service picks the escalation policy); prints its id", run: runDeclare},
		{name: "note", args: "INC TEXT...|-", summary: "post a note on an incident's timeline; - reads it from stdin", run: runNote},
		{name: "timeline", args: "INC [--json] [--follow]", summary: "print an incident's timeline; --follow keeps streaming new entries", run: runTimeline},
		{name: "verify", args: "[INC]", summary: "check the journal's hash chain; prints its head digest (and INC's newest event's), or the first broken link", run: runVerify},
		{name: "review", args: "INC [--markdown] [--json]", summary: "print an incident's post-incident review, drafted from the record or as published, and the digest of the record it was made from", run: runReview},
		{name: "attach", args: "INC [--name NAME] [--json] [--note TEXT...]", summary: "store standard input on the timeline as evidence, with its size and SHA-256; up to the configured size (1 MiB by default) is kept", run: runAttach},
	}
	for _, spec := range cmdline.Commands() {
		first := spec.Words()[0]
		args := strings.TrimSpace(strings.TrimPrefix(spec.Usage(), "/"+spec.Name))
		switch {
		case !spec.SSH || slices.ContainsFunc(cmds, func(c command) bool { return c.name == spec.Name }):
			// Not an SSH command, or one written for SSH above.
		case !spec.Local:
			cmds = append(cmds, command{name: spec.Name, args: strings.TrimSpace("INC " + args), summary: spec.Help, who: spec.Who, onIncident: true, run: runTable(first)})
		case spec.Name == "followups":
			cmds = append(cmds, command{name: spec.Name, args: strings.TrimSpace(args + " [--json]"), summary: spec.Help, run: runFollowups})
		}
	}
	return cmds
}

// lookup returns the commands called by the word name: one, or several
// forms of one (action add, action done…).
func lookup(name string) []command {
	var forms []command
	for _, c := range commands() {
		if first, _ := cutWord(c.name); first == name {
			forms = append(forms, c)
		}
	}
	return forms
}

// Run runs one command line, as the SSH client sent it (the session's raw
// command, not split into words), for actor and returns its exit status.
// The line is untrusted: anything echoed back from it is sanitised.
func Run(ctx context.Context, store model.Store, actor model.Actor, line string, stdin io.Reader, stdout, stderr io.Writer) int {
	name, rest := cutWord(line)
	switch name {
	case "":
		writeUsage(stderr)
		return ExitUsage
	case "help", "-h", "-help", "--help":
		writeUsage(stdout)
		return ExitOK
	}
	forms := lookup(name)
	if len(forms) == 0 {
		fmt.Fprintf(stderr, "warroom: unknown command %q; run help for the list of commands\n", model.Sanitize(name, false))
		return ExitUsage
	}
	out := bufio.NewWriter(clientWriter{stdout})
	err := forms[0].run(&invocation{ctx: ctx, store: store, actor: actor, out: out, stdin: stdin}, rest)
	if flushErr := out.Flush(); err == nil {
		err = flushErr
	}
	var usage *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errHelp):
		writeCommandHelp(stdout, forms)
		return ExitOK
	case errors.As(err, &usage):
		writeUsageError(stderr, usage, forms)
		return ExitUsage
	default:
		fmt.Fprintf(stderr, "warroom: %s\n", model.Sanitize(model.ErrorMessage(err), false))
		return ExitFailed
	}
}

// errHelp is returned by a command asked for its help (-h, --help).
var errHelp = flag.ErrHelp

// clientWriter codes the errors of writing to the client, so that a client
// that went away is not reported as an internal error.
type clientWriter struct{ w io.Writer }

func (c clientWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if err != nil {
		err = model.WrapError(model.CodeUnavailable, err, "could not write the output")
	}
	return n, err
}
