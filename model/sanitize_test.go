package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
		multiline      bool
	}{
		{"plain ASCII is untouched", "db is down", "db is down", false},
		{"unicode is kept", "crème brûlée 数据库 🔥", "crème brûlée 数据库 🔥", false},
		{"CSI colour removed whole", "\x1b[31mred\x1b[0m", "red", false},
		{"OSC title with BEL", "a\x1b]0;owned\x07b", "ab", false},
		{"OSC clipboard with ST", "a\x1b]52;c;ZXZpbA==\x1b\\b", "ab", false},
		{"DCS removed", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab", false},
		{"two-byte escape", "a\x1bcb", "ab", false},
		{"lone ESC at end", "a\x1b", "a", false},
		{"C0 and DEL dropped", "a\x00\x07\x08\x7fb", "ab", false},
		{"C1 dropped", "a\u009b31mb\u0085c", "a31mbc", false},
		{"bidi override dropped", "file\u202Etxt.exe", "filetxt.exe", false},
		{"invalid UTF-8 replaced", "a\xffb", "a\uFFFDb", false},
		{"tab is a space", "a\tb", "a b", false},
		{"newline kept in multiline", "a\r\nb", "a\nb", true},
		{"newline is a space in a line", "a\nb", "a b", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sanitize(tc.in, tc.multiline); got != tc.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// The property every renderer relies on: nothing a user types can reach
// another terminal as a control sequence.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"hello", "\x1b[31mx", "\x1b]0;t\x07", "\xff\xfe", "a\u009bb", "\r\n\t"} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, in string, multiline bool) {
		out := Sanitize(in, multiline)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 in %q", out)
		}
		for _, r := range out {
			if (r < 0x20 && !(multiline && r == '\n')) || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isBidiControl(r) {
				t.Fatalf("control %U survived in %q (from %q)", r, out, in)
			}
		}
		if Sanitize(out, multiline) != out {
			t.Fatalf("not idempotent: %q", out)
		}
		if !multiline && strings.Contains(out, "\n") {
			t.Fatalf("newline in a single line: %q", out)
		}
	})
}
