package style

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/warroom/warroom/themes"
)

func TestPlainStylesCarryNoColour(t *testing.T) {
	st := New(themes.Plain())
	for _, out := range []string{
		st.Text.Render("x"), st.Error.Render("x"), st.Severity(1).Render("SEV1"),
		st.Badge.Render("observer"), st.Selected.Render("row"), st.Rule(3),
	} {
		if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
			t.Errorf("plain style rendered a colour: %q", out)
		}
	}
	if badge, row := st.Badge.Render("observer"), st.Selected.Render("row"); ansi.Strip(badge) == badge || ansi.Strip(row) == row {
		t.Error("without colour, badges and the selection must still stand out (reverse video)")
	}
}

func TestSeverityBadgesDiffer(t *testing.T) {
	st := New(themes.Dark())
	seen := map[string]bool{}
	for n := 1; n <= 4; n++ {
		seen[st.Severity(n).Render("SEV")] = true
	}
	if len(seen) != 4 {
		t.Errorf("%d distinct severity badges, want 4", len(seen))
	}
	if st.Severity(0).Render("x") != st.Badge.Render("x") {
		t.Error("an unknown severity should fall back to the neutral badge")
	}
}

func TestRuleWidth(t *testing.T) {
	st := New(themes.Light())
	for _, w := range []int{-1, 0, 1, 80} {
		if got := ansi.StringWidth(st.Rule(w)); got != max(w, 0) {
			t.Errorf("Rule(%d) is %d cells", w, got)
		}
	}
}
