package command

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/warroom/warroom/model"
)

// usageError is a mistake in how a command was called. Its message is
// already sanitised.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: model.Sanitize(fmt.Sprintf(format, args...), false)}
}

// newFlags returns a flag set that reports errors instead of printing them
// or exiting.
//
// The standard flag package is used rather than kong because the input is
// untrusted and arrives over the network: flag has no environment, config
// file or exit hooks to switch off, costs no reflection per call, and its
// few error messages are easy to sanitise. What it lacks, flags after
// positional arguments, parseFlags adds.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses the flags of fs wherever they appear in args, for
// commands that take no free text (`timeline INC-1 --follow`), and returns
// the other arguments in order. Everything after the first "--" is an argument, even if it starts
// with '-'. It returns flag.ErrHelp for -h and --help.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	flagArgs, rest := args, []string(nil)
	if i := slices.Index(args, "--"); i >= 0 {
		flagArgs, rest = args[:i], args[i+1:]
	}
	var positional []string
	for {
		// Parse stops at the first positional argument; take it and
		// parse on from the next one.
		if err := fs.Parse(flagArgs); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%s", err)
		}
		if fs.NArg() == 0 {
			return append(positional, rest...), nil
		}
		positional = append(positional, fs.Arg(0))
		flagArgs = fs.Args()[1:]
	}
}

// cutWord splits line after its first word. Words are separated by spaces
// or tabs, as OpenSSH joins the arguments it is given.
func cutWord(line string) (word, rest string) {
	line = strings.TrimLeft(line, " \t")
	if i := strings.IndexAny(line, " \t"); i >= 0 {
		return line[:i], line[i:]
	}
	return line, ""
}

// parseLeadingFlags parses the flags at the start of rest and returns the
// text after them as it was sent: a title or a note keeps its quotes,
// apostrophes and spacing, and a word such as "-h" or "-20%" inside it is
// text, not a flag. Flags end at the first word that does not start with
// '-', or after "--".
func parseLeadingFlags(fs *flag.FlagSet, rest string) (string, error) {
	var words []string
	var ends []int // where each word ends in rest
	for offset, remaining := 0, rest; ; {
		word, after := cutWord(remaining)
		if word == "" {
			break
		}
		offset += len(remaining) - len(after)
		words, ends = append(words, word), append(ends, offset)
		remaining = after
	}
	if err := fs.Parse(words); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", err
		}
		return "", usagef("%s", err)
	}
	consumed := len(words) - fs.NArg()
	if consumed == 0 || words[consumed-1] != "--" {
		// Without "--", a flag of this command inside the text is far
		// more likely a misplaced flag (declare db down --sev 1) than
		// words of a title: refuse it rather than quietly ignore it.
		for _, w := range words[consumed:] {
			if name, ok := flagName(w); ok && fs.Lookup(name) != nil {
				return "", usagef("flags go before the text: %s (put -- before text that contains it)", w)
			}
		}
	}
	if consumed == 0 {
		return text(rest), nil
	}
	return text(rest[ends[consumed-1]:]), nil
}

// flagName returns the name of the flag that word spells (-sev, --sev=1).
func flagName(word string) (string, bool) {
	name := strings.TrimPrefix(strings.TrimPrefix(word, "-"), "-")
	if name == word || name == "" {
		return "", false
	}
	name, _, _ = strings.Cut(name, "=")
	return name, true
}

// text trims free text and removes one pair of quotes around all of it,
// which is what is left when someone quotes for the remote side as well
// (ssh HOST 'note INC-1 "db is down"'). Quotes that also stand inside the
// text ("prod" and "staging") are the text's own and stay.
func text(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] && !strings.ContainsRune(s[1:len(s)-1], rune(s[0])) {
		s = s[1 : len(s)-1]
	}
	return s
}

// fields splits the arguments of a command that takes no free text into
// words, the way cutWord does, each unquoted as text does, so that
// `timeline "INC-1"` works as well as `timeline INC-1`.
func fields(rest string) []string {
	var words []string
	for {
		word, after := cutWord(rest)
		if word == "" {
			return words
		}
		words, rest = append(words, text(word)), after
	}
}
