package tui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// checkRendered parses what a program wrote to a terminal and returns an
// error at the first thing that could only have come from user text: a
// printable run that is not valid UTF-8 or holds a C1 control or a
// bidirectional override, a control character other than the line
// movements, or an escape sequence the renderer does not itself emit
// (string sequences carrying data, 8-bit introducers, a stray ESC).
func checkRendered(raw []byte) error {
	p := ansi.NewParser()
	var state byte
	for off := 0; off < len(raw); {
		seq, _, n, next := ansi.DecodeSequence(raw[off:], state, p)
		if n == 0 {
			return fmt.Errorf("parser stuck at byte %d", off)
		}
		if err := checkSequence(string(seq), p); err != nil {
			return fmt.Errorf("at byte %d, %q: %w", off, around(raw, off), err)
		}
		state = next
		off += n
	}
	if state != ansi.NormalState {
		return fmt.Errorf("output ends inside an escape sequence")
	}
	return nil
}

// around is the output around off, for the error.
func around(raw []byte, off int) []byte {
	return raw[max(off-40, 0):min(off+40, len(raw))]
}

func checkSequence(seq string, p *ansi.Parser) error {
	switch {
	case seq == "":
		return nil
	case seq[0] >= 0x80 && seq[0] <= 0x9f:
		return fmt.Errorf("8-bit control 0x%02x", seq[0])
	case seq[0] == ansi.ESC:
		return checkEscape(seq, p)
	case len(seq) == 1 && (seq[0] < 0x20 || seq[0] == 0x7f):
		if strings.IndexByte("\r\n\b", seq[0]) < 0 {
			return fmt.Errorf("control character 0x%02x", seq[0])
		}
		return nil
	}
	return checkPrintable(seq)
}

// checkPrintable checks one grapheme the renderer put in a cell.
func checkPrintable(g string) error {
	if !utf8.ValidString(g) {
		return fmt.Errorf("invalid UTF-8 %q", g)
	}
	for _, r := range g {
		switch {
		case r < 0x20 || r == 0x7f:
			return fmt.Errorf("control character U+%04X in text", r)
		case r >= 0x80 && r <= 0x9f:
			return fmt.Errorf("C1 control U+%04X in text", r)
		case r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
			return fmt.Errorf("bidirectional control U+%04X in text", r)
		}
	}
	return nil
}

// checkEscape accepts the sequences the renderer emits: CSI for the
// cursor, erasing, scrolling, colours and terminal modes and queries; the
// background-colour and cursor-colour OSC queries; and save/restore
// cursor, reverse index and keypad modes. Everything else — OSC 52, OSC 8,
// DCS, APC, PM, SOS, a reset, a lone ESC — carries data or power the
// renderer never uses, so it must have come from a user.
func checkEscape(seq string, p *ansi.Parser) error {
	switch {
	case ansi.HasCsiPrefix(seq):
		cmd := ansi.Cmd(p.Command())
		if cmd == 0 || !strings.ContainsRune(rendererCSI, rune(cmd.Final())) {
			return fmt.Errorf("CSI sequence %q", seq)
		}
		return nil
	case ansi.HasOscPrefix(seq):
		if !rendererOSC[oscBody(seq)] {
			return fmt.Errorf("OSC sequence %q", seq)
		}
		return nil
	case ansi.HasDcsPrefix(seq), ansi.HasApcPrefix(seq), ansi.HasPmPrefix(seq), ansi.HasSosPrefix(seq):
		return fmt.Errorf("string sequence %q", seq)
	case len(seq) == 2 && strings.IndexByte("78M=>", seq[1]) >= 0:
		return nil
	}
	return fmt.Errorf("escape sequence %q", seq)
}

// rendererCSI is the final bytes of the CSI sequences the renderer uses:
// cursor movement and position, erase, insert and delete, scroll region,
// repeat, SGR, set/reset mode, mode and device queries, cursor style and
// the keyboard protocol.
const rendererCSI = "ABCDEFGHIJKLMPSTXZ@abdfhlmnprsqtcu`"

// rendererOSC is every OSC the renderer sends, by body.
var rendererOSC = map[string]bool{
	"11;?": true, // background colour query
	"12;?": true, // cursor colour query
	"112":  true, // reset cursor colour
}

// oscBody is an OSC sequence without its introducer and terminator.
func oscBody(seq string) string {
	body := strings.TrimPrefix(seq, "\x1b]")
	for _, st := range []string{"\x07", "\x1b\\"} {
		body = strings.TrimSuffix(body, st)
	}
	return body
}
