package command

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
)

// FuzzRun feeds arbitrary command lines (arguments separated by NUL, which
// an SSH client cannot send inside one) from every access level. Whatever
// the input, Run must not panic, must exit 0, 1 or 2, and must write
// nothing a terminal would take as a control sequence.
func FuzzRun(f *testing.F) {
	seeds := []string{
		"", "help", "incidents", "incidents\x00--json", "incidents\x00-json=false\x00x",
		"declare\x00--sev\x002\x00db is down", "declare\x00db\x00--sev=1", "declare\x00--\x00-x",
		"declare\x00\x1b[31mred\x1b[0m\x00title", "declare\x00--sev\x00\x9b2J",
		"note\x00INC-1\x00two\x00words", "note\x00INC-1\x00line\nline\x1b]0;x\x07",
		"note\x00\u202eINC-1\x00x", "timeline\x00INC-1", "timeline\x00INC-1\x00--json",
		"timeline\x00INC-1\x00--follow", "timeline\x00--follow\x00--json\x00INC-1",
		"\x1b[2J", "\xff\xfe", "declare\x00--help", "-h", "note\x00--\x00--\x00--",
	}
	for _, s := range seeds {
		for level := range 4 {
			f.Add(s, uint8(level))
		}
	}
	s := newStore(f, hub.Options{})
	dispatch(f, s, alice, model.Declare{Title: "db down"})
	dispatch(f, s, alice, model.PostNote{Incident: "INC-1", Text: "two\nlines"})

	f.Fuzz(func(t *testing.T, line string, level uint8) {
		var args []string
		if line != "" {
			args = strings.Split(line, "\x00")
		}
		actor := model.Actor{Name: "fuzz", Level: model.Level(level % 5)}
		// --follow runs until the client leaves: leave soon.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		var stdout, stderr bytes.Buffer
		code := Run(ctx, s, actor, args, &stdout, &stderr)
		if code != ExitOK && code != ExitFailed && code != ExitUsage {
			t.Errorf("exit status %d", code)
		}
		for name, out := range map[string][]byte{"stdout": stdout.Bytes(), "stderr": stderr.Bytes()} {
			if r, ok := firstControl(out); ok {
				t.Errorf("%s contains control character %U: %q", name, r, out)
			}
		}
	})
}

// firstControl returns the first rune of out that is not safe to show on
// a terminal: invalid UTF-8, a C0 control other than newline, DEL, or a
// C1 control.
func firstControl(out []byte) (rune, bool) {
	for len(out) > 0 {
		r, size := utf8.DecodeRune(out)
		if (r == utf8.RuneError && size <= 1) || (r < 0x20 && r != '\n') || (r >= 0x7f && r <= 0x9f) {
			return r, true
		}
		out = out[size:]
	}
	return 0, false
}
