package command

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/warroom/warroom/model"
)

// runAttach stores standard input as evidence on an incident's timeline:
// `kubectl logs api-7 | ssh HOST attach INC-3 --name api-7.log --note
// crash loop`. The first bytes are kept, as many as the server's rules
// say (model.Rules.EvidenceLimit, 1 MiB by default); the size and
// SHA-256 printed and stored are of everything read, so that the evidence
// can be matched with its source even when cut. Input over
// model.MaxAttachmentSize is refused, so one pipe cannot hold the server
// hashing forever.
func runAttach(inv *invocation, rest string) error {
	fs := newFlags("attach")
	name := fs.String("name", "", "the attachment's name (default stdin)")
	asJSON := fs.Bool("json", false, "print the committed event as JSON")
	note, rest := cutNote(fs, rest)
	args, err := parseFlags(fs, fields(rest))
	if err != nil {
		return err
	}
	switch {
	case len(args) == 0:
		return usagef("missing the incident id")
	case len(args) > 1:
		return usagef("attach takes one incident id, not %d arguments; the evidence comes on standard input", len(args))
	}
	// Before reading: a mistyped id should not wait for a long pipe.
	state := inv.store.Snapshot()
	if _, ok := state.Incident(args[0]); !ok {
		return model.Errorf(model.CodeNotFound, "no incident %s", model.Sanitize(strings.TrimSpace(args[0]), false))
	}
	ev, err := readEvidence(inv, int(state.Rules().EvidenceLimit()))
	if err != nil {
		return err
	}
	e, err := inv.store.Dispatch(inv.ctx, inv.actor, model.Attach{
		Incident: args[0], Name: *name, Note: note,
		Content: string(ev.kept), Size: ev.size, SHA256: ev.sha256, Truncated: int64(len(ev.kept)) < ev.size,
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return printChange(inv, e, true)
	}
	a, ok := e.Data.(model.Attached)
	if !ok {
		return model.Errorf(model.CodeInternal, "attach committed a %s event", e.Kind())
	}
	line := fmt.Sprintf("%s: %s", e.Incident, a.Summary())
	if a.Truncated {
		line += fmt.Sprintf("; kept the first %s", model.FormatSize(a.Kept))
	}
	_, err = fmt.Fprintln(inv.out, line)
	return err
}

// cutNote takes --note TEXT out of rest and returns the note and what is
// left. The note is every word after the flag up to the next flag of fs,
// as sent: OpenSSH joins its arguments with spaces, so a quoted note
// arrives as several words.
func cutNote(fs *flag.FlagSet, rest string) (note, without string) {
	ws := splitWords(rest)
	for i, w := range ws {
		if w.text == "--" {
			break
		}
		flagText, value, hasValue := strings.Cut(w.text, "=")
		if name, ok := flagName(flagText); !ok || name != "note" {
			continue
		}
		end := len(rest)
		for _, next := range ws[i+1:] {
			if next.text == "--" || isFlagWord(fs, next.text) {
				end = next.start
				break
			}
		}
		body := rest[w.end:end]
		if hasValue {
			body = value + body
		}
		return text(body), rest[:w.start] + rest[end:]
	}
	return "", rest
}

// evidence is what was read from standard input: its first bytes, and
// the size and SHA-256 of all of it.
type evidence struct {
	kept   []byte
	size   int64
	sha256 string
}

// readEvidence reads standard input to its end, keeping the first limit
// bytes and hashing all of it, up to model.MaxAttachmentSize.
func readEvidence(inv *invocation, limit int) (evidence, error) {
	var ev evidence
	err := readStdin(inv, "evidence", func(r io.Reader) error {
		h := sha256.New()
		prefix := &prefixWriter{limit: limit}
		n, err := io.Copy(io.MultiWriter(h, prefix), io.LimitReader(r, model.MaxAttachmentSize+1))
		ev = evidence{kept: prefix.b, size: n, sha256: hex.EncodeToString(h.Sum(nil))}
		return err
	})
	switch {
	case err != nil:
		return evidence{}, err
	case ev.size > model.MaxAttachmentSize:
		return evidence{}, model.Errorf(model.CodeInvalid, "the evidence on standard input is over %d bytes (64 MiB); attach a part of it", model.MaxAttachmentSize)
	case ev.size == 0:
		return evidence{}, usagef("nothing to attach: standard input was empty (pipe the evidence in: some command | ssh HOST attach INC)")
	}
	return ev, nil
}

// prefixWriter keeps the first limit bytes written to it and accepts the
// rest without keeping them.
type prefixWriter struct {
	b     []byte
	limit int
}

func (w *prefixWriter) Write(p []byte) (int, error) {
	if room := w.limit - len(w.b); room > 0 {
		w.b = append(w.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
