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
		if err := parseFlagWords(fs, flagArgs); err != nil {
			return nil, err
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
func cutWord(line string) (first, rest string) {
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
	ws := splitWords(rest)
	if err := parseFlagWords(fs, wordTexts(ws)); err != nil {
		return "", err
	}
	consumed := len(ws) - fs.NArg()
	if consumed == 0 || ws[consumed-1].text != "--" {
		if err := refuseFlagsInText(fs, ws[consumed:]); err != nil {
			return "", err
		}
	}
	if consumed == 0 {
		return text(rest), nil
	}
	return text(rest[ws[consumed-1].end:]), nil
}

// parseFlagWords parses args with fs up to the first positional argument,
// turning its errors into usage errors; it returns flag.ErrHelp for -h and
// --help.
func parseFlagWords(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%s", err)
	}
	return nil
}

// refuseFlagsInText refuses a flag of fs among the words of free text not
// preceded by "--": there it is far more likely a misplaced flag (declare
// db down --sev 1) than words of a title, and ignoring it quietly would
// change what was meant.
func refuseFlagsInText(fs *flag.FlagSet, ws []word) error {
	for _, w := range ws {
		if name, ok := flagName(w.text); ok && fs.Lookup(name) != nil {
			return usagef("flags go before the text: %s (put -- before text that contains it)", w.text)
		}
	}
	return nil
}

// word is one word of a command line and where it stands in the line.
type word struct {
	text       string
	start, end int
}

// splitWords splits line into words the way cutWord does, keeping where
// each one starts and ends so that the text after any of them can be
// taken as it was sent.
func splitWords(line string) []word {
	var ws []word
	for offset := 0; ; {
		w, after := cutWord(line[offset:])
		if w == "" {
			return ws
		}
		end := len(line) - len(after)
		ws = append(ws, word{text: w, start: end - len(w), end: end})
		offset = end
	}
}

func wordTexts(ws []word) []string {
	texts := make([]string, len(ws))
	for i, w := range ws {
		texts[i] = w.text
	}
	return texts
}

// flagName returns the name of the flag that w spells (-sev, --sev=1).
func flagName(w string) (string, bool) {
	name := strings.TrimPrefix(strings.TrimPrefix(w, "-"), "-")
	if name == w || name == "" {
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
