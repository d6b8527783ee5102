package cmdline

import (
	"slices"
	"strconv"
	"strings"

	"github.com/warroom/warroom/model"
)

// Parsed is a command line understood: which command, its fields after
// the command's words, and, unless the command is local, the model
// command to dispatch.
type Parsed struct {
	Spec    *Spec
	Fields  []string
	Command model.Command
}

// Parse reads a line typed in a room: "/sev 1", "/action add fix it @bob",
// or plain text, which posts a note. Errors are coded and say what was
// expected.
func Parse(line string, c Context) (Parsed, error) {
	table := Commands()
	t := strings.TrimSpace(line)
	rest, slash := strings.CutPrefix(t, "/")
	if !slash {
		note, _, _ := match(table, "note")
		return build(note, c, t) // plain text is a note
	}
	spec, args, err := match(table, rest)
	if err != nil {
		return Parsed{}, err
	}
	return build(spec, c, args)
}

// ParseSSH reads an SSH command whose incident id comes right after the
// command's first word or after all of its words ("assign INC-3 ic alice",
// "action INC-3 add …" or "action add INC-3 …"). Local commands are
// returned with their fields and no incident.
func ParseSSH(line string, c Context) (Parsed, error) {
	table := Commands()
	words := strings.Fields(line)
	if len(words) == 0 {
		return Parsed{}, model.Errorf(model.CodeInvalid, "no command")
	}
	for _, at := range []int{1, 2} {
		if len(words) > at && looksLikeIncident(words[at]) {
			c.Incident = words[at]
			line = removeWord(line, at)
			break
		}
	}
	spec, args, err := match(table, line)
	if err != nil {
		return Parsed{}, err
	}
	if !spec.SSH {
		return Parsed{}, model.Errorf(model.CodeInvalid, "%s is only for the interface", spec.Name)
	}
	if !spec.Local && c.Incident == "" {
		return Parsed{}, model.Errorf(model.CodeInvalid, "usage: %s INC %s", spec.Name, strings.TrimPrefix(strings.TrimPrefix(spec.Usage(), "/"+spec.Name), " "))
	}
	return build(spec, c, args)
}

func looksLikeIncident(w string) bool {
	n, err := model.ParseIncidentID(w)
	return err == nil && n > 0 && len(w) > 4 && strings.EqualFold(w[:4], "INC-")
}

// removeWord returns line without its word at index i, keeping the raw
// spacing of the rest (a note's text is taken verbatim).
func removeWord(line string, i int) string {
	start, end := wordBounds(line, i)
	return line[:start] + line[end:]
}

func wordBounds(line string, i int) (start, end int) {
	pos := 0
	for n := 0; ; n++ {
		for pos < len(line) && isSpace(line[pos]) {
			pos++
		}
		start = pos
		for pos < len(line) && !isSpace(line[pos]) {
			pos++
		}
		if n == i || pos >= len(line) {
			return start, pos
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// match finds the command whose words begin line, preferring the longest
// name ("action add" over "action"), and returns the raw text after them.
func match(table []Spec, line string) (*Spec, string, error) {
	words := strings.Fields(line)
	if len(words) == 0 {
		return nil, "", model.Errorf(model.CodeInvalid, "type a command after the slash; /help lists them")
	}
	var best *Spec
	for i := range table {
		w := table[i].Words()
		if len(w) <= len(words) && slices.EqualFunc(w, words[:len(w)], strings.EqualFold) &&
			(best == nil || len(w) > len(best.Words())) {
			best = &table[i]
		}
	}
	if best == nil {
		return nil, "", unknown(table, words)
	}
	_, end := wordBounds(line, len(best.Words())-1)
	return best, strings.TrimSpace(line[end:]), nil
}

func unknown(table []Spec, words []string) error {
	first := strings.ToLower(words[0])
	var subs []string
	for _, s := range table {
		if w := s.Words(); len(w) > 1 && w[0] == first {
			subs = append(subs, w[1])
		}
	}
	if len(subs) > 0 {
		return model.Errorf(model.CodeInvalid, "/%s what? %s", first, strings.Join(subs, ", "))
	}
	return model.Errorf(model.CodeInvalid, "no command /%s; /help lists them", model.Sanitize(truncate(first, 32), false))
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// build checks the argument count and makes the model command.
func build(spec *Spec, c Context, args string) (Parsed, error) {
	p := Parsed{Spec: spec, Fields: strings.Fields(args)}
	required, textual := 0, false
	for _, a := range spec.Args {
		if !a.Optional {
			required++
		}
		textual = textual || a.Kind == ArgText
	}
	switch {
	case textual && strings.TrimSpace(args) == "":
		return Parsed{}, usage(spec, "needs text")
	case !textual && len(p.Fields) < required:
		return Parsed{}, usage(spec, "is missing "+spec.Args[len(p.Fields)].Name)
	case !textual && len(p.Fields) > len(spec.Args):
		return Parsed{}, usage(spec, "takes "+plural(len(spec.Args), "argument"))
	}
	if spec.build == nil {
		return p, nil
	}
	cmd, err := spec.build(c, p.Fields, args)
	if err != nil {
		return Parsed{}, err
	}
	p.Command = cmd
	return p, nil
}

func usage(spec *Spec, problem string) error {
	return model.Errorf(model.CodeInvalid, "/%s %s: %s", spec.Name, problem, spec.Usage())
}

func plural(n int, what string) string {
	switch n {
	case 0:
		return "no " + what + "s"
	case 1:
		return "one " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// Lookup returns the command a slash line starts with, nil when it starts
// with none (or is plain text).
func Lookup(line string) *Spec {
	body, slash := strings.CutPrefix(strings.TrimSpace(line), "/")
	if !slash {
		return nil
	}
	spec, _, err := match(Commands(), body)
	if err != nil {
		return nil
	}
	return spec
}
