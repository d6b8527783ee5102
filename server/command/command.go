// Package command runs the SSH commands of sessions without a terminal:
// `ssh -p 2222 HOST COMMAND ARGS...` runs one command and exits with its
// status (ExitOK, ExitFailed, ExitUsage), for scripts, bots and quick looks.
//
// Output is plain text by default: one entry per line, times in UTC as
// "2006-01-02 15:04:05Z", stable enough to grep. With --json, incidents
// prints one JSON array and timeline prints one JSON object per line (also
// while following), so that a consumer can act on each line as it comes.
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
	"strings"

	"github.com/warroom/warroom/model"
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
	name    string
	args    string // the usage after the name
	summary string
	// run gets the command line after the command's name, as sent: free
	// text keeps its spacing and quotes.
	run func(inv *invocation, rest string) error
}

func (c command) usageLine() string {
	return strings.TrimSpace("ssh HOST " + c.name + " " + c.args)
}

func commands() []command {
	return []command{
		{"incidents", "[--json]", "list incidents, open ones first", runIncidents},
		{"declare", "[--sev 1-4] TITLE...", "declare an incident (default SEV3); prints its id", runDeclare},
		{"note", "INC TEXT...|-", "post a note on an incident's timeline; - reads it from stdin", runNote},
		{"timeline", "INC [--json] [--follow]", "print an incident's timeline; --follow keeps streaming new entries", runTimeline},
	}
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func writeUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString("usage: ssh [-p PORT] HOST COMMAND [ARGS...]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-34s %s\n", c.name+" "+c.args, c.summary)
	}
	fmt.Fprintf(&b, "  %-34s %s\n", "help", "show this help")
	b.WriteString(`
INC is an incident id such as INC-7. Times are UTC. Text output has one
entry per line; --json prints a JSON array (incidents) or one JSON object
per line (timeline). A title or note is the rest of the line as sent;
flags go before it, and -- ends them when the text starts with '-'. A note
of several lines: printf 'a\nb' | ssh HOST note INC -. Exit status: 0 done,
1 failed, 2 usage error. Without a command, ssh HOST opens the interactive
war room.
`)
	_, _ = io.WriteString(w, b.String()) // nothing useful to do if the client is gone
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
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(stderr, "warroom: unknown command %q; run help for the list of commands\n", model.Sanitize(name, false))
		return ExitUsage
	}
	out := bufio.NewWriter(clientWriter{stdout})
	err := cmd.run(&invocation{ctx: ctx, store: store, actor: actor, out: out, stdin: stdin}, rest)
	if flushErr := out.Flush(); err == nil {
		err = flushErr
	}
	var usage *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errHelp):
		fmt.Fprintf(stdout, "usage: %s\n  %s\n", cmd.usageLine(), cmd.summary)
		return ExitOK
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "warroom: %s\nusage: %s\n", usage.msg, cmd.usageLine())
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
