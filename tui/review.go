package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/memo"
)

// blamelessMark is on the lines of the review, drafted or published, that
// carry the blameless check's warnings; the screen colours them.
const blamelessMark = "blameless check:"

// reviewScreen shows the post-incident review of the room's incident over
// the room, or, after r, replays its timeline.
type reviewScreen struct {
	id     string  // the incident
	top    int     // the document's first line shown
	replay *replay // nil while the document shows
	// lines is the document wrapped to the width it was drawn at; body
	// is the visible part, drawn again only when what it shows changes.
	lines memo.Memo[reviewDocKey]
	body  memo.Memo[reviewBodyKey]
}

// reviewDocKey is what the wrapped document depends on: the incident, the
// width and the theme.
type reviewDocKey struct {
	// inc is the incident as of the state shown: a new value whenever it
	// changes (copy on write), so events in other incidents draft nothing.
	inc           *model.Incident
	width, styles int
}

// reviewBodyKey is what the visible part of the document depends on.
type reviewBodyKey struct {
	doc         reviewDocKey
	top, height int
}

// openReview shows the review of the room's incident.
func (m *app) openReview() {
	m.review = &reviewScreen{id: m.room.id}
}

func (r *reviewScreen) onKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Back):
		m.review = nil
		return nil
	case key.Matches(msg, k.Replay):
		if r.replay != nil {
			r.replay = nil
			return nil
		}
		if inc, ok := m.state.Incident(r.id); ok && len(inc.Timeline) > 0 {
			r.replay = newReplay(inc.Timeline, m.now())
			return r.replay.schedule(m.now())
		}
		return nil
	case r.replay != nil:
		return r.replay.onKey(m, msg)
	}
	page := max(r.pageHeight(m)-1, 1)
	switch {
	case key.Matches(msg, k.Up):
		r.top--
	case key.Matches(msg, k.Down):
		r.top++
	case key.Matches(msg, k.PageUp):
		r.top -= page
	case key.Matches(msg, k.PageDown):
		r.top += page
	case key.Matches(msg, k.Top):
		r.top = 0
	case key.Matches(msg, k.Bottom):
		r.top = len(r.document(m))
	}
	r.top = clampTop(r.top, len(r.document(m)), r.pageHeight(m))
	return nil
}

// pageHeight is how many lines of the document or replay fit between the
// header with its rule and the key help.
func (r *reviewScreen) pageHeight(m *app) int { return max(m.height-3, 0) }

// clampTop keeps a scroll position within a text of n lines shown page
// lines at a time.
func clampTop(top, n, page int) int { return max(min(top, n-page), 0) }

func (r *reviewScreen) view(m *app) string {
	st := m.styles
	inc, ok := m.state.Incident(r.id)
	if !ok {
		return exactLines(st.Error.Render("no incident "+r.id), m.height)
	}
	var header, body string
	var help []key.Binding
	if r.replay != nil {
		header = r.replay.header(m, inc)
		body = r.replay.view(m, r.pageHeight(m))
		help = m.keys.replayKeys()
	} else {
		state := "draft"
		if inc.Review.Published != nil {
			state = "published"
		}
		header = st.Title.Render(inc.ID+" "+model.Sanitize(inc.Title, false)) + st.Muted.Render(" — post-incident review · "+state)
		body = r.documentView(m)
		help = m.keys.reviewKeys()
	}
	status := truncate(m.help.ShortHelpView(help), m.width)
	return strings.Join([]string{truncate(header, m.width), m.rule(), body, status}, "\n")
}

// documentView is the visible part of the document, warnings of the
// blameless check in the warning colour.
func (r *reviewScreen) documentView(m *app) string {
	lines := r.document(m)
	page := r.pageHeight(m)
	r.top = clampTop(r.top, len(lines), page)
	key := reviewBodyKey{doc: r.docKey(m), top: r.top, height: page}
	return r.body.Get(key, func() string {
		shown := lines[r.top:min(r.top+page, len(lines))]
		out := make([]string, len(shown))
		for i, l := range shown {
			if strings.Contains(strings.ToLower(l), blamelessMark) {
				l = m.styles.Warn.Render(l)
			}
			out[i] = l
		}
		return exactLines(strings.Join(out, "\n"), page)
	})
}

func (r *reviewScreen) docKey(m *app) reviewDocKey {
	inc, _ := m.state.Incident(r.id)
	return reviewDocKey{inc: inc, width: m.width, styles: m.stylesGen}
}

// document is the review as text wrapped to the window: the published
// one once it is published, else the draft made from the record now.
func (r *reviewScreen) document(m *app) []string {
	key := r.docKey(m)
	text := r.lines.Get(key, func() string {
		inc := key.inc
		if inc == nil {
			return ""
		}
		text := m.state.DraftReview(inc).Text()
		if p := inc.Review.Published; p != nil {
			text = p.Markdown
		}
		return ansi.Wrap(model.Sanitize(strings.TrimRight(text, "\n"), true), m.width, "")
	})
	return strings.Split(text, "\n")
}
