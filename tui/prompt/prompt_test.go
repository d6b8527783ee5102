package prompt

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
)

func TestPasteFlattensLines(t *testing.T) {
	p := focused(t, 1000)
	typeText(p, "log: ")
	if out := p.Update(tea.PasteMsg{Content: "first\nsecond\r\nthird\rfourth\tend"}); out != Handled {
		t.Fatalf("paste: %v, want Handled", out)
	}
	wantValue(t, p, "log: first second third fourth end")
}

func TestLimitInBytes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit int
		do    func(p *Model)
		want  string
	}{
		{"typing stops at the limit", 3, func(p *Model) { typeText(p, "abcd") }, "abc"},
		{"a paste is cut to fit", 10, func(p *Model) {
			typeText(p, "ab")
			p.Update(tea.PasteMsg{Content: "0123456789"})
		}, "ab01234567"},
		{"a paste is cut between characters", 5, func(p *Model) { p.Update(tea.PasteMsg{Content: "ééé"}) }, "éé"},
		{"a wide character that does not fit is refused", 4, func(p *Model) { typeText(p, "abcé") }, "abc"},
		{"a restored draft is cut", 4, func(p *Model) { p.SetValue("draft") }, "draf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := focused(t, tc.limit)
			tc.do(p)
			wantValue(t, p, tc.want)
		})
	}
}

func TestKeysThePromptDoesNotUseAreLeftToTheRoom(t *testing.T) {
	p := focused(t, 1000)
	typeText(p, "ab")
	if out := p.Update(esc); out != Ignored {
		t.Errorf("esc: %v, want Ignored", out)
	}
	if out := p.Update(tea.KeyPressMsg{Code: tea.KeyPgUp}); out != Ignored {
		t.Errorf("pgup: %v, want Ignored", out)
	}
	if out := p.Update(left); out != Handled {
		t.Errorf("left: %v, want Handled", out)
	}
}

func TestBlurredPromptTakesNothing(t *testing.T) {
	p := New(style.New(themes.Dark()), nil, 100)
	if out := p.Update(tea.KeyPressMsg{Code: 'x', Text: "x"}); out != Ignored {
		t.Errorf("key while blurred: %v, want Ignored", out)
	}
	if out := p.Update(tea.PasteMsg{Content: "x"}); out != Ignored {
		t.Errorf("paste while blurred: %v, want Ignored", out)
	}
	wantValue(t, p, "")
	if p.Cursor() != nil {
		t.Error("a blurred prompt shows a cursor")
	}
}

func TestNilValuesCompleteNothing(t *testing.T) {
	p := New(style.New(themes.Dark()), nil, 100)
	p.Focus()
	typeText(p, "/assign ic a")
	p.Update(tab)
	wantValue(t, p, "/assign ic a")
}

func TestKeyMapHelpListsEveryBinding(t *testing.T) {
	k := DefaultKeyMap()
	n := 0
	for _, group := range k.FullHelp() {
		for _, b := range group {
			if b.Help().Key == "" || b.Help().Desc == "" {
				t.Errorf("binding %v has no help", b.Keys())
			}
			n++
		}
	}
	if n != 5 {
		t.Errorf("full help lists %d bindings, want all 5", n)
	}
}
