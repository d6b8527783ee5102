package panes

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/elapsed"
	"github.com/warroom/warroom/tui/memo"
	"github.com/warroom/warroom/tui/style"
)

// Ladder shows an incident's escalation ladder: each level, whom it
// pages, and where it stands, with a live countdown to the current page's
// acknowledgement deadline.
type Ladder struct {
	styles *style.Styles
	keys   ladderKeys

	id       string
	ladder   *model.Ladder // replaced, never changed, when a page changes
	resolved bool          // the incident is resolved: its clocks stand still
	policy   string
	levels   []levelTargets
	gen      int

	win  window
	view memo.Memo[viewKey]
}

// levelTargets is whom a level pages, in full ("alice, team:db (bob,
// carol)") and compressed to what the policy names ("alice, team:db").
type levelTargets struct{ full, short string }

// NewLadder returns an empty ladder pane; canWrite enables escalating and
// acknowledging.
func NewLadder(st *style.Styles, canWrite bool) *Ladder {
	return &Ladder{styles: st, keys: defaultLadderKeys(canWrite)}
}

func (p *Ladder) Title() string { return "Ladder" }

func (p *Ladder) SetStyles(st *style.Styles) {
	p.styles = st
	p.gen++
}

func (p *Ladder) SetIncident(inc *model.Incident, _ *model.Rules) {
	var (
		id       string
		ladder   *model.Ladder
		resolved bool
	)
	if inc != nil {
		id, ladder, resolved = inc.ID, inc.Ladder, !inc.Status.Open()
	}
	if id == p.id && ladder == p.ladder && resolved == p.resolved {
		return
	}
	if id != p.id {
		p.win = window{}
	}
	p.id, p.ladder, p.resolved, p.policy, p.levels = id, ladder, resolved, "", nil
	if ladder != nil {
		// The spec came from the config file when the incident was
		// declared: clean it like any text shown to others.
		p.policy = model.Sanitize(ladder.Spec.Policy, false)
		for _, lv := range ladder.Spec.Levels {
			p.levels = append(p.levels, describeTargets(lv))
		}
	}
	p.gen++
}

// describeTargets names a level's targets, then in brackets the people
// they come to that the targets do not name themselves: a team's members.
func describeTargets(lv model.LadderLevel) levelTargets {
	short := model.Sanitize(strings.Join(lv.Targets, ", "), false)
	var others []string
	for _, u := range lv.Users {
		if !slices.Contains(lv.Targets, u) {
			others = append(others, u)
		}
	}
	switch {
	case len(lv.Users) == 0:
		return levelTargets{full: short + " (nobody)", short: short}
	case len(others) == 0:
		return levelTargets{full: short, short: short}
	}
	return levelTargets{full: short + " (" + model.Sanitize(strings.Join(others, ", "), false) + ")", short: short}
}

// ackClock is the countdown of the current page to its acknowledgement
// deadline; ok is false when nothing is waiting for an ack, or the
// incident is resolved and nothing escalates.
func (p *Ladder) ackClock(now time.Time) (elapsed.Countdown, bool) {
	if p.ladder == nil || p.resolved {
		return elapsed.Countdown{}, false
	}
	at, ok := p.ladder.AckDeadline()
	if !ok {
		return elapsed.Countdown{}, false
	}
	return elapsed.Until(at, now), true
}

func (p *Ladder) View(width, height int, now time.Time, _ bool) string {
	clock, _ := p.ackClock(now)
	current := -1
	if p.ladder != nil {
		current = len(p.ladder.Pages) - 1
	}
	// The current level stays in view when the levels do not all fit.
	from, to, more := p.win.place(len(p.levels), current, height-1, oneLine)
	key := viewKey{gen: p.gen, width: width, height: height, offset: from, clock: clock.Key(), day: dayKey(now)}
	return p.view.Get(key, func() string {
		st := p.styles
		b := newBox(width, height)
		if p.ladder == nil {
			b.add(line{{"no escalation policy", &st.Settled}})
			return b.String()
		}
		b.add(line{{"policy ", &st.Muted}, {p.policy, &st.Text}})
		for i := from; i < to; i++ {
			b.add(p.levelLine(i, width, now, clock))
		}
		if more {
			b.add(line{{moreText(from, len(p.levels)-to), &st.Muted}})
		}
		return b.String()
	})
}

// levelLine is one level: its label and targets on the left, its state on
// the right, each in the longest form that fits.
func (p *Ladder) levelLine(i, width int, now time.Time, clock elapsed.Countdown) line {
	st := p.styles
	long, short := p.levelState(i, now, clock)
	label := piece{fmt.Sprintf("L%d ", i+1), &st.Muted}
	targetStyle := &st.Text
	switch {
	case i == len(p.ladder.Pages)-1:
		label.style = &st.Lead
	case i >= len(p.ladder.Pages):
		targetStyle = &st.Settled
	}
	full := line{label, {p.levels[i].full, targetStyle}}
	compressed := line{label, {p.levels[i].short, targetStyle}}
	for _, c := range [][2]line{{full, long}, {compressed, long}, {full, short}, {compressed, short}} {
		if c[0].width()+1+c[1].width() <= width {
			return spread(c[0], c[1], width, 0)
		}
	}
	// When even that does not fit, the state wins: whether anyone has
	// acknowledged matters more than the rest of the names.
	labelWidth := line{label}.width()
	return spread(compressed, short, width, labelWidth+min(4, compressed.width()-labelWidth))
}

// levelState is where level i stands, in a long and a short form.
func (p *Ladder) levelState(i int, now time.Time, clock elapsed.Countdown) (long, short line) {
	st := p.styles
	pages := p.ladder.Pages
	if i >= len(pages) {
		l := line{{"not yet", &st.Settled}}
		return l, l
	}
	page := pages[i]
	paged := "paged at " + elapsed.Stamp(page.At, now)
	switch {
	case page.AckedBy != "":
		l := line{{"acked by " + page.AckedBy + " " + elapsed.Stamp(page.AckedAt, now), &st.Accent}}
		return l, l
	case i < len(pages)-1:
		// A later level was paged: this one was never acknowledged.
		return line{{paged + " · no ack", &st.Muted}}, line{{paged, &st.Muted}}
	case p.resolved:
		return line{{paged + " · stood down (resolved)", &st.Muted}}, line{{"stood down", &st.Muted}}
	}
	var state piece
	switch {
	case !clock.Past:
		state = piece{"ack in " + clock.Text, &st.Warn}
	case i < len(p.levels)-1:
		// The server's clock pages the next level at the deadline.
		state = piece{"escalating", &st.Warn}
	default:
		state = piece{"overdue " + clock.Text, &st.Error}
	}
	return line{{paged + " · ", &st.Muted}, state}, line{state}
}

func (p *Ladder) NextChange(now time.Time) (time.Time, bool) {
	clock, ok := p.ackClock(now)
	if !ok || (clock.Past && len(p.ladder.Pages) < len(p.levels)) {
		return time.Time{}, false // acknowledged, or "escalating" until the next page
	}
	return clock.Next, true
}

func (p *Ladder) Keys() []key.Binding { return []key.Binding{p.keys.Escalate, p.keys.Acknowledge} }

// HandleKey escalates (e) or acknowledges the current page (a). The model
// refuses, saying why, an ack from someone who was not paged or an
// escalation past the top level.
func (p *Ladder) HandleKey(msg tea.KeyPressMsg, _ string) (model.Command, bool) {
	switch {
	case key.Matches(msg, p.keys.Escalate):
		if p.id != "" {
			return model.Escalate{Incident: p.id}, true
		}
	case key.Matches(msg, p.keys.Acknowledge):
		if p.id != "" {
			return model.Acknowledge{Incident: p.id}, true
		}
	default:
		return nil, false
	}
	return nil, true
}
