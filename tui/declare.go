package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/tui/style"
)

// labelWidth aligns the form's fields.
const labelWidth = 10

// declareForm asks for a title, a severity and optionally the service
// (which picks the escalation policy) and declares the incident.
// Validation is the store's: its refusal is shown inline, word for word.
type declareForm struct {
	title    textinput.Model
	service  textinput.Model
	onTitle  bool // the title has focus, not the service
	severity model.Severity
	err      string
	pending  bool // a declaration is in flight; enter waits for it
}

func newDeclareForm(m *app) *declareForm {
	f := &declareForm{
		title:    newInput("> ", "what is happening?", inputLimit(model.MaxTitleRunes), m.styles),
		service:  newInput("> ", "optional: picks the escalation policy", inputLimit(model.MaxServiceRunes), m.styles),
		onTitle:  true,
		severity: model.DefaultSeverity,
	}
	f.service.Blur()
	f.resize(m.width)
	return f
}

func (f *declareForm) setStyles(st *style.Styles) {
	f.title.SetStyles(st.Input)
	f.service.SetStyles(st.Input)
}

func (f *declareForm) resize(width int) {
	f.title.SetWidth(max(width-labelWidth-3, 1))
	f.service.SetWidth(max(width-labelWidth-3, 1))
}

// height is how many lines view draws.
func (f *declareForm) height() int { return 5 }

// focused is the input that has the keyboard.
func (f *declareForm) focused() *textinput.Model {
	if f.onTitle {
		return &f.title
	}
	return &f.service
}

func (f *declareForm) switchField() tea.Cmd {
	f.focused().Blur()
	f.onTitle = !f.onTitle
	return f.focused().Focus()
}

func (f *declareForm) onKey(m *app, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel):
		m.list.closeForm(m)
		return nil
	case key.Matches(msg, k.Submit):
		if f.pending {
			return nil
		}
		f.pending, f.err = true, ""
		return m.writer.declare(model.Declare{Title: f.title.Value(), Severity: f.severity, Service: f.service.Value()})
	case key.Matches(msg, k.NextField):
		return f.switchField()
	case key.Matches(msg, k.MoreSevere):
		f.severity = max(f.severity-1, model.Sev1)
		return nil
	case key.Matches(msg, k.LessSevere):
		f.severity = min(f.severity+1, model.Sev4)
		return nil
	}
	f.err = ""
	in := f.focused()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return cmd
}

func (f *declareForm) failed(err error) {
	f.pending = false
	f.err = model.ErrorMessage(err)
}

func (f *declareForm) view(m *app) string {
	st := m.styles
	heading := st.Title.Render("Declare an incident ") + st.Rule(m.width-20)
	var sevs []string
	for s := model.Sev1; s <= model.Sev4; s++ {
		if s == f.severity {
			sevs = append(sevs, st.Severity(int(s)).Render("["+s.String()+"]"))
		} else {
			sevs = append(sevs, st.Muted.Render(" "+s.String()+" "))
		}
	}
	status := ""
	switch {
	case f.err != "":
		status = st.Error.Render(truncate(f.err, m.width))
	case f.pending:
		status = st.Muted.Render("declaring…")
	}
	return strings.Join([]string{
		truncate(heading, m.width),
		truncate(st.Muted.Render(fit("Title", labelWidth))+f.title.View(), m.width),
		truncate(st.Muted.Render(fit("Severity", labelWidth))+strings.Join(sevs, " "), m.width),
		truncate(st.Muted.Render(fit("Service", labelWidth))+f.service.View(), m.width),
		status,
	}, "\n")
}

// cursor is the focused input's cursor, for a form drawn from line top.
func (f *declareForm) cursor(top int) *tea.Cursor {
	if f.onTitle {
		return offsetCursor(f.title.Cursor(), labelWidth, top+1)
	}
	return offsetCursor(f.service.Cursor(), labelWidth, top+3)
}
