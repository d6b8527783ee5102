package model

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// The journal is a hash chain: every event stored from encoding version 2
// on carries the SHA-256 of the stored bytes of the event before it (32
// zero bytes for the journal's first event), so that changing, removing or
// reordering any stored event breaks a link after it. The digest of the
// newest event (the head) therefore pins the whole record: a copy whose
// head matches one noted earlier holds exactly what it held then.
//
// Events stored by builds before the chain (version 1) carry no digest. A
// journal may start with them; the chain then starts at its first version
// 2 event, whose prev must be the digest of the last version 1 event, so
// that the link into the chain is checked too. The version 1 prefix itself
// is reported as unverified.

// DigestSize is the length of a Digest.
const DigestSize = sha256.Size

// Digest is the SHA-256 of an event's stored bytes.
type Digest [DigestSize]byte

// DigestOf returns the digest of an event's stored bytes.
func DigestOf(stored []byte) Digest { return sha256.Sum256(stored) }

// String returns the digest as "sha256:" and its hex.
func (d Digest) String() string { return "sha256:" + hex.EncodeToString(d[:]) }

// LinkStored fills in the prev digest of events encoded by EncodeEvent,
// about to be stored in order after the event whose digest is head (zero
// for an empty journal), and returns the prev digest each was given. The
// journal calls it where it assigns the events their place, so that the
// chain follows the stored order whatever the writers did.
func LinkStored(head Digest, records [][]byte) ([]Digest, error) {
	prevs := make([]Digest, len(records))
	for i, rec := range records {
		if len(rec) < 1+DigestSize || rec[0] != encodingVersion {
			return nil, Errorf(CodeInvalid, "event %d of the batch is not encoded as version %d", i+1, encodingVersion)
		}
		copy(rec[1:1+DigestSize], head[:])
		prevs[i] = head
		head = DigestOf(rec)
	}
	return prevs, nil
}

// RawReader is a journal that hands out its events as stored, for Verify.
type RawReader interface {
	// Raw calls fn with every stored event with Seq >= from, in order, and
	// stops at the first error fn returns. stored is valid only during
	// the call.
	Raw(ctx context.Context, from uint64, fn func(seq uint64, stored []byte) error) error
}

// Link names one stored event by its sequence number and digest.
type Link struct {
	Seq    uint64
	Digest Digest
}

// VerifyResult is what Verify found.
type VerifyResult struct {
	Events    uint64 // events read: all of them when intact
	Unchained uint64 // the leading events stored before the chain: unverified
	// Head is the newest event's digest (zero for an empty journal); it
	// is meaningful only when the chain is intact.
	Head Digest
	// BrokenAt is the first event that fails a check, 0 when intact;
	// Reason says how.
	BrokenAt uint64
	Reason   string
	// Latest is each incident's newest event among those read.
	Latest map[string]Link
}

// Intact reports whether every link checked out.
func (r VerifyResult) Intact() bool { return r.BrokenAt == 0 }

// Summary is the one-line report of an intact chain.
func (r VerifyResult) Summary() string {
	line := fmt.Sprintf("intact: %d events, head %s", r.Events, r.Head)
	if r.Unchained > 0 {
		line += fmt.Sprintf(" (the first %d were stored before the chain began and are not verified)", r.Unchained)
	}
	return line
}

// Err returns nil for an intact chain, else a CodeCorrupt error that says
// where and how it is broken.
func (r VerifyResult) Err() error {
	if r.Intact() {
		return nil
	}
	return Errorf(CodeCorrupt, "broken at event %d: %s", r.BrokenAt, r.Reason)
}

// Verify walks every stored event of r from the first, checks that the
// sequence has no gaps, that each event decodes and is the event it is
// stored as, and each link of the chain; it stops at the first failure.
// The error is for a journal that could not be read at all; a broken chain
// is a result (see VerifyResult.Err).
func Verify(ctx context.Context, r RawReader) (VerifyResult, error) {
	w := chainWalk{res: VerifyResult{Latest: map[string]Link{}}}
	errStop := errors.New("chain broken")
	err := r.Raw(ctx, 1, func(seq uint64, stored []byte) error {
		if !w.next(seq, stored) {
			return errStop
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return w.res, WrapError(ErrorCode(err), err, "cannot verify the journal past event %d: %s", w.res.Events, ErrorMessage(err))
	}
	return w.res, nil
}

// chainWalk checks stored events one at a time.
type chainWalk struct {
	res     VerifyResult
	chained bool // a version 2 event was seen: the rest must be too
}

// next checks the event stored as seq and reports whether the chain still
// holds.
func (w *chainWalk) next(seq uint64, stored []byte) bool {
	want := w.res.Events + 1
	w.res.Events++
	if seq != want {
		return w.broken(want, fmt.Sprintf("it is missing: the journal goes on at event %d", seq))
	}
	e, err := DecodeEvent(stored)
	switch {
	case err != nil:
		return w.broken(seq, "it cannot be read: "+ErrorMessage(err))
	case e.Seq != seq:
		return w.broken(seq, fmt.Sprintf("it says it is event %d", e.Seq))
	case e.Prev == nil && w.chained:
		return w.broken(seq, "it has no digest of the event before it, yet the chain began before it")
	case e.Prev == nil:
		w.res.Unchained++
	case *e.Prev != w.res.Head && seq == 1:
		return w.broken(seq, fmt.Sprintf("it is the first event, yet records %s as the event before it", *e.Prev))
	case *e.Prev != w.res.Head:
		return w.broken(seq-1, fmt.Sprintf("its stored bytes (%s) are not what event %d recorded for it (%s): one of the two was altered", w.res.Head, seq, *e.Prev))
	default:
		w.chained = true
	}
	w.res.Head = DigestOf(stored)
	w.res.Latest[e.Incident] = Link{Seq: seq, Digest: w.res.Head}
	return true
}

func (w *chainWalk) broken(at uint64, reason string) bool {
	w.res.BrokenAt, w.res.Reason = at, Sanitize(reason, false)
	return false
}
