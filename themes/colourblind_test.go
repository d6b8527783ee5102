package themes

import (
	"image/color"
	"math"
	"testing"

	"charm.land/lipgloss/v2"
)

// Machado, Oliveira & Fernandes (2009) matrices for full protanopia and
// deuteranopia, applied to linear RGB.
var (
	protanopia = [3][3]float64{
		{0.152286, 1.052583, -0.204868},
		{0.114503, 0.786281, 0.099216},
		{-0.003882, -0.048116, 1.051998},
	}
	deuteranopia = [3][3]float64{
		{0.367322, 0.860646, -0.227968},
		{0.280085, 0.672501, 0.047413},
		{-0.011820, 0.042940, 0.968881},
	}
)

// simulate returns how c looks to someone with the deficiency m describes,
// in linear RGB clamped to the displayable range.
func simulate(m [3][3]float64, c color.Color) [3]float64 {
	in := linearRGB(c)
	var out [3]float64
	for i := range out {
		v := m[i][0]*in[0] + m[i][1]*in[1] + m[i][2]*in[2]
		out[i] = min(max(v, 0), 1)
	}
	return out
}

// lab converts linear RGB to CIELAB (D65 white), where Euclidean distance
// approximates how different two colours look.
func lab(rgb [3]float64) [3]float64 {
	x := (0.4124*rgb[0] + 0.3576*rgb[1] + 0.1805*rgb[2]) / 0.95047
	y := 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	z := (0.0193*rgb[0] + 0.1192*rgb[1] + 0.9505*rgb[2]) / 1.08883
	f := func(t float64) float64 {
		if t > 216.0/24389 {
			return math.Cbrt(t)
		}
		return (24389.0/27*t + 16) / 116
	}
	fx, fy, fz := f(x), f(y), f(z)
	return [3]float64{116*fy - 16, 500 * (fx - fy), 200 * (fy - fz)}
}

// deltaE is the CIE76 colour difference; about 2.3 is just noticeable.
func deltaE(a, b [3]float64) float64 {
	return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
}

// TestColoursStayApartForProtanAndDeutanEyes checks that the colours
// that must be told apart (the four severities; Error, Warn and Accent)
// remain clearly different after simulating each deficiency. 15 ΔE is
// several times the just-noticeable difference: distinct at a glance.
func TestColoursStayApartForProtanAndDeutanEyes(t *testing.T) {
	const minDelta = 15
	deficiencies := []struct {
		name   string
		matrix [3][3]float64
	}{{"protanopia", protanopia}, {"deuteranopia", deuteranopia}}
	for _, th := range []Theme{ColourBlind(), HighContrast()} {
		groups := []struct {
			names  []string
			colors []color.Color
		}{
			{[]string{"Sev1", "Sev2", "Sev3", "Sev4"}, []color.Color{th.Sev1, th.Sev2, th.Sev3, th.Sev4}},
			{[]string{"Error", "Warn", "Accent"}, []color.Color{th.Error, th.Warn, th.Accent}},
		}
		for _, d := range deficiencies {
			for _, g := range groups {
				for i := range g.colors {
					for j := i + 1; j < len(g.colors); j++ {
						a, b := lab(simulate(d.matrix, g.colors[i])), lab(simulate(d.matrix, g.colors[j]))
						if got := deltaE(a, b); got < minDelta {
							t.Errorf("%s under %s: %s and %s differ by ΔE %.1f, want at least %d",
								th.Name, d.name, g.names[i], g.names[j], got, minDelta)
						}
					}
				}
			}
		}
	}
}

func TestSimulationKeepsGreysAndMergesRedGreen(t *testing.T) {
	grey := lipgloss.Color("#808080")
	if d := deltaE(lab(linearRGB(grey)), lab(simulate(deuteranopia, grey))); d > 1 {
		t.Errorf("deuteranopia moved grey by ΔE %.1f; a neutral should not change", d)
	}
	red, green := lipgloss.Color("#FF0000"), lipgloss.Color("#00FF00")
	normal := deltaE(lab(linearRGB(red)), lab(linearRGB(green)))
	deutan := deltaE(lab(simulate(deuteranopia, red)), lab(simulate(deuteranopia, green)))
	if deutan > normal/2 {
		t.Errorf("deuteranopia kept red and green %.1f apart (normal %.1f); the simulation is not working", deutan, normal)
	}
}
