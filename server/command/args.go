package command

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"

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

// parseFlags parses the flags of fs wherever they appear in args, so that
// `declare db down --sev 1` works, and returns the other arguments in
// order. Everything after the first "--" is an argument, even if it starts
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
