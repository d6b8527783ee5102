package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/model"
)

// viewerHeaderHeight is the lines above an expanded attachment's content:
// what it is, then who attached it, when, its size and digest.
const viewerHeaderHeight = 2

// attachmentViewer shows one attachment whole in the room's body, a
// screen at a time. Lines longer than the window are cut rather than
// wrapped, so that log lines keep one line each and scrolling moves by
// the attachment's own lines.
type attachmentViewer struct {
	att   model.Attachment
	lines []string // the content's lines, split once
	top   int      // the first content line on screen
}

func newAttachmentViewer(a model.Attachment) *attachmentViewer {
	return &attachmentViewer{att: a, lines: strings.Split(a.Content, "\n")}
}

// selectedAttachment is the attachment selected on the focused timeline.
func (r *roomScreen) selectedAttachment() (model.Attachment, bool) {
	e, _, ok := r.timeline.Selected()
	if !ok || e.Kind != model.KindAttached || r.inc == nil {
		return model.Attachment{}, false
	}
	return r.inc.Attachment(e.Seq)
}

func (r *roomScreen) attachmentSelected() bool {
	_, ok := r.selectedAttachment()
	return ok
}

// expandSelected opens the selected timeline entry whole when it is an
// attachment; other entries are shown whole already.
func (r *roomScreen) expandSelected() {
	if a, ok := r.selectedAttachment(); ok {
		r.viewer = newAttachmentViewer(a)
	}
}

// onViewerKey scrolls the open attachment; back closes it.
func (r *roomScreen) onViewerKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	k, v := m.keys, r.viewer
	page := max(r.viewerHeight(m)-1, 1)
	switch {
	case key.Matches(msg, k.Back):
		r.viewer = nil
	case key.Matches(msg, k.Help):
		m.openHelp()
	case key.Matches(msg, k.Up):
		v.scroll(-1, r.viewerHeight(m))
	case key.Matches(msg, k.Down):
		v.scroll(1, r.viewerHeight(m))
	case key.Matches(msg, k.PageUp):
		v.scroll(-page, r.viewerHeight(m))
	case key.Matches(msg, k.PageDown):
		v.scroll(page, r.viewerHeight(m))
	case key.Matches(msg, k.Top):
		v.scroll(-len(v.lines), r.viewerHeight(m))
	case key.Matches(msg, k.Bottom):
		v.scroll(len(v.lines), r.viewerHeight(m))
	}
	return nil
}

// viewerHeight is how many content lines the body has room for.
func (r *roomScreen) viewerHeight(m *app) int {
	return max(r.bodyHeight(m)-viewerHeaderHeight, 0)
}

// scroll moves by n lines, keeping the last screen full.
func (v *attachmentViewer) scroll(n, height int) {
	v.top = min(max(v.top+n, 0), max(len(v.lines)-height, 0))
}

// view draws the header and the content lines on screen: exactly height
// lines of width cells.
func (v *attachmentViewer) view(m *app, width, height int) string {
	st, a := m.styles, v.att
	title := st.Badge.UnsetPadding().Render("[attachment]") + " " + st.Title.Render(a.Name)
	if a.Note != "" {
		title += st.Text.Render(" — " + a.Note)
	}
	shown := min(len(v.lines), v.top+max(height-viewerHeaderHeight, 0))
	details := fmt.Sprintf("by %s at %s · %s · sha256 %s · lines %d–%d of %d · esc closes",
		model.Sanitize(a.Actor, false), a.Time.In(m.now().Location()).Format("2006-01-02 15:04:05"),
		model.FormatSize(a.Size), a.SHA256, min(v.top+1, shown), shown, len(v.lines))
	out := []string{title, st.Muted.Render(details)}
	for _, l := range v.lines[v.top:shown] {
		out = append(out, st.Text.Render(l))
	}
	for i, l := range out {
		l = ansi.Truncate(l, width, "…")
		out[i] = l + strings.Repeat(" ", max(width-ansi.StringWidth(l), 0))
	}
	for len(out) < height {
		out = append(out, strings.Repeat(" ", width))
	}
	return strings.Join(out[:height], "\n")
}
