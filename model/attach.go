package model

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on evidence piped into a room. The content kept is at most the
// rules' EvidenceLimit (DefaultEvidenceBytes unless the config says
// otherwise, never over MaxEvidenceBytes), so that one event stays a
// reasonable size in the journal; the digest and size are of everything
// read, up to MaxAttachmentSize, beyond which an attachment is refused
// outright.
const (
	DefaultEvidenceBytes   = 1 << 20
	MaxEvidenceBytes       = 16 << 20
	MaxAttachmentSize      = 64 << 20
	MaxAttachmentNameRunes = 100
	// FoldedAttachmentLines is how many lines of content the timeline
	// entry shows; the room expands the rest on request.
	FoldedAttachmentLines = 5
)

// DefaultAttachmentName names an attachment given no name.
const DefaultAttachmentName = "stdin"

// Attach stores evidence (a command's output, a log excerpt) on an
// incident's timeline. Content is the first bytes of what was read, at
// most the rules' EvidenceLimit; Size and SHA256 (lowercase hex) are of all of
// it, and Truncated says Content is shorter than Size.
type Attach struct {
	Incident  string
	Name      string
	Note      string
	Content   string
	Size      int64
	SHA256    string
	Truncated bool
}

// Attached is evidence stored on the timeline. Content is sanitised and,
// when truncated, ends with a line saying how much was kept; Kept is how
// many bytes of the original were.
type Attached struct {
	Name      string `json:"name"`
	Note      string `json:"note,omitempty"`
	Content   string `json:"content"`
	Size      int64  `json:"size"`
	Kept      int64  `json:"kept"`
	SHA256    string `json:"sha256"`
	Truncated bool   `json:"truncated,omitempty"`
}

const KindAttached Kind = "evidence.attached"

func (Attached) Kind() Kind { return KindAttached }

// Attachment is evidence on an incident: the payload with who attached it,
// when, and the seq of its timeline entry.
type Attachment struct {
	Seq   uint64
	Time  time.Time
	Actor string
	Attached
}

// Attachment returns the attachment recorded by the timeline entry seq.
func (inc *Incident) Attachment(seq uint64) (Attachment, bool) {
	i, ok := slices.BinarySearchFunc(inc.Attachments, seq, func(a Attachment, seq uint64) int { return cmp.Compare(a.Seq, seq) })
	if !ok {
		return Attachment{}, false
	}
	return inc.Attachments[i], true
}

func (c Attach) decide(d *decision) (string, Payload, error) {
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	name := c.Name
	if strings.TrimSpace(name) == "" {
		name = DefaultAttachmentName
	}
	if name, err = cleanLine(name, "attachment name", MaxAttachmentNameRunes); err != nil {
		return "", nil, err
	}
	note := ""
	if strings.TrimSpace(c.Note) != "" {
		if note, err = cleanLine(c.Note, "attachment note", MaxTitleRunes); err != nil {
			return "", nil, err
		}
	}
	kept, limit := int64(len(c.Content)), d.rules.EvidenceLimit()
	switch {
	case c.Size == 0:
		return "", nil, Errorf(CodeInvalid, "nothing to attach: the input was empty")
	case kept > limit:
		return "", nil, Errorf(CodeInvalid, "the attachment keeps %d bytes; the limit is %d (%s)", kept, limit, FormatSize(limit))
	case c.Size > MaxAttachmentSize:
		return "", nil, Errorf(CodeInvalid, "the input is %d bytes; the limit is %d (64 MiB)", c.Size, MaxAttachmentSize)
	case c.Size < kept || c.Truncated != (c.Size > kept):
		return "", nil, Errorf(CodeInvalid, "the attachment keeps %d of %d bytes but says truncated is %t", kept, c.Size, c.Truncated)
	case !isSHA256Hex(c.SHA256):
		return "", nil, Errorf(CodeInvalid, "the attachment's SHA-256 must be 64 lowercase hex digits")
	}
	content := c.Content
	if c.Truncated {
		// The cut may have split a character; drop its first bytes
		// rather than show a replacement character for them.
		content = trimPartialRune(content)
	}
	content = strings.TrimRight(Sanitize(content, true), "\n")
	if c.Truncated {
		content += fmt.Sprintf("\n… truncated: %d of %d bytes kept", kept, c.Size)
	}
	return inc.ID, Attached{Name: name, Note: note, Content: content, Size: c.Size, Kept: kept, SHA256: c.SHA256, Truncated: c.Truncated}, nil
}

func (p Attached) apply(s *State, e *Event) error {
	return s.change(e, p.folded(), func(inc *Incident) error {
		// A new array each time, so that earlier states keep theirs.
		inc.Attachments = append(slices.Clip(inc.Attachments), Attachment{Seq: e.Seq, Time: e.Time, Actor: e.Actor, Attached: p})
		return nil
	})
}

// Summary is the one-line description of the attachment: "attached
// df.txt (12.3 KiB, sha256 ab12cd34ef56…)".
func (p Attached) Summary() string {
	return fmt.Sprintf("attached %s (%s, sha256 %s…)", p.Name, FormatSize(p.Size), p.SHA256[:min(12, len(p.SHA256))])
}

// folded is the attachment's timeline entry: the summary and note, then
// the first lines of the content and how many more there are.
func (p Attached) folded() string {
	var b strings.Builder
	b.WriteString(p.Summary())
	if p.Note != "" {
		b.WriteString(": " + p.Note)
	}
	rest := p.Content
	for range FoldedAttachmentLines {
		if rest == "" {
			break
		}
		line, after, _ := strings.Cut(rest, "\n")
		b.WriteString("\n" + line)
		rest = after
	}
	if rest != "" {
		fmt.Fprintf(&b, "\n… %d more lines (enter expands)", strings.Count(rest, "\n")+1)
	}
	return b.String()
}

// FormatSize formats a byte count for people: "512 B", "12.3 KiB",
// "5.0 MiB".
func FormatSize(n int64) string {
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	v, suffix := float64(n)/unit, "KiB"
	for _, s := range []string{"MiB", "GiB"} {
		if v < unit {
			break
		}
		v, suffix = v/unit, s
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + suffix
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// trimPartialRune drops an incomplete UTF-8 sequence at the end of s.
func trimPartialRune(s string) string {
	for i := 1; i <= utf8.UTFMax && i <= len(s); i++ {
		if utf8.RuneStart(s[len(s)-i]) {
			if !utf8.FullRuneInString(s[len(s)-i:]) {
				return s[:len(s)-i]
			}
			return s
		}
	}
	return s
}
