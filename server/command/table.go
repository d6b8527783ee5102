package command

import (
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/cmdline"
)

// The commands of the room's command table (model/cmdline) that change an
// incident are SSH commands too, all run by one handler: the incident id
// comes after the command's first word or after all its words, then the
// slash command's arguments (assign INC-3 ic alice, action add INC-3 fix
// it @bob). Each prints the timeline entry it made, "INC-3: assigned Tech
// Lead to bob", or with --json the committed event as changeJSON.

// changeJSON is the --json form of every table command's result: the
// committed event and the timeline entry it made. Payload is the event's
// kind-specific data as the journal stores it (model's payload types, such
// as {"role":"tech-lead","user":"bob"} for role.changed). It is a contract
// with scripts: add fields, never rename or remove one.
type changeJSON struct {
	Seq      uint64        `json:"seq"`
	ID       string        `json:"id"`
	Incident string        `json:"incident"`
	Entry    int           `json:"entry"` // the entry's number on the timeline, as pin takes it
	Time     time.Time     `json:"time"`
	Actor    string        `json:"actor"`
	Kind     string        `json:"kind"`
	Text     string        `json:"text"`
	Payload  model.Payload `json:"payload"`
}

// runTable returns the runner of the table commands called by the word
// first ("assign", or "action" for every action command): the line is
// parsed again whole, so one runner serves every command of that word.
func runTable(first string) func(*invocation, string) error {
	return func(inv *invocation, rest string) error {
		fs := newFlags(first)
		asJSON := fs.Bool("json", false, "print the committed event as JSON")
		parsed, err := parseTableLine(inv, fs, first+rest)
		if err != nil {
			return err
		}
		e, err := inv.store.Dispatch(inv.ctx, inv.actor, parsed.Command)
		if err != nil {
			return err
		}
		return printChange(inv, e, *asJSON)
	}
}

// parseTableLine takes the flags of fs out of a table command's line and
// parses the rest with cmdline.ParseSSH. Flags may stand anywhere in a
// command without free text (sev INC-3 1 --json) and anywhere before the
// text of one with it (update --json INC-3 …); inside the text a flag of
// the command is refused unless "--" precedes the text, as declare does.
// The text loses one pair of quotes around all of it, as a note does, and
// a text of "-" is read from standard input.
func parseTableLine(inv *invocation, fs *flag.FlagSet, line string) (cmdline.Parsed, error) {
	c := cmdline.Context{Now: inv.store.Now()}
	ws := splitWords(line)
	// First without any flag, to learn which command this is and whether
	// it ends in free text.
	plain, flags := withoutFlags(fs, line, ws)
	p, err := cmdline.ParseSSH(plain, c)
	switch {
	case err != nil && slices.ContainsFunc(flags, isHelpFlag):
		return cmdline.Parsed{}, errHelp
	case err != nil:
		return cmdline.Parsed{}, usagef("%s", model.ErrorMessage(err))
	case !takesText(p.Spec):
		return p, parseFlagWords(fs, flags)
	}
	// The command's words and the incident id come before its text.
	head, flags, textAt, ended := splitHead(fs, ws, len(p.Spec.Words())+1)
	if !ended {
		if err := refuseFlagsInText(fs, splitWords(line[textAt:])); err != nil {
			return cmdline.Parsed{}, err
		}
	}
	if err := parseFlagWords(fs, flags); err != nil {
		return cmdline.Parsed{}, err
	}
	body := text(line[textAt:])
	if body == "-" {
		if body, err = readStdinText(inv, "text"); err != nil {
			return cmdline.Parsed{}, err
		}
	}
	if p, err = cmdline.ParseSSH(strings.Join(head, " ")+" "+body, c); err != nil {
		return cmdline.Parsed{}, usagef("%s", model.ErrorMessage(err))
	}
	return p, nil
}

// withoutFlags returns line without the words that name a flag of fs or
// ask for help, and those words. A "--" ends the flags and is dropped.
func withoutFlags(fs *flag.FlagSet, line string, ws []word) (string, []string) {
	var b strings.Builder
	var flags []string
	kept := 0 // line[:kept] is dealt with
	for _, w := range ws {
		if w.text == "--" {
			b.WriteString(line[kept:w.start])
			kept = w.end
			break
		}
		if isFlagWord(fs, w.text) {
			flags = append(flags, w.text)
			b.WriteString(line[kept:w.start])
			kept = w.end
		}
	}
	b.WriteString(line[kept:])
	return b.String(), flags
}

// splitHead walks the words of a command line with free text: the first
// n words that are not flags are its head (its words and the incident
// id), the flags among them are returned apart, and the text starts at
// textAt. ended reports a "--" before the text, after which a flag's name
// is text.
func splitHead(fs *flag.FlagSet, ws []word, n int) (head, flags []string, textAt int, ended bool) {
	for _, w := range ws {
		switch {
		case len(head) == n:
			if w.text == "--" && !ended {
				return head, flags, w.end, true
			}
			return head, flags, w.start, ended
		case ended:
			head = append(head, w.text)
		case w.text == "--":
			ended = true
		case isFlagWord(fs, w.text):
			flags = append(flags, w.text)
		default:
			head = append(head, w.text)
		}
	}
	end := 0
	if len(ws) > 0 {
		end = ws[len(ws)-1].end
	}
	return head, flags, end, ended
}

// isFlagWord reports whether w names a flag of fs or asks for help.
func isFlagWord(fs *flag.FlagSet, w string) bool {
	name, ok := flagName(w)
	return ok && (fs.Lookup(name) != nil || isHelpFlag(w))
}

func isHelpFlag(w string) bool { return w == "-h" || w == "-help" || w == "--help" }

func takesText(spec *cmdline.Spec) bool {
	return slices.ContainsFunc(spec.Args, func(a cmdline.Arg) bool { return a.Kind == cmdline.ArgText })
}

// printChange prints what e changed: its timeline entry's text, or the
// event as changeJSON.
func printChange(inv *invocation, e *model.Event, asJSON bool) error {
	inc, ok := inv.store.Snapshot().Incident(e.Incident)
	n := 0
	if ok {
		n = inc.EntryNumber(e.Seq)
	}
	if n == 0 {
		return model.Errorf(model.CodeInternal, "%s was changed, but its timeline does not show event %d", e.Incident, e.Seq)
	}
	entry := inc.Timeline[n-1]
	if asJSON {
		return writeJSON(inv, changeJSON{
			Seq: e.Seq, ID: e.ID, Incident: e.Incident, Entry: n, Time: e.Time.UTC(),
			Actor: model.Sanitize(e.Actor, false), Kind: string(e.Kind()), Text: entry.Text, Payload: e.Data,
		})
	}
	_, err := fmt.Fprintf(inv.out, "%s: %s\n", e.Incident, indentContinuation(entry.Text))
	return err
}
