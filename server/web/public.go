package web

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/warroom/warroom/model"
)

// PublicWindow is how far back the status page lists resolved incidents.
const PublicWindow = 90 * 24 * time.Hour

// otherService names the group of incidents declared without a service.
const otherService = "Other"

// StatusDocument is what the public status page shows, and the stable
// shape of GET /status.json. It holds only what stakeholders may read:
// titles, services, severities, statuses, times and the published
// stakeholder updates. Notes, the rest of the timeline, roles, action
// items and the names of responders are never in it.
type StatusDocument struct {
	// Operational is true when no incident is open.
	Operational bool `json:"operational"`
	// Headline is the page's one-line summary: "All systems operational",
	// or how many incidents are open and how bad the worst one is.
	Headline string `json:"headline"`
	// Current holds the open incidents per service, services by name
	// with the incidents of none ("Other") last; each service's
	// incidents most severe first, then newest first.
	Current []ServiceIncidents `json:"current"`
	// Resolved holds the incidents resolved in the last 90 days, most
	// recently resolved first.
	Resolved []PublicIncident `json:"resolved"`

	// worst is the most severe open incident's severity; 0 when none.
	worst model.Severity
	// expires is when the oldest resolved incident leaves the 90-day
	// window, so the page changes without a new event; zero when none.
	expires time.Time
}

// ServiceIncidents is one service's open incidents.
type ServiceIncidents struct {
	Service   string           `json:"service"` // "Other" for incidents of no service
	Incidents []PublicIncident `json:"incidents"`
}

// PublicIncident is an incident as stakeholders see it.
type PublicIncident struct {
	ID         string    `json:"id"` // "INC-7"
	Title      string    `json:"title"`
	Service    string    `json:"service"`  // "" when none was named
	Severity   string    `json:"severity"` // "SEV1" … "SEV4"
	Impact     string    `json:"impact"`   // the severity in words: "Critical" … "Minor"
	Status     string    `json:"status"`   // triage, investigating, identified, monitoring, resolved
	StartedAt  time.Time `json:"started_at"`
	ResolvedAt time.Time `json:"resolved_at,omitzero"` // absent while open
	// Updates are the published stakeholder updates, newest first.
	Updates []PublicUpdate `json:"updates"`
}

// PublicUpdate is one published stakeholder update, with the status and
// severity the incident had when it was written. Who wrote it is left out.
type PublicUpdate struct {
	Time     time.Time `json:"time"`
	Status   string    `json:"status"`
	Severity string    `json:"severity"`
	Impact   string    `json:"impact"`
	Text     string    `json:"text"`
}

// impactOf is a severity in the words stakeholders read.
func impactOf(s model.Severity) string {
	switch s {
	case model.Sev1:
		return "Critical"
	case model.Sev2:
		return "Major"
	case model.Sev3:
		return "Moderate"
	case model.Sev4:
		return "Minor"
	}
	return "Unknown"
}

// buildStatus reads the public view of st at now.
func buildStatus(st *model.State, now time.Time) *StatusDocument {
	doc := &StatusDocument{Current: []ServiceIncidents{}, Resolved: []PublicIncident{}}
	since := now.Add(-PublicWindow)
	groups := map[string]*ServiceIncidents{}
	var resolved []*model.Incident
	for _, inc := range st.Incidents() { // open first, most severe, newest
		if len(inc.Updates) == 0 {
			// Nothing was published about it: an incident the alert hooks
			// opened, or one people have not yet told the world about,
			// stays inside the room.
			continue
		}
		if !inc.Status.Open() {
			if !inc.ResolvedAt.Before(since) {
				resolved = append(resolved, inc)
			}
			continue
		}
		if doc.worst == 0 || inc.Severity < doc.worst {
			doc.worst = inc.Severity
		}
		g := groups[inc.Service]
		if g == nil {
			g = &ServiceIncidents{Service: cmp.Or(inc.Service, otherService)}
			groups[inc.Service] = g
		}
		g.Incidents = append(g.Incidents, publicIncident(inc))
	}
	names := make([]string, 0, len(groups))
	for name := range groups {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		if (a == "") != (b == "") { // no service sorts last
			return cmp.Compare(b, a)
		}
		return cmp.Compare(a, b)
	})
	open := 0
	for _, name := range names {
		doc.Current = append(doc.Current, *groups[name])
		open += len(groups[name].Incidents)
	}

	slices.SortStableFunc(resolved, func(a, b *model.Incident) int { return b.ResolvedAt.Compare(a.ResolvedAt) })
	for _, inc := range resolved {
		doc.Resolved = append(doc.Resolved, publicIncident(inc))
		if leaves := inc.ResolvedAt.Add(PublicWindow); doc.expires.IsZero() || leaves.Before(doc.expires) {
			doc.expires = leaves
		}
	}
	doc.Operational = open == 0
	doc.Headline = headline(open, doc.worst)
	return doc
}

func headline(open int, worst model.Severity) string {
	switch {
	case open == 0:
		return "All systems operational"
	case open == 1:
		return impactOf(worst) + " incident in progress"
	default:
		return strconv.Itoa(open) + " incidents in progress (worst: " + impactOf(worst) + ")"
	}
}

// publicIncident copies what stakeholders may see of inc, and nothing
// else: a new field of model.Incident stays private until added here.
func publicIncident(inc *model.Incident) PublicIncident {
	p := PublicIncident{
		ID: inc.ID, Title: inc.Title, Service: inc.Service,
		Severity: inc.Severity.String(), Impact: impactOf(inc.Severity),
		Status: string(inc.Status), StartedAt: inc.DeclaredAt.UTC(), ResolvedAt: inc.ResolvedAt.UTC(),
		Updates: make([]PublicUpdate, 0, len(inc.Updates)),
	}
	for _, u := range slices.Backward(inc.Updates) {
		p.Updates = append(p.Updates, PublicUpdate{
			Time: u.Time.UTC(), Status: string(u.Status), Severity: u.Severity.String(), Impact: impactOf(u.Severity), Text: u.Text,
		})
	}
	return p
}
