package model

import (
	"cmp"
	"fmt"
	"slices"
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

// Statuses lists every status in the order an incident moves through them.
func Statuses() []Status {
	return []Status{StatusTriage, StatusInvestigating, StatusIdentified, StatusMonitoring, StatusResolved}
}

// ParseStatus reads a status name, ignoring case.
func ParseStatus(s string) (Status, error) {
	t := Status(strings.ToLower(strings.TrimSpace(s)))
	if slices.Contains(Statuses(), t) {
		return t, nil
	}
	return "", Errorf(CodeInvalid, "no status %q (triage, investigating, identified, monitoring, resolved)", Sanitize(s, false))
}

// Open reports whether the incident still needs attention.
func (s Status) Open() bool { return s != StatusResolved }

// Incident is the projection of one incident's events. Values reachable from
// a State are never modified after the State is published: the timeline
// only grows past the length any earlier snapshot can see, and every other
// slice or map is copied before it changes.
type Incident struct {
	ID          string // "INC-7"
	Number      int
	Title       string
	Severity    Severity
	Status      Status
	Service     string // "" when none was named
	DeclaredBy  string
	DeclaredAt  time.Time
	StatusSince time.Time
	UpdatedAt   time.Time

	// AcknowledgedAt is when someone first answered: a page acknowledged
	// or the incident moved past triage. MitigatedAt is the first move to
	// monitoring (or straight to resolved); ResolvedAt the latest resolve,
	// cleared by a reopen.
	AcknowledgedAt time.Time
	MitigatedAt    time.Time
	ResolvedAt     time.Time

	// LastUpdateAt is the latest stakeholder update; LastNoteAt the
	// latest note typed by a person.
	LastUpdateAt time.Time
	LastNoteAt   time.Time

	Roles    map[string]string // role name → holder; vacant roles absent
	Handover *Handover         // a pending offer of the IC role, or nil
	Ladder   *Ladder           // nil when no escalation policy applied
	Actions  []Action          // Actions[i] has number i+1
	Pinned   map[uint64]bool   // seqs of pinned timeline entries

	// Updates are the stakeholder updates, oldest first, as the status
	// page publishes them.
	Updates []StakeholderUpdate

	// Deliveries are the webhook outcomes of pages and updates.
	Deliveries []Delivery

	// AlertGroup is the key of the monitoring alert group that opened
	// the incident ("" when a person declared it); while the incident is
	// open, later notifications of the group attach to it. DetectedAt is
	// when the earliest of the alerts that opened it started, zero when a
	// person declared it: DeclaredAt − DetectedAt is the time to declare.
	// Alerts hold the latest state of each alert of the group (one per
	// fingerprint and start time), sorted by fingerprint, then start time.
	AlertGroup string
	DetectedAt time.Time
	Alerts     []Alert

	// Attachments are the evidence piped into the room, by entry seq,
	// whole, for the room to expand; the timeline shows them folded.
	Attachments []Attachment

	// Review is the post-incident review people wrote, and its frozen
	// form once published.
	Review Review

	Timeline []Entry
}

// Commander is who holds the incident commander role ("" when vacant).
func (inc *Incident) Commander() string { return inc.Roles[RoleCommander] }

// EntryNumber returns the number of the timeline entry with seq (1 is the
// declaration), or 0 when the incident has no such entry.
func (inc *Incident) EntryNumber(seq uint64) int {
	i, ok := slices.BinarySearchFunc(inc.Timeline, seq, func(e Entry, seq uint64) int { return cmp.Compare(e.Seq, seq) })
	if !ok {
		return 0
	}
	return i + 1
}

// NextUpdateDue is when stakeholders should next hear from the room under
// rules' cadence: a cadence after the latest update, or after the
// declaration when there was none. ok is false when the severity has no
// cadence or the incident is resolved.
func (inc *Incident) NextUpdateDue(r *Rules) (due time.Time, ok bool) {
	every := r.CadenceFor(inc.Severity)
	if every <= 0 || !inc.Status.Open() {
		return time.Time{}, false
	}
	from := inc.LastUpdateAt
	if from.IsZero() {
		from = inc.DeclaredAt
	}
	return from.Add(every), true
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

// IsNote reports whether the entry is something a person wrote or brought
// (a note, a stakeholder update, attached evidence) rather than a change of
// state.
func (e Entry) IsNote() bool {
	return e.Kind == KindNote || e.Kind == KindUpdate || e.Kind == KindAttached
}
