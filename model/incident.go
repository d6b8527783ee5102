package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Severity runs from SEV1 (critical) to SEV4 (minor).
type Severity int

const (
	Sev1 Severity = iota + 1
	Sev2
	Sev3
	Sev4
)

// DefaultSeverity is used when a declaration names none.
const DefaultSeverity = Sev3

func (s Severity) String() string { return "SEV" + strconv.Itoa(int(s)) }

// Valid reports whether s is one of SEV1..SEV4.
func (s Severity) Valid() bool { return s >= Sev1 && s <= Sev4 }

// ParseSeverity accepts "1", "sev1" or "SEV1".
func ParseSeverity(s string) (Severity, error) {
	t := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(s)), "sev")
	n, err := strconv.Atoi(t)
	if err != nil || !Severity(n).Valid() {
		return 0, Errorf(CodeInvalid, "severity must be 1 to 4 (SEV1 is critical), not %q", s)
	}
	return Severity(n), nil
}

// Status follows the status page vocabulary, with triage before it.
type Status string

const (
	StatusTriage        Status = "triage"
	StatusInvestigating Status = "investigating"
	StatusIdentified    Status = "identified"
	StatusMonitoring    Status = "monitoring"
	StatusResolved      Status = "resolved"
)

// Open reports whether the incident still needs attention.
func (s Status) Open() bool { return s != StatusResolved }

// Incident is the projection of one incident's events. Values reachable from
// a State are never modified after the State is published: the timeline
// only grows past the length any earlier snapshot can see.
type Incident struct {
	ID          string // "INC-7"
	Number      int
	Title       string
	Severity    Severity
	Status      Status
	DeclaredBy  string
	DeclaredAt  time.Time
	StatusSince time.Time
	UpdatedAt   time.Time
	Timeline    []Entry
}

// IncidentID formats the id of the incident with the given number.
func IncidentID(n int) string { return fmt.Sprintf("INC-%d", n) }

// ParseIncidentID accepts "INC-7", "inc-7" or "7" and returns the number.
func ParseIncidentID(s string) (int, error) {
	t := strings.TrimSpace(s)
	if len(t) > 4 && strings.EqualFold(t[:4], "INC-") {
		t = t[4:]
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < 1 {
		return 0, Errorf(CodeInvalid, "%q is not an incident id (like INC-7)", Sanitize(s, false))
	}
	return n, nil
}

// Entry is one line of an incident's timeline. Every event renders as one.
type Entry struct {
	Seq   uint64
	Time  time.Time
	Actor string
	Kind  Kind
	// Text is the entry as people read it: the note itself, or a
	// sentence describing the change.
	Text string
}
