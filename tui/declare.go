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

// declareForm asks for a title and a severity and declares the incident.
// Validation is the store's: its refusal is shown inline, word for word.
type declareForm struct {
	title    textinput.Model
	severity model.Severity
	err      string
	pending  bool // a declaration is in flight; enter waits for it
}

func newDeclareForm(m *app) *declareForm {
	f := &declareForm{
		title:    newInput("> ", "what is happening?", inputLimit(model.MaxTitleRunes), m.styles),
		severity: model.DefaultSeverity,
	}
	f.resize(m.width)
	return f
}

func (f *declareForm) setStyles(st style.Styles) { f.title.SetStyles(st.Input) }

func (f *declareForm) resize(width int) { f.title.SetWidth(max(width-labelWidth-3, 1)) }

// height is how many lines view draws.
func (f *declareForm) height() int { return 4 }

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
		return m.writer.declare(f.title.Value(), f.severity)
	case key.Matches(msg, k.MoreSevere):
		f.severity = max(f.severity-1, model.Sev1)
		return nil
	case key.Matches(msg, k.LessSevere):
		f.severity = min(f.severity+1, model.Sev4)
		return nil
	}
	f.err = ""
	var cmd tea.Cmd
	f.title, cmd = f.title.Update(msg)
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
		status,
	}, "\n")
}

// cursor is the title input's cursor, for a form drawn from line top.
func (f *declareForm) cursor(top int) *tea.Cursor {
	return offsetCursor(f.title.Cursor(), labelWidth, top+1)
}
