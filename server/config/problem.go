package config

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// maxProblems bounds how many problems one Parse reports: enough to fix a
// file in one pass, few enough that a mangled file does not flood the log.
const maxProblems = 10

// Problem is one thing wrong with a config file and where it is. Its text
// reads "warroom.yaml:12: policies[1].levels[0].timeout: reason", with the
// column after the line when the value sits in a flow collection such as
// [a, b] and the line alone does not say which one is meant.
type Problem struct {
	File   string
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based; 0 when the line says enough
	Path   string // the offending key, e.g. "policies[1].name"; "" for the file itself
	Reason string
}

func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteString(":" + strconv.Itoa(p.Line))
		if p.Column > 0 {
			b.WriteString(":" + strconv.Itoa(p.Column))
		}
	}
	b.WriteString(": ")
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Reason)
	return b.String()
}

// problems collects what is wrong with one file.
type problems struct {
	file    string
	list    []*Problem
	dropped int // found after the list was full
}

func (ps *problems) add(p *Problem) {
	if len(ps.list) == maxProblems {
		ps.dropped++
		return
	}
	ps.list = append(ps.list, p)
}

// found counts the problems so far, those past the cap included.
func (ps *problems) found() int { return len(ps.list) + ps.dropped }

// err joins the problems in file order, one per line, or is nil. The
// first *Problem is reachable with errors.As.
func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	slices.SortStableFunc(ps.list, func(a, b *Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	errs := make([]error, 0, len(ps.list)+1)
	for _, p := range ps.list {
		errs = append(errs, p)
	}
	if ps.dropped > 0 {
		errs = append(errs, fmt.Errorf("%s: %d more problems not shown; fix these first", ps.file, ps.dropped))
	}
	return errors.Join(errs...)
}
