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

// FuzzRun feeds arbitrary command lines and standard input from every
// access level. Whatever the input, Run must not panic, must exit 0, 1 or
// 2, and must write nothing a terminal would take as a control sequence.
func FuzzRun(f *testing.F) {
	seeds := []string{
		"", "help", "incidents", "incidents --json", "incidents -json=false x",
		"declare --sev 2 db is down", "declare db --sev=1", "declare -- -x",
		"declare \x1b[31mred\x1b[0m title", "declare --sev \x9b2J", "declare '\"quoted\"'",
		"note INC-1 two words", "note INC-1 line\nline\x1b]0;x\x07", "note INC-1 -",
		"note \u202eINC-1 x", "timeline INC-1", "timeline INC-1 --json",
		"timeline INC-1 --follow", "timeline --follow --json INC-1",
		"\x1b[2J", "\xff\xfe", "declare --help", "-h", "note -- -- --", "\t note\tINC-1\t-h",
		"declare --service pay\x1b[1mments db", "followups", "followups mine --json", "followups --json=x all",
		"sev INC-1 1", "sev --json INC-1 \x9b2", "status inc-1 resolved", "resolve INC-1 --json", "assign INC-1 ic bob",
		"assign INC-1 \u202eic b\x00b", "unassign INC-1 tech", "take INC-1 scribe -h", "handover INC-1 bob",
		"accept INC-1", "decline INC-1", "escalate INC-1", "ack INC-1", "action add INC-1 fix @bob due:+2d kind:followup",
		"action INC-1 add --json -- -x due:9999-99-99", "action done INC-1 #1", "action start INC-1 1",
		"action reopen INC-1 1", "action assign INC-1 1 \x1b]0;x\x07", "action due INC-1 1 none", "action frob INC-1",
		"action", "update INC-1 -", "update -- INC-1 --json", "update INC-1 a --json", "pin INC-1 1", "unpin INC-1 99999999999999999999",
	}
	for _, s := range seeds {
		for level := range 4 {
			f.Add(s, "piped\x1b[2J\nnote", uint8(level))
		}
	}
	s := newStore(f, hub.Options{Rules: pagingRules()})
	dispatch(f, s, alice, model.Declare{Title: "db down"})
	dispatch(f, s, alice, model.AddAction{Incident: "INC-1", Title: "roll back"})
	dispatch(f, s, alice, model.PostNote{Incident: "INC-1", Text: "two\nlines"})

	f.Fuzz(func(t *testing.T, line, stdin string, level uint8) {
		actor := model.Actor{Name: "fuzz", Level: model.Level(level % 5)}
		// --follow runs until the client leaves: leave soon.
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		defer cancel()
		var stdout, stderr bytes.Buffer
		code := Run(ctx, s, actor, line, strings.NewReader(stdin), &stdout, &stderr)
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
