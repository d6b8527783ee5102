package themes

import (
	"reflect"
	"testing"

	"charm.land/lipgloss/v2"
)

func TestEveryThemeSetsEveryColour(t *testing.T) {
	for _, th := range builtins() {
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
	for _, th := range builtins() {
		if got, want := th.IsPlain(), th.Name == "plain"; got != want {
			t.Errorf("%s.IsPlain() = %v, want %v", th.Name, got, want)
		}
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

func TestNamesAreCanonicalAndStable(t *testing.T) {
	want := []string{"dark", "light", "high-contrast", "colour-blind", "plain"}
	if got := Names(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Names() = %q, want %q", got, want)
	}
	Names()[0] = "changed"
	if Names()[0] != "dark" {
		t.Error("changing the slice Names returned changed the next call's")
	}
}

func TestByName(t *testing.T) {
	tests := []struct {
		in, want string // want "" means unknown
	}{
		{"dark", "dark"},
		{"light", "light"},
		{"high-contrast", "high-contrast"},
		{"colour-blind", "colour-blind"},
		{"plain", "plain"},
		{"DARK", "dark"},
		{" Light ", "light"},
		{"contrast", "high-contrast"},
		{"High-Contrast", "high-contrast"},
		{"colorblind", "colour-blind"},
		{"color-blind", "colour-blind"},
		{"Okabe-Ito", "colour-blind"},
		{"", ""},
		{"solarized", ""},
		{"high contrast", ""},
	}
	for _, tc := range tests {
		th, ok := ByName(tc.in)
		if ok != (tc.want != "") || th.Name != tc.want {
			t.Errorf("ByName(%q) = %q, %v; want %q, %v", tc.in, th.Name, ok, tc.want, tc.want != "")
		}
	}
}

func TestByNameRoundTripsEveryName(t *testing.T) {
	for _, name := range Names() {
		th, ok := ByName(name)
		if !ok || th.Name != name {
			t.Errorf("ByName(%q) = %q, %v", name, th.Name, ok)
		}
	}
}
