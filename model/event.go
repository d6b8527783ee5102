package model

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Kind names what an event records. Kinds are stored; never rename one.
type Kind string

// Payload is the kind-specific data of an event. Adding a kind means adding
// a payload type beside its command, and a case in decodePayload.
type Payload interface {
	Kind() Kind
	// apply folds the event into s, a copy of the state before it.
	apply(s *State, e *Event) error
}

// Event is one committed change. Seq is assigned by the journal order and
// starts at 1; ID is assigned by the writer so that a retried append whose
// outcome was unknown is recognised as a duplicate. Prev is assigned by
// the journal as it stores the event (see chain.go).
type Event struct {
	Seq      uint64
	ID       string
	Incident string
	Time     time.Time
	Actor    string
	Data     Payload
	// Prev is the SHA-256 of the previous event's stored bytes (all zeros
	// before the first event), or nil for an event stored before the
	// journal was chained (encoding version 1).
	Prev *Digest
}

// Kind is the kind of the event's payload.
func (e *Event) Kind() Kind { return e.Data.Kind() }

// NewEventID returns a 128-bit id in hex: 48 bits of Unix milliseconds, then
// 80 random bits (the layout of UUIDv7). Ids made later sort later, so a
// journal that indexes them inserts at the end of its index instead of
// dirtying pages all over it on every commit.
func NewEventID() string {
	var b [16]byte
	ms := uint64(time.Now().UnixMilli())
	for i := range 6 {
		b[i] = byte(ms >> (40 - 8*i))
	}
	_, _ = rand.Read(b[6:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// encodingVersion is the first byte of every stored event. Bump it when
// the layout changes; decoders refuse versions they do not know rather than
// guess. Version 1 had no prev digest; it is still read, as events stored
// before the journal was chained.
const (
	encodingVersion   = 2
	unchainedEncoding = 1
)

// The stored layout: the version byte; the prev digest (32 bytes, version 2
// on); the envelope as uvarint seq, then length-prefixed id, incident,
// varint Unix nanoseconds, length-prefixed actor and kind; then the payload
// as JSON to the end. The envelope is binary because decoding it as JSON
// was most of the cost of a replay; the payload stays JSON so that new
// kinds need only a struct. The digest sits at a fixed place so that the
// journal can link a batch encoded beforehand (LinkStored) once it knows
// the event before it.

// EncodeEvent returns the stored form of e. Without a Prev, the digest is
// left zero for the journal to fill in.
func EncodeEvent(e *Event) ([]byte, error) {
	if e.Data == nil {
		return nil, fmt.Errorf("encode event %d: no payload", e.Seq)
	}
	data, err := json.Marshal(e.Data)
	if err != nil {
		return nil, fmt.Errorf("encode event %d payload: %w", e.Seq, err)
	}
	kind := e.Data.Kind()
	b := make([]byte, 0, 1+DigestSize+4*binary.MaxVarintLen64+len(e.ID)+len(e.Incident)+len(e.Actor)+len(kind)+len(data))
	b = append(b, encodingVersion)
	var prev Digest
	if e.Prev != nil {
		prev = *e.Prev
	}
	b = append(b, prev[:]...)
	b = binary.AppendUvarint(b, e.Seq)
	b = appendString(b, e.ID)
	b = appendString(b, e.Incident)
	b = binary.AppendVarint(b, e.Time.UnixNano())
	b = appendString(b, e.Actor)
	b = appendString(b, string(kind))
	return append(b, data...), nil
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// DecodeEvent parses the stored form of an event. Any malformed input gives
// a CodeCorrupt error, never a panic.
func DecodeEvent(b []byte) (*Event, error) {
	if len(b) == 0 || (b[0] != encodingVersion && b[0] != unchainedEncoding) {
		v := -1
		if len(b) > 0 {
			v = int(b[0])
		}
		return nil, Errorf(CodeCorrupt, "event has encoding version %d; this build reads versions %d and %d", v, unchainedEncoding, encodingVersion)
	}
	r := envelopeReader{rest: b[1:]}
	var prev *Digest
	if b[0] == encodingVersion {
		if len(r.rest) < DigestSize {
			return nil, Errorf(CodeCorrupt, "event envelope is truncated or malformed")
		}
		prev = new(Digest(r.rest[:DigestSize]))
		r.rest = r.rest[DigestSize:]
	}
	e := &Event{Seq: r.uvarint(), Prev: prev}
	e.ID = r.string()
	e.Incident = r.string()
	e.Time = time.Unix(0, r.varint()).UTC()
	e.Actor = r.string()
	kind := Kind(r.string())
	if r.broken {
		return nil, Errorf(CodeCorrupt, "event envelope is truncated or malformed")
	}
	if e.Seq == 0 || e.ID == "" {
		return nil, Errorf(CodeCorrupt, "event is missing its sequence number or id")
	}
	p, err := decodePayload(kind, r.rest)
	if err != nil {
		return nil, WrapError(CodeCorrupt, err, "event %d (%s) has a bad payload", e.Seq, Sanitize(string(kind), false))
	}
	e.Data = p
	return e, nil
}

// envelopeReader reads the envelope's fields in order; after the first
// malformed field it reads zeros and reports broken.
type envelopeReader struct {
	rest   []byte
	broken bool
}

func (r *envelopeReader) uvarint() uint64 { return readVarint(r, binary.Uvarint) }

func (r *envelopeReader) varint() int64 { return readVarint(r, binary.Varint) }

func readVarint[T uint64 | int64](r *envelopeReader, decode func([]byte) (T, int)) T {
	v, n := decode(r.rest)
	if n <= 0 {
		r.broken, r.rest = true, nil
		return 0
	}
	r.rest = r.rest[n:]
	return v
}

func (r *envelopeReader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.rest)) {
		r.broken, r.rest = true, nil
		return ""
	}
	s := string(r.rest[:n])
	r.rest = r.rest[n:]
	return s
}

func decodePayload(k Kind, data []byte) (Payload, error) {
	switch k {
	case KindDeclared:
		return decodeAs[Declared](data)
	case KindNote:
		return decodeAs[NotePosted](data)
	case KindSeverity:
		return decodeAs[SeverityChanged](data)
	case KindStatus:
		return decodeAs[StatusChanged](data)
	case KindRole:
		return decodeAs[RoleChanged](data)
	case KindHandoverOffered:
		return decodeAs[HandoverOffered](data)
	case KindHandoverEnded:
		return decodeAs[HandoverEnded](data)
	case KindEscalated:
		return decodeAs[Escalated](data)
	case KindPageAcked:
		return decodeAs[PageAcked](data)
	case KindDelivered:
		return decodeAs[Delivered](data)
	case KindActionAdded:
		return decodeAs[ActionAdded](data)
	case KindActionChanged:
		return decodeAs[ActionChanged](data)
	case KindUpdate:
		return decodeAs[UpdatePosted](data)
	case KindPin:
		return decodeAs[EntryPinned](data)
	case KindThemeSet:
		return decodeAs[ThemeSet](data)
	case KindAlertsReceived:
		return decodeAs[AlertsReceived](data)
	case KindAttached:
		return decodeAs[Attached](data)
	case KindReviewField:
		return decodeAs[ReviewFieldSet](data)
	case KindReviewPublished:
		return decodeAs[ReviewPublished](data)
	}
	return nil, fmt.Errorf("unknown kind")
}

func decodeAs[P Payload](data []byte) (Payload, error) {
	var p P
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, err
	}
	return p, nil
}
