package prompt

import (
	"strings"
	"unicode/utf8"

	"github.com/warroom/warroom/model/cmdline"
)

// cycle is a completion with several options that tab steps through; the
// line ends with the chosen option (or their common prefix before the
// first step).
type cycle struct {
	start   int // byte offset of the word being completed
	options []string
	chosen  int // -1 until tab or shift+tab picks one
}

func (c *cycle) active() bool { return len(c.options) > 0 }

// step moves the choice by dir (+1 or -1), wrapping around; from no choice
// it lands on the first or the last option.
func (c *cycle) step(dir int) {
	n := len(c.options)
	switch {
	case c.chosen < 0 && dir > 0:
		c.chosen = 0
	case c.chosen < 0:
		c.chosen = n - 1
	default:
		c.chosen = (c.chosen + dir + n) % n
	}
}

// complete handles tab (dir +1) and shift+tab (dir -1). Plain text has no
// completion, so the key is left to the room; a /command line keeps tab
// even when nothing matches, so focus does not jump away mid-command.
func (m *Model) complete(dir int) Outcome {
	if m.cycle.active() {
		m.cycle.step(dir)
		m.setLine(m.Value()[:m.cycle.start] + m.cycle.options[m.cycle.chosen])
		return Handled
	}
	line := m.Value()
	if !strings.HasPrefix(line, "/") {
		return Ignored
	}
	c := cmdline.Complete(line, m.values)
	switch len(c.Options) {
	case 0:
		return Handled
	case 1:
		m.setLine(line[:c.Start] + c.Options[0] + " ")
	default:
		// Options match the word ignoring case, so their common prefix can
		// be shorter than what was typed; then the word stays as it is.
		if p := commonPrefix(c.Options); len(p) > len(line)-c.Start {
			m.setLine(line[:c.Start] + p)
		}
		m.cycle = cycle{start: c.Start, options: c.Options, chosen: -1}
	}
	m.history.stopBrowsing()
	return Handled
}

// commonPrefix is the longest byte prefix all of options share, cut back
// to a whole rune.
func commonPrefix(options []string) string {
	p := options[0]
	for _, o := range options[1:] {
		n := 0
		for n < len(p) && n < len(o) && p[n] == o[n] {
			n++
		}
		for n > 0 && n < len(p) && !utf8.RuneStart(p[n]) {
			n--
		}
		p = p[:n]
	}
	return p
}
