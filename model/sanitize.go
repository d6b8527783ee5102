package model

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes user-supplied text safe to store and to show on another
// person's terminal. It removes terminal escape sequences whole (CSI, OSC,
// DCS and the like, so no stray "[31m" is left behind), C0 and C1 control
// characters, DEL and bidirectional overrides that can disguise text, and
// replaces invalid UTF-8 with U+FFFD. Tabs become a space. Newlines are
// kept only when multiline is set; otherwise they become a space. Carriage
// returns are dropped, so CRLF input reads as LF.
func Sanitize(s string, multiline bool) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case r == 0x1b:
			i += escapeLength(s[i:])
			continue
		case r == '\n':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r):
			// dropped
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isPlain reports whether s is printable ASCII, the common case, so that
// Sanitize can return it without copying.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

func isBidiControl(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// escapeLength returns how many bytes of s (which starts with ESC) belong
// to the escape sequence, so the whole sequence is skipped. An unterminated
// sequence runs to the end of s.
func escapeLength(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[': // CSI: parameters and intermediates, then a final byte 0x40..0x7e
		for i := 2; i < len(s); i++ {
			if c := s[i]; c >= 0x40 && c <= 0x7e {
				return i + 1
			} else if c < 0x20 || c > 0x3f {
				return i // malformed: stop before the offending byte
			}
		}
		return len(s)
	case ']', 'P', 'X', '^', '_': // string sequences: end at BEL or ST (ESC \)
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b {
				if i+1 < len(s) && s[i+1] == '\\' {
					return i + 2
				}
				return i
			}
		}
		return len(s)
	}
	// Two-byte sequences (ESC 7, ESC c, ESC ( B ...): drop ESC and the next
	// character if it is plain ASCII; anything else is left for the loop.
	if s[1] >= 0x20 && s[1] < 0x7f {
		return 2
	}
	return 1
}
