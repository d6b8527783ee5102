package command

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
)

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// attachedTo is the latest attachment on incident id.
func attachedTo(t *testing.T, s model.Store, id string) model.Attachment {
	t.Helper()
	inc, ok := s.Snapshot().Incident(id)
	if !ok || len(inc.Attachments) == 0 {
		t.Fatalf("%s has no attachment", id)
	}
	return inc.Attachments[len(inc.Attachments)-1]
}

func TestAttachStoresStandardInput(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "disk full"})
	input := "Filesystem  Use%\n/dev/sda1   93%\n"

	r := runWithStdin(t, s, bob, input, "attach", "INC-1", "--name", "df.txt", "--note", "disk", "on", "db-2")
	want := fmt.Sprintf("INC-1: attached df.txt (33 B, sha256 %s…)\n", sha256Hex(input)[:12])
	if r.code != ExitOK || r.stdout != want || r.stderr != "" {
		t.Fatalf("attach = %d %q %q; want 0 %q", r.code, r.stdout, r.stderr, want)
	}
	a := attachedTo(t, s, "INC-1")
	if a.Actor != "bob" || a.Name != "df.txt" || a.Note != "disk on db-2" || a.Content != strings.TrimSuffix(input, "\n") ||
		a.Size != 33 || a.SHA256 != sha256Hex(input) || a.Truncated {
		t.Errorf("stored %+v", a)
	}
}

func TestAttachLimits(t *testing.T) {
	limit := model.DefaultEvidenceBytes
	for _, tc := range []struct {
		name      string
		size      int
		truncated bool
	}{
		{name: "exactly the limit", size: limit},
		{name: "one byte over", size: limit + 1, truncated: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t, hub.Options{})
			dispatch(t, s, alice, model.Declare{Title: "noisy logs"})
			input := strings.Repeat("y\n", tc.size/2+1)[:tc.size]
			r := runWithStdin(t, s, bob, input, "attach", "INC-1")
			if r.code != ExitOK {
				t.Fatalf("attach = %d %q", r.code, r.stderr)
			}
			a := attachedTo(t, s, "INC-1")
			if a.Size != int64(tc.size) || a.SHA256 != sha256Hex(input) || a.Truncated != tc.truncated || a.Kept != int64(min(tc.size, limit)) {
				t.Errorf("size %d, kept %d, truncated %t, sha %s; want %d, %d, %t, the digest of all of it",
					a.Size, a.Kept, a.Truncated, a.SHA256, tc.size, min(tc.size, limit), tc.truncated)
			}
			mark := fmt.Sprintf("… truncated: %d of %d bytes kept", limit, tc.size)
			if got := strings.HasSuffix(a.Content, "\n"+mark); got != tc.truncated {
				t.Errorf("content ends %q; truncation mark shown = %t, want %t", a.Content[len(a.Content)-50:], got, tc.truncated)
			}
			if tc.truncated && !strings.Contains(r.stdout, "; kept the first 1.0 MiB") {
				t.Errorf("stdout %q does not say what was kept", r.stdout)
			}
		})
	}
}

func TestAttachKeepsTheConfiguredSize(t *testing.T) {
	s := newStore(t, hub.Options{Rules: &model.Rules{EvidenceBytes: 1024}})
	dispatch(t, s, alice, model.Declare{Title: "noisy logs"})
	input := strings.Repeat("0123456789abcde\n", 256) // 4 KiB
	r := runWithStdin(t, s, bob, input, "attach", "INC-1", "--name", "api.log")
	want := fmt.Sprintf("INC-1: attached api.log (4.0 KiB, sha256 %s…); kept the first 1.0 KiB\n", sha256Hex(input)[:12])
	if r.code != ExitOK || r.stdout != want {
		t.Fatalf("attach = %d %q %q; want 0 %q", r.code, r.stdout, r.stderr, want)
	}
	a := attachedTo(t, s, "INC-1")
	mark := "\n… truncated: 1024 of 4096 bytes kept"
	if !a.Truncated || a.Kept != 1024 || a.Size != 4096 || a.SHA256 != sha256Hex(input) || !strings.HasSuffix(a.Content, mark) {
		t.Errorf("truncated %t, kept %d of %d, sha %s, content ends %q; want 1024 of 4096 kept, the digest of all of it and %q",
			a.Truncated, a.Kept, a.Size, a.SHA256, a.Content[max(0, len(a.Content)-50):], mark)
	}
}

func TestAttachRefusesInputOverTheHardCap(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "noisy logs"})
	before := seq(s)
	r := runWithStdin(t, s, bob, strings.Repeat("z", model.MaxAttachmentSize+1), "attach", "INC-1")
	if r.code != ExitFailed || !strings.Contains(r.stderr, "over 67108864 bytes (64 MiB)") {
		t.Errorf("attach of 64 MiB + 1 = %d %q; want 1 and the limit", r.code, r.stderr)
	}
	if seq(s) != before {
		t.Error("a refused attachment was committed")
	}
}

func TestAttachRefusals(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "disk full"})
	for _, tc := range []struct {
		name   string
		by     model.Actor
		stdin  string
		args   []string
		code   int
		stderr string
	}{
		{name: "an observer", by: olive, stdin: "x", args: []string{"INC-1"}, code: ExitFailed, stderr: "olive is an observer"},
		{name: "no incident", by: bob, stdin: "x", args: []string{"INC-9"}, code: ExitFailed, stderr: "no incident INC-9"},
		{name: "no id", by: bob, stdin: "x", code: ExitUsage, stderr: "missing the incident id"},
		{name: "two ids", by: bob, stdin: "x", args: []string{"INC-1", "INC-2"}, code: ExitUsage, stderr: "one incident id"},
		{name: "empty input", by: bob, args: []string{"INC-1"}, code: ExitUsage, stderr: "standard input was empty"},
	} {
		r := runWithStdin(t, s, tc.by, tc.stdin, append([]string{"attach"}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) {
			t.Errorf("%s: %d %q; want %d and %q", tc.name, r.code, r.stderr, tc.code, tc.stderr)
		}
	}
	if inc, _ := s.Snapshot().Incident("INC-1"); len(inc.Attachments) != 0 {
		t.Errorf("refused attachments were stored: %+v", inc.Attachments)
	}
}

func TestAttachJSONPrintsTheEvent(t *testing.T) {
	s := newStore(t, hub.Options{})
	dispatch(t, s, alice, model.Declare{Title: "disk full"})
	r := runWithStdin(t, s, bob, "a\x1b[31mb\n", "attach", "--json", "INC-1", "--note=\"red", "text\"")
	var got struct {
		Kind    string
		Text    string
		Payload model.Attached
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != ExitOK {
		t.Fatalf("attach --json = %d %q %q (%v)", r.code, r.stdout, r.stderr, err)
	}
	if got.Kind != string(model.KindAttached) || got.Payload.Content != "ab" || got.Payload.Note != "red text" || !strings.HasSuffix(got.Text, ": red text\nab") {
		t.Errorf("attach --json = %+v", got)
	}
}
