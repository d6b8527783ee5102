package cmdline

import (
	"slices"
	"strings"
)

// Completion is what tab can complete at the end of a line: the word that
// starts at Start, replaced by one of Options.
type Completion struct {
	Start   int
	Options []string
}

// Complete offers completions for the last word of a slash command line:
// command names, then each argument by its kind, with values supplying
// the candidates of a kind (roles, users, statuses…). In a command's free
// text (an action's title), a word starting with @ completes to a user.
func Complete(line string, values func(ArgKind) []string) Completion {
	body, slash := strings.CutPrefix(line, "/")
	if !slash || strings.ContainsAny(line, "\n") {
		return Completion{}
	}
	i := strings.LastIndexAny(body, " \t")
	word, before := body[i+1:], strings.Fields(body[:i+1])
	start := len("/") + i + 1
	table := Commands()
	if opts := nameCompletions(table, before, word); len(opts) > 0 {
		return Completion{Start: start, Options: opts}
	}
	spec, _, err := match(table, strings.Join(before, " "))
	if err != nil {
		return Completion{}
	}
	n := len(before) - len(spec.Words())
	var kind ArgKind
	switch {
	case n < len(spec.Args) && spec.Args[n].Kind != ArgText:
		kind = spec.Args[n].Kind
	case strings.HasPrefix(word, "@") && slices.ContainsFunc(spec.Args, func(a Arg) bool { return a.Kind == ArgText }):
		return Completion{Start: start, Options: prefixed(values(ArgUser), word[1:], "@")}
	default:
		return Completion{}
	}
	return Completion{Start: start, Options: prefixed(values(kind), word, "")}
}

// nameCompletions offers the next word of a command name after the words
// typed so far.
func nameCompletions(table []Spec, before []string, word string) []string {
	var opts []string
	for _, s := range table {
		w := s.Words()
		if len(w) > len(before) && slices.EqualFunc(w[:len(before)], before, strings.EqualFold) &&
			strings.HasPrefix(w[len(before)], strings.ToLower(word)) && !slices.Contains(opts, w[len(before)]) {
			opts = append(opts, w[len(before)])
		}
	}
	slices.Sort(opts)
	return opts
}

func prefixed(candidates []string, word, mark string) []string {
	var opts []string
	for _, c := range candidates {
		if strings.HasPrefix(strings.ToLower(c), strings.ToLower(word)) && !slices.Contains(opts, mark+c) {
			opts = append(opts, mark+c)
		}
	}
	slices.Sort(opts)
	return opts
}
