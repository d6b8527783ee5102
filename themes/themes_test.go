package themes

import (
	"reflect"
	"testing"

	"charm.land/lipgloss/v2"
)

func TestEveryThemeSetsEveryColour(t *testing.T) {
	for _, th := range []Theme{Dark(), Light(), Plain()} {
		name := th.Name
		t.Run(name, func(t *testing.T) {
			v := reflect.ValueOf(th)
			for i := 0; i < v.NumField(); i++ {
				f := v.Type().Field(i)
				if f.Name == "Name" {
					continue
				}
				if v.Field(i).IsNil() {
					t.Errorf("%s.%s is nil", name, f.Name)
				}
			}
		})
	}
}

func TestSeverityColours(t *testing.T) {
	th := Dark()
	want := []any{th.Sev1, th.Sev2, th.Sev3, th.Sev4}
	for i, w := range want {
		if got := th.Severity(i + 1); got != w {
			t.Errorf("Severity(%d) = %v, want %v", i+1, got, w)
		}
	}
	if got := th.Severity(9); got != th.Muted {
		t.Errorf("Severity(9) = %v, want Muted", got)
	}
}

func TestOnlyPlainIsPlain(t *testing.T) {
	if !Plain().IsPlain() || Dark().IsPlain() || Light().IsPlain() {
		t.Error("IsPlain must hold for Plain only")
	}
	if _, ok := Plain().Sev1.(lipgloss.NoColor); !ok {
		t.Error("Plain().Sev1 has a colour")
	}
}

func TestThemesAreIndependentValues(t *testing.T) {
	a := Dark()
	a.Text = lipgloss.Color("#000000")
	if Dark().Text == a.Text {
		t.Error("changing one Dark() value changed another")
	}
}
