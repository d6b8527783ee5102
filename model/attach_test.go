package model

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// attach is the Attach a client sends for input, keeping at most limit
// bytes of it, as the SSH command does.
func attach(input string, limit int) Attach {
	sum := sha256.Sum256([]byte(input))
	kept := input[:min(len(input), limit)]
	return Attach{
		Incident: "INC-1", Name: "df.txt", Content: kept, Size: int64(len(input)),
		SHA256: hex.EncodeToString(sum[:]), Truncated: len(kept) < len(input),
	}
}

func numbered(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "line %d\n", i)
	}
	return b.String()
}

func TestAttach(t *testing.T) {
	small := attach("Filesystem  Use%\n/dev/sda1   93%\n", DefaultEvidenceBytes)
	withNote := small
	withNote.Note = "disk on db-2"
	long := attach(numbered(8), DefaultEvidenceBytes)
	hostile := attach("ok\x1b[2J\x1b]0;pwned\x07 line\r\n\x1b[31mred\u009b\n", DefaultEvidenceBytes)
	big := strings.Repeat("x", DefaultEvidenceBytes+1)
	atLimit := attach(big[:DefaultEvidenceBytes], DefaultEvidenceBytes)
	overLimit := attach(big, DefaultEvidenceBytes)
	// A cut in the middle of "é" keeps the bytes, not a broken character.
	splitRune := attach("abé", 3)

	keptTooMuch := attach(big, DefaultEvidenceBytes+1)
	tooBig := small
	tooBig.Size, tooBig.Truncated = MaxAttachmentSize+1, true
	lying := small
	lying.Truncated = true
	shortDigest := small
	shortDigest.SHA256 = "ab12"
	upperDigest := small
	upperDigest.SHA256 = strings.ToUpper(small.SHA256)
	empty := attach("", DefaultEvidenceBytes)
	longName := small
	longName.Name = strings.Repeat("n", MaxAttachmentNameRunes+1)
	noIncident := small
	noIncident.Incident = "INC-9"

	entryText := func(want string) func(*testing.T, *room) {
		return func(t *testing.T, r *room) {
			t.Helper()
			tl := r.inc().Timeline
			if got := tl[len(tl)-1].Text; got != want {
				t.Errorf("entry = %q\nwant %q", got, want)
			}
		}
	}
	runCases(t, warRules(), []decideCase{
		{name: "a small input", setup: opened(), by: bob, cmd: small,
			want: Attached{Name: "df.txt", Content: "Filesystem  Use%\n/dev/sda1   93%", Size: 33, Kept: 33, SHA256: small.SHA256},
			text: "attached df.txt (33 B, sha256 " + small.SHA256[:12] + "…)\nFilesystem  Use%\n/dev/sda1   93%"},
		{name: "with a note", setup: opened(), by: bob, cmd: withNote,
			check: entryText("attached df.txt (33 B, sha256 " + small.SHA256[:12] + "…): disk on db-2\nFilesystem  Use%\n/dev/sda1   93%")},
		{name: "folded to its first lines", setup: opened(), by: bob, cmd: long,
			check: entryText("attached df.txt (56 B, sha256 " + long.SHA256[:12] + "…)\nline 1\nline 2\nline 3\nline 4\nline 5\n… 3 more lines (enter expands)")},
		{name: "no name", setup: opened(), by: bob, cmd: Attach{Incident: "INC-1", Content: "x", Size: 1, SHA256: small.SHA256},
			check: func(t *testing.T, r *room) {
				if a := r.inc().Attachments[0]; a.Name != DefaultAttachmentName {
					t.Errorf("name = %q, want %q", a.Name, DefaultAttachmentName)
				}
			}},
		{name: "escapes never reach the model", setup: opened(), by: bob, cmd: hostile,
			check: func(t *testing.T, r *room) {
				inc := r.inc()
				entry, stored := inc.Timeline[len(inc.Timeline)-1].Text, inc.Attachments[0].Content
				for _, s := range []string{entry, stored} {
					if strings.ContainsAny(s, "\x1b\r\x07\u009b") {
						t.Errorf("control characters kept: %q", s)
					}
				}
				if stored != "ok line\nred" {
					t.Errorf("content = %q, want %q", stored, "ok line\nred")
				}
			}},
		{name: "exactly the limit", setup: opened(), by: bob, cmd: atLimit,
			check: func(t *testing.T, r *room) {
				a := r.inc().Attachments[0]
				if a.Truncated || len(a.Content) != DefaultEvidenceBytes || a.Size != DefaultEvidenceBytes {
					t.Errorf("truncated %t, %d bytes of %d kept; want all of %d", a.Truncated, len(a.Content), a.Size, DefaultEvidenceBytes)
				}
			}},
		{name: "over the limit, marked truncated", setup: opened(), by: bob, cmd: overLimit,
			check: func(t *testing.T, r *room) {
				a := r.inc().Attachments[0]
				mark := fmt.Sprintf("\n… truncated: %d of %d bytes kept", DefaultEvidenceBytes, DefaultEvidenceBytes+1)
				if !a.Truncated || a.Size != DefaultEvidenceBytes+1 || a.SHA256 != overLimit.SHA256 || !strings.HasSuffix(a.Content, mark) {
					t.Errorf("truncated %t, size %d, sha %s, content ends %q", a.Truncated, a.Size, a.SHA256, a.Content[len(a.Content)-60:])
				}
			}},
		{name: "a character split by the cut", setup: opened(), by: bob, cmd: splitRune,
			check: func(t *testing.T, r *room) {
				if got := r.inc().Attachments[0].Content; got != "ab\n… truncated: 3 of 4 bytes kept" {
					t.Errorf("content = %q", got)
				}
			}},
		{name: "on a resolved incident", setup: opened(step{by: alice, cmd: SetStatus{Incident: "INC-1", Status: StatusResolved}}), by: bob, cmd: small},

		{name: "an observer", setup: opened(), by: observer, cmd: small, code: CodeForbidden, msg: []string{"observer"}},
		{name: "no such incident", setup: opened(), by: bob, cmd: noIncident, code: CodeNotFound, msg: []string{"no incident INC-9"}},
		{name: "more kept than the limit", setup: opened(), by: bob, cmd: keptTooMuch, code: CodeInvalid, msg: []string{"the limit is 1048576 (1.0 MiB)"}},
		{name: "over the hard cap", setup: opened(), by: bob, cmd: tooBig, code: CodeInvalid, msg: []string{"the limit is 67108864 (64 MiB)"}},
		{name: "truncated but all kept", setup: opened(), by: bob, cmd: lying, code: CodeInvalid, msg: []string{"keeps 33 of 33 bytes"}},
		{name: "a short digest", setup: opened(), by: bob, cmd: shortDigest, code: CodeInvalid, msg: []string{"64 lowercase hex"}},
		{name: "an uppercase digest", setup: opened(), by: bob, cmd: upperDigest, code: CodeInvalid, msg: []string{"64 lowercase hex"}},
		{name: "empty input", setup: opened(), by: bob, cmd: empty, code: CodeInvalid, msg: []string{"nothing to attach"}},
		{name: "a long name", setup: opened(), by: bob, cmd: longName, code: CodeInvalid, msg: []string{"attachment name is 101 characters"}},
	})
}

func TestAttachKeepsTheConfiguredSize(t *testing.T) {
	rules := warRules()
	rules.EvidenceBytes = 1024
	input := strings.Repeat("log line\n", 400) // 3600 bytes
	cut := attach(input, 1024)
	keptTooMuch := attach(input, 1025)
	runCases(t, rules, []decideCase{
		{name: "cut at the configured size", setup: opened(), by: bob, cmd: cut,
			check: func(t *testing.T, r *room) {
				a := r.inc().Attachments[0]
				mark := "\n… truncated: 1024 of 3600 bytes kept"
				if !a.Truncated || a.Kept != 1024 || a.Size != 3600 || a.SHA256 != cut.SHA256 || !strings.HasSuffix(a.Content, mark) {
					t.Errorf("truncated %t, kept %d of %d, sha %s, content ends %q; want 1024 of 3600 kept and %q",
						a.Truncated, a.Kept, a.Size, a.SHA256, a.Content[max(0, len(a.Content)-50):], mark)
				}
			}},
		{name: "more kept than the configured size", setup: opened(), by: bob, cmd: keptTooMuch,
			code: CodeInvalid, msg: []string{"keeps 1025 bytes; the limit is 1024 (1.0 KiB)"}},
	})
}

func TestEvidenceLimit(t *testing.T) {
	for configured, want := range map[int64]int64{
		0:                    DefaultEvidenceBytes,
		-1:                   DefaultEvidenceBytes,
		4096:                 4096,
		MaxEvidenceBytes:     MaxEvidenceBytes,
		MaxEvidenceBytes + 1: MaxEvidenceBytes,
	} {
		r := &Rules{EvidenceBytes: configured}
		if got := r.EvidenceLimit(); got != want {
			t.Errorf("EvidenceLimit with EvidenceBytes %d = %d, want %d", configured, got, want)
		}
	}
}

func TestAttachmentsSurviveAReplayAndEarlierStatesKeepTheirs(t *testing.T) {
	r := newRoom(t, warRules(), opened(step{by: bob, cmd: attach("first\n", DefaultEvidenceBytes)})...)
	before := r.s
	r.do(step{by: carol, cmd: attach("second\n", DefaultEvidenceBytes)})
	if got := len(mustIncident(t, before).Attachments); got != 1 {
		t.Errorf("the earlier state has %d attachments, want 1", got)
	}
	inc := r.inc()
	a, ok := inc.Attachment(inc.Timeline[len(inc.Timeline)-1].Seq)
	if !ok || a.Content != "second" || a.Actor != "carol" || !a.Time.Equal(r.now) {
		t.Errorf("Attachment(last entry) = %+v, %t; want carol's second", a, ok)
	}
	if _, ok := inc.Attachment(inc.Timeline[0].Seq); ok {
		t.Error("the declaration reads as an attachment")
	}
	want := inc.Attachments
	r.restart()
	if got := r.inc().Attachments; !reflect.DeepEqual(got, want) {
		t.Errorf("after replay %+v\nwant %+v", got, want)
	}
}

func mustIncident(t *testing.T, s *State) *Incident {
	t.Helper()
	inc, ok := s.Incident("INC-1")
	if !ok {
		t.Fatal("no INC-1")
	}
	return inc
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 12595: "12.3 KiB", 5 << 20: "5.0 MiB", 3 << 30: "3.0 GiB"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}
