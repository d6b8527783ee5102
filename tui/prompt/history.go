package prompt

// historyLimit is how many sent lines up and down can walk back through.
const historyLimit = 100

// history is the lines sent from one prompt, newest last, and where up
// and down have walked to.
type history struct {
	lines []string
	// recall is the index of the line shown; len(lines) while the person
	// is on their own draft.
	recall int
	// draft is what was being typed when up first left it, given back
	// when down walks past the newest line.
	draft string
}

// add records a sent line, unless it repeats the one before, and goes
// back to a fresh draft.
func (h *history) add(line string) {
	if n := len(h.lines); n == 0 || h.lines[n-1] != line {
		if n == historyLimit {
			h.lines = append(h.lines[:0], h.lines[1:]...)
		}
		h.lines = append(h.lines, line)
	}
	h.recall, h.draft = len(h.lines), ""
}

// prev steps to the line sent before the one shown; current is the text
// in the prompt, kept as the draft when leaving it. A draft that is the
// newest line (sent and refused, still there to fix) is not shown twice.
func (h *history) prev(current string) (string, bool) {
	recall := h.recall
	if recall == len(h.lines) && recall > 0 && h.lines[recall-1] == current {
		recall--
	}
	if recall == 0 {
		return "", false
	}
	if h.recall == len(h.lines) {
		h.draft = current
	}
	h.recall = recall - 1
	return h.lines[h.recall], true
}

// next steps toward the newest line, and past it back to the draft.
func (h *history) next() (string, bool) {
	if h.recall >= len(h.lines) {
		return "", false
	}
	h.recall++
	if h.recall == len(h.lines) {
		return h.draft, true
	}
	return h.lines[h.recall], true
}

// stopBrowsing makes the text in the prompt the draft again: a recalled
// line that was edited is a new line, not the old one.
func (h *history) stopBrowsing() {
	h.recall, h.draft = len(h.lines), ""
}
