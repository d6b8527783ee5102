package command

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// usageWidth is the width of the help's column of usages; a longer usage
// puts its summary on the next line, under the others.
const usageWidth = 34

// writeUsage prints the help: every command, generated from the same
// list Run looks commands up in.
func writeUsage(w io.Writer) {
	var b strings.Builder
	b.WriteString("usage: ssh [-p PORT] HOST COMMAND [ARGS...]\n\nCommands:\n")
	cmds := commands()
	for _, c := range cmds {
		if !c.onIncident {
			writeSummary(&b, c.name+" "+c.args, c.summary)
		}
	}
	writeSummary(&b, "help", "show this help")
	b.WriteString("\nCommands on an incident, as typed in its war room with the id after the\nname; each prints the entry it adds to the timeline:\n")
	for _, c := range cmds {
		if c.onIncident {
			writeSummary(&b, c.name+" "+c.args, c.summary)
		}
	}
	b.WriteString(`
INC is an incident id such as INC-7. Times are UTC. Text output has one
entry per line; --json prints a JSON array (incidents, followups), one
JSON object per line (timeline), or the committed event (commands on an
incident; --json goes before any TEXT). A title, note or TEXT is the rest
of the line as sent; flags go before it, and -- ends them when the text
starts with '-'. A TEXT of - is read from standard input: printf 'a\nb' |
ssh HOST note INC -. Exit status: 0 done, 1 failed or refused, 2 usage
error. Without a command, ssh HOST opens the interactive war room.
`)
	_, _ = io.WriteString(w, b.String()) // nothing useful to do if the client is gone
}

func writeSummary(b *strings.Builder, usage, summary string) {
	usage = strings.TrimSpace(usage)
	if utf8.RuneCountInString(usage) > usageWidth {
		fmt.Fprintf(b, "  %s\n  %*s %s\n", usage, usageWidth, "", summary)
		return
	}
	fmt.Fprintf(b, "  %-*s %s\n", usageWidth, usage, summary)
}

// writeCommandHelp prints the usage of each form of a command, for
// COMMAND --help.
func writeCommandHelp(w io.Writer, forms []command) {
	var b strings.Builder
	for _, c := range forms {
		fmt.Fprintf(&b, "usage: %s\n  %s\n", c.usageLine(), c.summary)
		if c.who != "" {
			fmt.Fprintf(&b, "  who may: %s\n", c.who)
		}
	}
	if forms[0].onIncident {
		b.WriteString("Prints the entry added to the timeline; --json, before any text, prints the\ncommitted event as JSON instead.\n")
	}
	_, _ = io.WriteString(w, b.String())
}

// writeUsageError prints a mistake in a command line and the usage of
// each form of the command.
func writeUsageError(w io.Writer, usage *usageError, forms []command) {
	var b strings.Builder
	fmt.Fprintf(&b, "warroom: %s\n", usage.msg)
	for _, c := range forms {
		fmt.Fprintf(&b, "usage: %s\n", c.usageLine())
	}
	_, _ = io.WriteString(w, b.String())
}
