package web

import (
	"slices"
	"time"

	"github.com/warroom/warroom/model"
)

// The shapes below are the API's stable JSON. Times are RFC 3339 in UTC;
// a milestone not reached yet is left out.

// IncidentSummary is one incident of GET /api/v1/incidents.
type IncidentSummary struct {
	ID         string    `json:"id"` // "INC-7"
	Number     int       `json:"number"`
	Title      string    `json:"title"`
	Severity   string    `json:"severity"` // "SEV1" … "SEV4"
	Status     string    `json:"status"`   // triage, investigating, identified, monitoring, resolved
	Service    string    `json:"service"`  // "" when none was named
	Commander  string    `json:"commander"`
	DeclaredBy string    `json:"declared_by"`
	DeclaredAt time.Time `json:"declared_at"`
	// DetectedAt is when the earliest alert of an incident opened by
	// monitoring started: declared_at − detected_at is the time to declare.
	DetectedAt     time.Time `json:"detected_at,omitzero"`
	AlertGroup     string    `json:"alert_group,omitempty"`
	AcknowledgedAt time.Time `json:"acknowledged_at,omitzero"`
	MitigatedAt    time.Time `json:"mitigated_at,omitzero"`
	ResolvedAt     time.Time `json:"resolved_at,omitzero"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// IncidentDetail is the body of GET /api/v1/incidents/{id}.
type IncidentDetail struct {
	IncidentSummary
	Roles      []RoleHolder      `json:"roles"`
	Ladder     *LadderState      `json:"ladder,omitempty"` // absent without an escalation policy
	Actions    []ActionItem      `json:"actions"`
	Updates    []Update          `json:"updates"` // oldest first
	Deliveries []model.Delivered `json:"deliveries"`
	Timeline   []TimelineEntry   `json:"timeline"`
}

// RoleHolder is one incident role; Holder is "" while it is vacant.
type RoleHolder struct {
	Role   string `json:"role"` // "incident-commander"
	Title  string `json:"title"`
	Holder string `json:"holder"`
}

// LadderState is an incident's escalation ladder and the pages sent.
type LadderState struct {
	Policy string       `json:"policy"`
	Levels []LadderRung `json:"levels"`
	Pages  []LadderPage `json:"pages"`
}

// LadderRung is one level of the policy.
type LadderRung struct {
	Level          int      `json:"level"`
	Targets        []string `json:"targets"`
	Users          []string `json:"users"`
	TimeoutSeconds float64  `json:"timeout_seconds"`
}

// LadderPage is one level paged.
type LadderPage struct {
	Level   int       `json:"level"`
	At      time.Time `json:"at"`
	By      string    `json:"by,omitempty"` // "" when paged at declaration or automatically
	Auto    bool      `json:"auto"`
	Users   []string  `json:"users"`
	AckedBy string    `json:"acked_by,omitempty"`
	AckedAt time.Time `json:"acked_at,omitzero"`
}

// ActionItem is one action item.
type ActionItem struct {
	N         int       `json:"n"`
	Title     string    `json:"title"`
	Owner     string    `json:"owner"`
	Due       model.Day `json:"due,omitzero"` // "2026-12-01"
	Kind      string    `json:"kind"`         // mitigation, follow-up
	State     string    `json:"state"`        // open, doing, done
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	DoneAt    time.Time `json:"done_at,omitzero"`
}

// Update is one stakeholder update.
type Update struct {
	Seq      uint64    `json:"seq"`
	Time     time.Time `json:"time"`
	By       string    `json:"by"`
	Text     string    `json:"text"`
	Status   string    `json:"status"`
	Severity string    `json:"severity"`
}

// TimelineEntry is one entry of the timeline, oldest first.
type TimelineEntry struct {
	Seq    uint64    `json:"seq"`
	Time   time.Time `json:"time"`
	Actor  string    `json:"actor"`
	Kind   string    `json:"kind"` // the event kind: "note.posted", "status.changed", …
	Text   string    `json:"text"`
	Pinned bool      `json:"pinned"`
}

func summaryOf(inc *model.Incident) IncidentSummary {
	return IncidentSummary{
		ID: inc.ID, Number: inc.Number, Title: inc.Title,
		Severity: inc.Severity.String(), Status: string(inc.Status), Service: inc.Service,
		Commander: inc.Commander(), DeclaredBy: inc.DeclaredBy, DeclaredAt: inc.DeclaredAt.UTC(),
		DetectedAt: inc.DetectedAt.UTC(), AlertGroup: inc.AlertGroup,
		AcknowledgedAt: inc.AcknowledgedAt.UTC(), MitigatedAt: inc.MitigatedAt.UTC(),
		ResolvedAt: inc.ResolvedAt.UTC(), UpdatedAt: inc.UpdatedAt.UTC(),
	}
}

func detailOf(st *model.State, inc *model.Incident) IncidentDetail {
	d := IncidentDetail{
		IncidentSummary: summaryOf(inc),
		Roles:           rolesOf(st.Rules(), inc),
		Ladder:          ladderOf(inc.Ladder),
		Actions:         make([]ActionItem, 0, len(inc.Actions)),
		Updates:         make([]Update, 0, len(inc.Updates)),
		Deliveries:      append([]model.Delivered{}, inc.Deliveries...),
		Timeline:        make([]TimelineEntry, 0, len(inc.Timeline)),
	}
	for _, a := range inc.Actions {
		d.Actions = append(d.Actions, ActionItem{
			N: a.N, Title: a.Title, Owner: a.Owner, Due: a.Due, Kind: string(a.Kind), State: string(a.State),
			CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt.UTC(), DoneAt: a.DoneAt.UTC(),
		})
	}
	for _, u := range inc.Updates {
		d.Updates = append(d.Updates, Update{
			Seq: u.Seq, Time: u.Time.UTC(), By: u.By, Text: u.Text, Status: string(u.Status), Severity: u.Severity.String(),
		})
	}
	for _, e := range inc.Timeline {
		d.Timeline = append(d.Timeline, TimelineEntry{
			Seq: e.Seq, Time: e.Time.UTC(), Actor: e.Actor, Kind: string(e.Kind), Text: e.Text, Pinned: inc.Pinned[e.Seq],
		})
	}
	return d
}

// rolesOf lists the server's roles in display order, vacant ones too, then
// any role held under a name the config no longer has.
func rolesOf(rules *model.Rules, inc *model.Incident) []RoleHolder {
	roles := make([]RoleHolder, 0, len(rules.Roles))
	known := map[string]bool{}
	for _, r := range rules.Roles {
		known[r.Name] = true
		roles = append(roles, RoleHolder{Role: r.Name, Title: r.Title, Holder: inc.Roles[r.Name]})
	}
	var former []string
	for name := range inc.Roles {
		if !known[name] {
			former = append(former, name)
		}
	}
	slices.Sort(former)
	for _, name := range former {
		roles = append(roles, RoleHolder{Role: name, Title: rules.RoleTitle(name), Holder: inc.Roles[name]})
	}
	return roles
}

func ladderOf(l *model.Ladder) *LadderState {
	if l == nil {
		return nil
	}
	out := &LadderState{Policy: l.Spec.Policy, Levels: make([]LadderRung, 0, len(l.Spec.Levels)), Pages: make([]LadderPage, 0, len(l.Pages))}
	for i, lv := range l.Spec.Levels {
		out.Levels = append(out.Levels, LadderRung{
			Level: i + 1, Targets: nonNil(lv.Targets), Users: nonNil(lv.Users), TimeoutSeconds: lv.Timeout.Seconds(),
		})
	}
	for _, p := range l.Pages {
		out.Pages = append(out.Pages, LadderPage{
			Level: p.Level, At: p.At.UTC(), By: p.By, Auto: p.Auto, Users: nonNil(p.Users), AckedBy: p.AckedBy, AckedAt: p.AckedAt.UTC(),
		})
	}
	return out
}

// nonNil keeps an empty list a JSON [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
