package model

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// Kind names what an event records. Kinds are stored; never rename one.
type Kind string

const (
	KindDeclared Kind = "incident.declared"
	KindNote     Kind = "note.posted"
)

// Payload is the kind-specific data of an event. Adding a kind means adding
// a payload type, a case in decodePayload, one in Decide and one in Apply.
type Payload interface {
	Kind() Kind
}

// Declared opens an incident.
type Declared struct {
	Number   int      `json:"number"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
}

func (Declared) Kind() Kind { return KindDeclared }

// NotePosted is a note typed by a person.
type NotePosted struct {
	Text string `json:"text"`
}

func (NotePosted) Kind() Kind { return KindNote }

// Event is one committed change. Seq is assigned by the journal order and
// starts at 1; ID is assigned by the writer so that a retried append whose
// outcome was unknown is recognised as a duplicate.
type Event struct {
	Seq      uint64
	ID       string
	Incident string
	Time     time.Time
	Actor    string
	Data     Payload
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

// encodingVersion is written into every stored event. Bump it when the
// envelope changes shape; decoders refuse versions they do not know rather
// than guess.
const encodingVersion = 1

type envelope struct {
	V        int             `json:"v"`
	Seq      uint64          `json:"seq"`
	ID       string          `json:"id"`
	Incident string          `json:"inc,omitempty"`
	Time     time.Time       `json:"t"`
	Actor    string          `json:"actor"`
	Kind     Kind            `json:"kind"`
	Data     json.RawMessage `json:"data"`
}

// EncodeEvent returns the stored form of e.
func EncodeEvent(e *Event) ([]byte, error) {
	if e.Data == nil {
		return nil, fmt.Errorf("encode event %d: no payload", e.Seq)
	}
	data, err := json.Marshal(e.Data)
	if err != nil {
		return nil, fmt.Errorf("encode event %d payload: %w", e.Seq, err)
	}
	return json.Marshal(envelope{
		V: encodingVersion, Seq: e.Seq, ID: e.ID, Incident: e.Incident,
		Time: e.Time.UTC(), Actor: e.Actor, Kind: e.Data.Kind(), Data: data,
	})
}

// DecodeEvent parses the stored form of an event. Any malformed input gives
// a CodeCorrupt error, never a panic.
func DecodeEvent(b []byte) (*Event, error) {
	var env envelope
	if err := json.Unmarshal(b, &env); err != nil {
		return nil, WrapError(CodeCorrupt, err, "event is not valid JSON")
	}
	if env.V != encodingVersion {
		return nil, Errorf(CodeCorrupt, "event %d has encoding version %d; this build reads version %d", env.Seq, env.V, encodingVersion)
	}
	if env.Seq == 0 || env.ID == "" {
		return nil, Errorf(CodeCorrupt, "event is missing its sequence number or id")
	}
	p, err := decodePayload(env.Kind, env.Data)
	if err != nil {
		return nil, WrapError(CodeCorrupt, err, "event %d (%s) has a bad payload", env.Seq, Sanitize(string(env.Kind), false))
	}
	return &Event{Seq: env.Seq, ID: env.ID, Incident: env.Incident, Time: env.Time, Actor: env.Actor, Data: p}, nil
}

func decodePayload(k Kind, data json.RawMessage) (Payload, error) {
	switch k {
	case KindDeclared:
		return decodeAs[Declared](data)
	case KindNote:
		return decodeAs[NotePosted](data)
	}
	return nil, fmt.Errorf("unknown kind")
}

func decodeAs[P Payload](data json.RawMessage) (Payload, error) {
	var p P
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, err
	}
	return p, nil
}
