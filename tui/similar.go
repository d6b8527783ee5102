package tui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/panes"
	"github.com/warroom/warroom/tui/style"
)

// similarLimit is how many past incidents the room lists.
const similarLimit = 5

// similarPane lists the past incidents like the room's, why, and the
// follow-ups they left open: what happened before and was meant to keep
// this from happening again. It is read-only.
type similarPane struct {
	styles *style.Styles
	inc    *model.Incident
	list   []model.Similar
	// listFor is what list was worked out from; the search runs again
	// only when it changes (a declare or a resolve), never for a note.
	listFor similarKey
	known   bool
}

// similarKey is what changes the similar incidents: how many incidents
// there are and how many are open, and what the room's incident is
// compared by.
type similarKey struct {
	incidents, open int
	service, title  string
	alerts          int
}

var _ panes.Pane = (*similarPane)(nil)

func newSimilarPane(st *style.Styles) *similarPane { return &similarPane{styles: st} }

func (p *similarPane) Title() string { return "Similar" }

func (p *similarPane) SetIncident(inc *model.Incident, _ *model.Rules) { p.inc = inc }

func (p *similarPane) SetStyles(st *style.Styles) { p.styles = st }

// NextChange: nothing on the pane ticks.
func (p *similarPane) NextChange(time.Time) (time.Time, bool) { return time.Time{}, false }

// Keys: the pane has none of its own; the room's keys scroll nothing here.
func (p *similarPane) Keys() []key.Binding { return nil }

func (p *similarPane) HandleKey(tea.KeyPressMsg, string) (model.Command, bool) { return nil, false }

// update searches s again for incidents like the pane's when the list of
// incidents or what it is compared by changed.
func (p *similarPane) update(s *model.State) {
	if p.inc == nil {
		p.list, p.known = nil, false
		return
	}
	all := s.Incidents()
	k := similarKey{
		incidents: len(all),
		// The list holds open incidents first.
		open:    sort.Search(len(all), func(i int) bool { return !all[i].Status.Open() }),
		service: p.inc.Service, title: p.inc.Title, alerts: len(p.inc.Alerts),
	}
	if p.known && k == p.listFor {
		return
	}
	p.list, p.listFor, p.known = s.SimilarIncidents(p.inc, similarLimit), k, true
}

// lines is how many lines View needs to show every incident whole.
func (p *similarPane) lines() int {
	n := 0
	for _, s := range p.list {
		n += 2 + min(len(s.OpenFollowUps), maxFollowUpsShown)
	}
	return n
}

// maxFollowUpsShown bounds the follow-ups listed under one incident.
const maxFollowUpsShown = 3

// View lists each similar incident on a line, why under it, and its open
// follow-ups.
func (p *similarPane) View(width, height int, _ time.Time, _ bool) string {
	st := p.styles
	var lines []string
	if len(p.list) == 0 {
		lines = append(lines, st.Muted.Render(truncate("No similar past incidents.", width)))
	}
	for _, s := range p.list {
		inc := s.Incident
		lines = append(lines, truncate(st.Title.Render(inc.ID)+" "+st.Muted.Render(string(inc.Status))+" "+st.Text.Render(inc.Title), width))
		why := strings.Join(s.Why, ", ")
		if n := len(s.OpenFollowUps); n > 0 {
			why += fmt.Sprintf(" · %d open follow-up", n)
			if n > 1 {
				why += "s"
			}
		}
		lines = append(lines, st.Muted.Render(truncate("  "+why, width)))
		for _, a := range s.OpenFollowUps[:min(len(s.OpenFollowUps), maxFollowUpsShown)] {
			text := fmt.Sprintf("  ○ %d %s", a.N, a.Title)
			if a.Owner != "" {
				text += " (" + a.Owner + ")"
			}
			lines = append(lines, st.Warn.Render(truncate(text, width)))
		}
	}
	return exactLines(strings.Join(lines, "\n"), height)
}
