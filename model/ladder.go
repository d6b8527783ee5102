package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// LadderSpec is an escalation policy as copied into an incident when it
// was declared, with teams already expanded to their members.
type LadderSpec struct {
	Policy string        `json:"policy"`
	Levels []LadderLevel `json:"levels"`
}

// LadderLevel is one rung of an incident's ladder.
type LadderLevel struct {
	Targets []string      `json:"targets"` // as the policy names them
	Users   []string      `json:"users"`   // who that is
	Timeout time.Duration `json:"timeout"`
}

// Ladder is an incident's escalation state: its rungs and the pages sent
// so far, one per level climbed.
type Ladder struct {
	Spec  *LadderSpec
	Pages []Page // Pages[i] paged level i+1
	// Restarted is when a reopen restarted the current page's clock: a
	// page left unanswered while the incident was resolved gets its full
	// timeout again instead of escalating the moment the incident reopens.
	Restarted time.Time
}

// Page is one level paged.
type Page struct {
	Seq     uint64 // the event that sent it
	Level   int
	At      time.Time
	By      string // who escalated; "" at declaration or automatically
	Auto    bool   // sent because the level below was not acknowledged in time
	Users   []string
	AckedBy string
	AckedAt time.Time
}

// Current is the latest page, nil before any.
func (l *Ladder) Current() *Page {
	if l == nil || len(l.Pages) == 0 {
		return nil
	}
	return &l.Pages[len(l.Pages)-1]
}

// Deadline is when the current page escalates by itself unless someone
// acknowledges it. ok is false when it is acknowledged or is the top level.
func (l *Ladder) Deadline() (at time.Time, ok bool) {
	p := l.Current()
	if p == nil || p.Level >= len(l.Spec.Levels) {
		return time.Time{}, false
	}
	return l.AckDeadline()
}

// AckDeadline is when the current page's level times out, whether or not
// a level above it exists; ok is false once it is acknowledged.
func (l *Ladder) AckDeadline() (at time.Time, ok bool) {
	p := l.Current()
	if p == nil || p.AckedBy != "" {
		return time.Time{}, false
	}
	from := p.At
	if l.Restarted.After(from) {
		from = l.Restarted
	}
	return from.Add(l.Spec.Levels[p.Level-1].Timeout), true
}

// Paged reports whether user was paged at any level so far.
func (l *Ladder) Paged(user string) bool {
	if l == nil {
		return false
	}
	for _, p := range l.Pages {
		if slices.Contains(p.Users, user) {
			return true
		}
	}
	return false
}

// Waiting reports whether user was paged and nobody has acknowledged the
// current page: the user's terminal should ring.
func (l *Ladder) Waiting(user string) bool {
	p := l.Current()
	return p != nil && p.AckedBy == "" && l.Paged(user)
}

func (r *Rules) ladderFor(p Policy) *LadderSpec {
	spec := &LadderSpec{Policy: p.Name}
	for _, lv := range p.Levels {
		spec.Levels = append(spec.Levels, LadderLevel{Targets: slices.Clone(lv.Targets), Users: r.Expand(lv.Targets), Timeout: lv.Timeout})
	}
	return spec
}

// start is the ladder of a new incident: level 1 paged at declaration.
func (spec *LadderSpec) start(e *Event) *Ladder {
	return &Ladder{Spec: spec, Pages: []Page{{Seq: e.Seq, Level: 1, At: e.Time, Users: spec.Levels[0].Users}}}
}

func (p *Page) describe() string {
	who := strings.Join(p.Users, ", ")
	if who == "" {
		who = "nobody (the level's team is empty)"
	}
	return fmt.Sprintf("paged level %d: %s", p.Level, who)
}

// Escalate pages the next level of the ladder. People send it with Auto
// unset; the server's clock sends it with Auto set and Level naming the
// level whose deadline passed, so that an escalation racing an ack or
// another escalation is refused rather than recorded twice.
type Escalate struct {
	Incident string
	Auto     bool
	Level    int
}

// Acknowledge answers the current page; only someone paged may.
type Acknowledge struct {
	Incident string
}

// Escalated records a level paged after the first.
type Escalated struct {
	Level int      `json:"level"`
	Auto  bool     `json:"auto,omitempty"`
	Users []string `json:"users"`
}

// PageAcked records the current page acknowledged.
type PageAcked struct {
	Level int `json:"level"`
}

const (
	KindEscalated Kind = "page.escalated"
	KindPageAcked Kind = "page.acknowledged"
)

func (Escalated) Kind() Kind { return KindEscalated }
func (PageAcked) Kind() Kind { return KindPageAcked }

func (c Escalate) decide(d *decision) (string, Payload, error) {
	inc, err := d.openIncident(c.Incident, "escalate")
	if err != nil {
		return "", nil, err
	}
	l := inc.Ladder
	if l == nil {
		return "", nil, Errorf(CodeConflict, "%s has no escalation policy (policies are set in the config file)", inc.ID)
	}
	cur := l.Current()
	if c.Auto {
		if err := d.isSystem("an automatic escalation"); err != nil {
			return "", nil, err
		}
		// AckDeadline, not Deadline: for the top level the refusal below
		// then says it is the last level, not that it was answered.
		at, due := l.AckDeadline()
		switch {
		case cur.Level != c.Level || !due:
			return "", nil, Errorf(CodeConflict, "level %d was already acknowledged or escalated", c.Level)
		case d.now.Before(at):
			// Not a refusal for good: the server's clock fired early by
			// the store's, and tries again.
			return "", nil, Errorf(CodeNotYet, "level %d is not due to escalate until %s", c.Level, at.Format(time.RFC3339))
		}
	}
	if cur.Level >= len(l.Spec.Levels) {
		return "", nil, Errorf(CodeConflict, "level %d is the last level of policy %s; page people directly", cur.Level, l.Spec.Policy)
	}
	next := l.Spec.Levels[cur.Level]
	return inc.ID, Escalated{Level: cur.Level + 1, Auto: c.Auto, Users: next.Users}, nil
}

func (c Acknowledge) decide(d *decision) (string, Payload, error) {
	inc, err := d.incident(c.Incident)
	if err != nil {
		return "", nil, err
	}
	l := inc.Ladder
	switch cur := l.Current(); {
	case cur == nil:
		return "", nil, Errorf(CodeConflict, "%s has no escalation ladder; nobody was paged", inc.ID)
	case !l.Paged(d.actor.Name):
		return "", nil, Errorf(CodeForbidden, "you were not paged for %s (level %d paged %s)", inc.ID, cur.Level, strings.Join(cur.Users, ", "))
	case cur.AckedBy != "":
		return "", nil, Errorf(CodeConflict, "%s already acknowledged level %d at %s UTC", cur.AckedBy, cur.Level, cur.AckedAt.Format("15:04:05"))
	default:
		return inc.ID, PageAcked{Level: cur.Level}, nil
	}
}

func (p Escalated) apply(s *State, e *Event) error {
	page := Page{Seq: e.Seq, Level: p.Level, At: e.Time, Auto: p.Auto, Users: p.Users}
	text := "escalated: " + page.describe()
	if p.Auto {
		text = fmt.Sprintf("level %d was not acknowledged in time; %s", p.Level-1, page.describe())
	} else {
		page.By = e.Actor
	}
	return s.change(e, text, func(inc *Incident) error {
		if inc.Ladder == nil || len(inc.Ladder.Pages) != p.Level-1 || p.Level > len(inc.Ladder.Spec.Levels) {
			return Errorf(CodeCorrupt, "event %d escalates %s to level %d out of order", e.Seq, e.Incident, p.Level)
		}
		l := *inc.Ladder
		l.Pages = append(slices.Clip(l.Pages), page)
		inc.Ladder = &l
		return nil
	})
}

func (p PageAcked) apply(s *State, e *Event) error {
	return s.changef(e, func(inc *Incident) error {
		if cur := inc.Ladder.Current(); cur == nil || cur.Level != p.Level {
			return Errorf(CodeCorrupt, "event %d acknowledges level %d of %s, which is not its current page", e.Seq, p.Level, e.Incident)
		}
		l := *inc.Ladder
		l.Pages = slices.Clone(l.Pages)
		cur := &l.Pages[len(l.Pages)-1]
		cur.AckedBy, cur.AckedAt = e.Actor, e.Time
		inc.Ladder = &l
		if inc.AcknowledgedAt.IsZero() {
			inc.AcknowledgedAt = e.Time
		}
		return nil
	}, "acknowledged the page (level %d)", p.Level)
}
