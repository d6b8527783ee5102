package cmdline

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
)

// Command lines come from anyone who can type in a room or run an SSH
// command: parsing never panics, and no error message carries a control
// character back to the screen.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{"/sev 1", "/action add x @bob due:+2d kind:followup", "assign INC-3 ic alice",
		"/action due 1 +99999999999d", "/\x1b[2J", "action INC-1 add", "/ ", "/action\tdone\t1"} {
		f.Add(seed)
	}
	values := func(ArgKind) []string { return []string{"alice"} }
	f.Fuzz(func(t *testing.T, line string) {
		for _, parse := range []func(string, Context) (Parsed, error){Parse, ParseSSH} {
			if _, err := parse(line, room); err != nil {
				if msg := model.ErrorMessage(err); strings.ContainsFunc(msg, func(r rune) bool { return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 }) {
					t.Fatalf("error %q carries a control character", msg)
				}
			}
		}
		c := Complete(line, values)
		if c.Start > len(line) {
			t.Fatalf("completion starts at %d past the line's end %d", c.Start, len(line))
		}
	})
}
