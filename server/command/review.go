package command

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warroom/warroom/model"
)

// reviewJSON is the --json form of a review: the draft as the record
// reads now, the frozen review once published, and the record it was made
// from. It is a contract with scripts: add fields, never rename or remove
// one.
type reviewJSON struct {
	Review    model.ReviewDraft `json:"review"`
	Published *publishedJSON    `json:"published,omitempty"`
	// From is the event the shown review was made from (the published
	// one's once published); Head is that event's digest, "" when the
	// store does not hand out its journal.
	From uint64 `json:"from"`
	Head string `json:"head,omitempty"`
}

type publishedJSON struct {
	Seq      uint64    `json:"seq"` // the event that published it
	Time     time.Time `json:"time"`
	By       string    `json:"by"`
	Markdown string    `json:"markdown"`
}

// runReview prints an incident's post-incident review: drafted from the
// record while it is a draft (plain text, or Markdown with --markdown),
// the frozen Markdown once published. Its last line names the event it
// was made from and, when the journal can be verified, that event's
// digest. "review INC set …" and "review INC publish" are the room's
// commands, run as every table command is.
func runReview(inv *invocation, rest string) error {
	if changesReview(rest) {
		return runTable("review")(inv, rest)
	}
	fs := newFlags("review")
	asMarkdown := fs.Bool("markdown", false, "print the review as Markdown")
	asJSON := fs.Bool("json", false, "print the review as JSON")
	args, err := parseFlags(fs, fields(rest))
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return usagef("review takes one incident, like review INC-7")
	}
	snap := inv.store.Snapshot()
	inc, ok := snap.Incident(args[0])
	if !ok {
		return model.Errorf(model.CodeNotFound, "no incident %s", model.Sanitize(strings.TrimSpace(args[0]), false))
	}
	draft := snap.DraftReview(inc)
	published := inc.Review.Published
	from := draft.From
	if published != nil {
		from = published.From
	}
	head, verifyErr := recordDigest(inv, from)
	if *asJSON {
		out := reviewJSON{Review: draft, From: from, Head: head}
		if published != nil {
			out.Published = &publishedJSON{Seq: published.Seq, Time: published.Time.UTC(), By: published.By, Markdown: published.Markdown}
		}
		return firstErr(writeJSON(inv, out), verifyErr)
	}
	var doc string
	switch {
	case published != nil:
		doc = published.Markdown
	case *asMarkdown:
		doc = draft.Markdown()
	default:
		doc = draft.Text()
	}
	made := fmt.Sprintf("Made from the record at event %d", from)
	if head != "" {
		made += ", head " + head
	}
	_, err = fmt.Fprintf(inv.out, "%s\n%s.\n", doc, made)
	return firstErr(err, verifyErr)
}

// firstErr returns the first error that is not nil.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// changesReview reports whether a review command line is one of the room's
// review commands (set, publish) rather than a request to print it: its
// first or second word, flags aside, is set or publish.
func changesReview(rest string) bool {
	var words []string
	for _, w := range strings.Fields(rest) {
		if !strings.HasPrefix(w, "-") {
			words = append(words, w)
		}
	}
	return slices.ContainsFunc(words[:min(2, len(words))], func(w string) bool {
		return strings.EqualFold(w, "set") || strings.EqualFold(w, "publish")
	})
}

// errFound stops a walk of the journal once it has read what it wants.
var errFound = errors.New("found")

// recordDigest checks the journal's chain and returns the digest of event
// seq, the record a review was made from: "" when the store does not hand
// out its journal. A broken chain is returned as the error, for the
// command to fail after the review is printed.
func recordDigest(inv *invocation, seq uint64) (string, error) {
	raw, ok := inv.store.(model.RawReader)
	if !ok {
		return "", nil
	}
	res, err := model.Verify(inv.ctx, raw)
	if err != nil {
		return "", err
	}
	if err := res.Err(); err != nil {
		return "", model.Errorf(model.CodeCorrupt, "the record this review was made from fails verification: %s", model.ErrorMessage(err))
	}
	var digest model.Digest
	err = raw.Raw(inv.ctx, seq, func(_ uint64, stored []byte) error {
		digest = model.DigestOf(stored)
		return errFound
	})
	switch {
	case err == nil:
		return "", model.Errorf(model.CodeInternal, "the journal has no event %d", seq)
	case !errors.Is(err, errFound):
		return "", fmt.Errorf("read event %d of the journal: %w", seq, err)
	}
	return digest.String(), nil
}
