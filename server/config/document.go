package config

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/model"
)

// maxValues bounds how many values a document may hold once its aliases
// are expanded; real config files hold a few hundred.
const maxValues = 100_000

// parseDocument reads the single YAML document in data. It returns nil
// when there is nothing in it but comments or an empty value.
func parseDocument(name string, data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, syntaxProblem(name, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == nil:
		return nil, &Problem{File: name, Line: next.Line, Reason: "a second YAML document starts here; the config is one document"}
	case !errors.Is(err, io.EOF):
		return nil, syntaxProblem(name, err)
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		return nil, nil
	}
	root := doc.Content[0]
	if err := checkAliases(name, root); err != nil {
		return nil, err
	}
	return root, nil
}

// syntaxProblem turns the parser's "yaml: line 3: reason" into a Problem.
func syntaxProblem(name string, err error) *Problem {
	reason := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(reason, "line "); ok {
		if num, after, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, reason = n, after
			}
		}
	}
	if countsFromZero(reason) {
		line++
	}
	return &Problem{File: name, Line: line, Reason: "not valid YAML: " + model.Sanitize(reason, false)}
}

// countsFromZero reports whether reason comes from the YAML parser proper,
// which numbers lines from 0 (and leaves out line 0), unlike its scanner.
func countsFromZero(reason string) bool {
	switch reason {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"did not find expected '-' indicator", "did not find expected <document start>",
		"did not find expected <stream-start>", "did not find expected key",
		"did not find expected node content", "found duplicate %TAG directive",
		"found duplicate %YAML directive", "found incompatible YAML document",
		"found undefined tag handle":
		return true
	}
	return false
}

// checkAliases refuses an alias (*name) inside the value it names, and a
// document whose aliases expand it past maxValues values. The readers
// follow aliases wherever they appear, so without this check a few nested
// ones could turn a small file into billions of values, or a loop.
func checkAliases(name string, root *yaml.Node) error {
	c := aliasCheck{sizes: map[*yaml.Node]int{}}
	if c.size(root) <= maxValues {
		return nil
	}
	if c.cycle != nil {
		return &Problem{File: name, Line: c.cycle.Line, Column: c.cycle.Column,
			Reason: "alias *" + model.Sanitize(c.cycle.Value, false) + " is inside the value it names"}
	}
	return &Problem{File: name, Line: root.Line,
		Reason: "the config holds more than " + strconv.Itoa(maxValues) + " values, counting each use of an alias"}
}

// aliasCheck counts the values under each node once, aliases expanded.
type aliasCheck struct {
	sizes map[*yaml.Node]int // -1 while the node's own values are being counted
	cycle *yaml.Node         // the alias that closed a loop, if any
}

func (c *aliasCheck) size(n *yaml.Node) int {
	if n.Kind == yaml.AliasNode && n.Alias != nil && c.sizes[n.Alias] == -1 {
		c.cycle = n
		return maxValues + 1
	}
	if s, ok := c.sizes[n]; ok {
		return s
	}
	c.sizes[n] = -1
	total := 1
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		total = c.size(n.Alias)
	}
	for _, child := range n.Content {
		if total > maxValues {
			break
		}
		total += c.size(child)
	}
	total = min(total, maxValues+1)
	c.sizes[n] = total
	return total
}
