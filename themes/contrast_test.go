package themes

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"charm.land/lipgloss/v2"
)

// The backgrounds each palette is drawn for. Dark and ColourBlind are
// checked on a typical dark terminal grey, a harder case than black.
var (
	black     = lipgloss.Color("#000000")
	darkGrey  = lipgloss.Color("#1E1E1E")
	pureWhite = lipgloss.Color("#FFFFFF")
)

// linearRGB returns c's channels in linear light, 0..1 (sRGB transfer
// function undone), the space both WCAG luminance and CVD simulation use.
func linearRGB(c color.Color) [3]float64 {
	r, g, b, _ := c.RGBA()
	var out [3]float64
	for i, v := range []uint32{r, g, b} {
		s := float64(v) / 0xFFFF
		if s <= 0.04045 {
			out[i] = s / 12.92
		} else {
			out[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return out
}

// relativeLuminance is WCAG 2's relative luminance of c.
func relativeLuminance(c color.Color) float64 {
	l := linearRGB(c)
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

// contrastRatio is WCAG 2's contrast ratio, 1 (none) to 21 (black on white).
func contrastRatio(a, b color.Color) float64 {
	la, lb := relativeLuminance(a), relativeLuminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// pair is a foreground drawn on a background and the least contrast the
// palette promises for it.
type pair struct {
	what   string
	fg, bg color.Color
	min    float64
}

func checkContrast(t *testing.T, pairs []pair) {
	t.Helper()
	for _, p := range pairs {
		if got := contrastRatio(p.fg, p.bg); got < p.min {
			t.Errorf("%s: contrast %.2f:1, want at least %.1f:1", p.what, got, p.min)
		}
	}
}

func TestContrastRatioMatchesWCAGReferences(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"#000000", "#FFFFFF", 21},
		{"#FFFFFF", "#FFFFFF", 1},
		{"#767676", "#FFFFFF", 4.54}, // the lightest grey that passes AA on white
		{"#FF0000", "#000000", 5.25},
	} {
		got := contrastRatio(lipgloss.Color(tc.a), lipgloss.Color(tc.b))
		if math.Abs(got-tc.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.3f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
}

// readablePairs lists everything a palette draws as text: foregrounds on
// the background at least min (Muted at least mutedMin), and the text on
// each badge and on the selected row at least min.
func readablePairs(th Theme, bg color.Color, min, mutedMin float64) []pair {
	pairs := []pair{
		{"Text on background", th.Text, bg, min},
		{"Muted on background", th.Muted, bg, mutedMin},
		{"Accent on background", th.Accent, bg, min},
		{"Error on background", th.Error, bg, min},
		{"Warn on background", th.Warn, bg, min},
		{"BadgeText on Badge", th.BadgeText, th.Badge, min},
		{"SelectedText on Selected", th.SelectedText, th.Selected, min},
	}
	for n := 1; n <= 4; n++ {
		pairs = append(pairs, pair{fmt.Sprintf("OnSeverity on Sev%d", n), th.OnSeverity, th.Severity(n), min})
	}
	return pairs
}

func TestHighContrastMeetsWCAGAAAOnBlack(t *testing.T) {
	checkContrast(t, readablePairs(HighContrast(), black, 7, 4.5))
}

func TestColourBlindMeetsWCAGAAOnDarkGrey(t *testing.T) {
	checkContrast(t, readablePairs(ColourBlind(), darkGrey, 4.5, 4.5))
}

func TestTextAndMutedReadableOnAssumedBackground(t *testing.T) {
	for _, tc := range []struct {
		theme Theme
		bg    color.Color
	}{
		{Dark(), darkGrey},
		{Light(), pureWhite},
	} {
		t.Run(tc.theme.Name, func(t *testing.T) {
			checkContrast(t, []pair{
				{"Text on background", tc.theme.Text, tc.bg, 4.5},
				{"Muted on background", tc.theme.Muted, tc.bg, 4.5},
			})
		})
	}
}
