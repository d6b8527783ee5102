package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/model"
)

// decoder reads typed values out of a parsed YAML document, recording a
// Problem, with the line of the offending node, for anything it cannot use.
// Readers keep going after a problem so one pass reports several.
type decoder struct {
	problems
	flow map[*yaml.Node]bool // nodes inside a flow collection: their errors name a column
}

func newDecoder(file string, root *yaml.Node) *decoder {
	d := &decoder{problems: problems{file: file}, flow: map[*yaml.Node]bool{}}
	d.markFlow(root, false)
	return d
}

func (d *decoder) markFlow(n *yaml.Node, inside bool) {
	if inside {
		d.flow[n] = true
	}
	inside = inside || n.Style&yaml.FlowStyle != 0
	for _, c := range n.Content {
		d.markFlow(c, inside)
	}
}

// fail records a problem with node n, found at path.
func (d *decoder) fail(n *yaml.Node, path, format string, args ...any) {
	p := &Problem{File: d.file, Line: n.Line, Path: path, Reason: fmt.Sprintf(format, args...)}
	if d.flow[n] {
		p.Column = n.Column
	}
	d.add(p)
}

// entry is one key and its value in a mapping.
type entry struct {
	key   string
	node  *yaml.Node // the key, for errors about it
	value *yaml.Node
}

// entries reads a mapping whose keys are names the file chooses (teams,
// severities). Keys must be plain strings and appear once. ok is false
// when n is no mapping at all.
func (d *decoder) entries(n *yaml.Node, path string) (entries []entry, ok bool) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "expected a mapping (key: value), got %s", describe(n))
		return nil, false
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			d.fail(k, path, "a key must be a plain name, not %s", describe(k))
			continue
		}
		if line, dup := seen[k.Value]; dup {
			d.fail(k, path, "key %s is already given at line %d", quote(k.Value), line)
			continue
		}
		seen[k.Value] = k.Line
		entries = append(entries, entry{key: k.Value, node: k, value: v})
	}
	return entries, true
}

// fieldSet is a mapping with a fixed set of keys, such as one policy.
type fieldSet struct {
	at     *yaml.Node
	values map[string]*yaml.Node
	// Something about the mapping was already reported (an unknown key is
	// most likely a required one misspelt), so a missing key is not.
	reported bool
}

// fields reads a mapping with a fixed set of keys. A key given with no
// value counts as absent, so a section whose contents are all commented
// out is ignored.
func (d *decoder) fields(n *yaml.Node, path string, known ...string) fieldSet {
	f := fieldSet{at: resolve(n), values: map[string]*yaml.Node{}}
	entries, ok := d.entries(n, path)
	f.reported = !ok
	for _, e := range entries {
		switch {
		case !slices.Contains(known, e.key):
			d.fail(e.node, path, "unknown key %s; the keys here are %s", quote(e.key), strings.Join(known, ", "))
			f.reported = true
		case !isNull(e.value):
			f.values[e.key] = e.value
		}
	}
	return f
}

// get returns the value of an optional key.
func (f fieldSet) get(key string) (*yaml.Node, bool) {
	v, ok := f.values[key]
	return v, ok
}

// need returns the value of a required key, reporting it missing with
// reason.
func (d *decoder) need(f fieldSet, key, path, reason string) (*yaml.Node, bool) {
	v, ok := f.values[key]
	if !ok && !f.reported {
		d.fail(f.at, path, "%s", reason)
	}
	return v, ok
}

// sequence reads a list.
func (d *decoder) sequence(n *yaml.Node, path string) ([]*yaml.Node, bool) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		d.fail(n, path, "expected a list, got %s", describe(n))
		return nil, false
	}
	return n.Content, true
}

// text reads a scalar value; what names the expected kind ("a user name")
// for the error when n is a list, a mapping or empty.
func (d *decoder) text(n *yaml.Node, path, what string) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || isNull(n) {
		d.fail(n, path, "expected %s, got %s", what, describe(n))
		return "", false
	}
	return n.Value, true
}

// label reads a short single-line text such as a policy or service name,
// trimmed, refusing control characters rather than showing them later on
// everyone's terminal.
func (d *decoder) label(n *yaml.Node, path string, limit int) (string, bool) {
	s, ok := d.text(n, path, "a name")
	if !ok {
		return "", false
	}
	s = strings.TrimSpace(s)
	switch runes := utf8.RuneCountInString(s); {
	case runes == 0:
		d.fail(n, path, "is empty")
	case model.Sanitize(s, false) != s:
		d.fail(n, path, "%s contains control characters", quote(s))
	case runes > limit:
		d.fail(n, path, "is %d characters; the limit is %d", runes, limit)
	default:
		return s, true
	}
	return "", false
}

// names reads a non-empty list of distinct names, each checked by valid.
func (d *decoder) names(n *yaml.Node, path, emptyReason string, valid func(string) error) []string {
	items, ok := d.sequence(n, path)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		d.fail(resolve(n), path, "%s", emptyReason)
		return nil
	}
	var out []string
	for i, item := range items {
		at := index(path, i)
		s, ok := d.text(item, at, "a name")
		if !ok {
			continue
		}
		if err := valid(s); err != nil {
			d.fail(resolve(item), at, "%v", err)
			continue
		}
		if slices.Contains(out, s) {
			d.fail(resolve(item), at, "%s is listed twice", s)
			continue
		}
		out = append(out, s)
	}
	return out
}

// resolve follows an alias (*name) to the node it stands for. Aliases are
// checked for cycles and blow-up before any reader runs.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// describe says what a node is, for "expected X, got Y".
func describe(n *yaml.Node) string {
	switch n = resolve(n); {
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case isNull(n):
		return "nothing"
	default:
		return quote(n.Value)
	}
}

// quote shows a value from the file in a message: sanitised, shortened,
// in quotes, so a stray escape sequence or a pasted essay stays harmless.
func quote(s string) string {
	const limit = 40
	s = model.Sanitize(s, false)
	if utf8.RuneCountInString(s) > limit {
		s = string([]rune(s)[:limit]) + "…"
	}
	return strconv.Quote(s)
}

// join extends path with a key from the file.
func join(path, key string) string {
	key = model.Sanitize(key, false)
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }
