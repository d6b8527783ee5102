// Package themes holds warroom's palettes as values of semantic colours.
// Every session builds its own Theme (and its own styles from it), so one
// person's terminal background never changes another's colours.
package themes

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Theme names the colours the interface uses by what they mean, not by
// what they look like, so a palette can change without touching layout.
type Theme struct {
	Name string

	Text   color.Color // body text
	Muted  color.Color // secondary text: times, hints, separators' labels
	Accent color.Color // focus, prompts, key names, change entries
	Border color.Color // rules and frames

	Error color.Color // refusals and failures
	Warn  color.Color // things that need attention soon

	Badge     color.Color // background of neutral badges (observer, open mode)
	BadgeText color.Color // text on neutral badges

	Selected     color.Color // background of the selected row
	SelectedText color.Color // text on the selected row

	Sev1, Sev2, Sev3, Sev4 color.Color // severity badges, SEV1 critical
	OnSeverity             color.Color // text on a severity badge
}

// Severity returns the colour of severity level n (1 is SEV1). Levels out
// of range get the Muted colour, so a later, unknown level still renders.
func (t Theme) Severity(n int) color.Color {
	switch n {
	case 1:
		return t.Sev1
	case 2:
		return t.Sev2
	case 3:
		return t.Sev3
	case 4:
		return t.Sev4
	}
	return t.Muted
}

// Dark is the palette for terminals with a dark background, the default
// until a client tells us otherwise.
func Dark() Theme {
	c := lipgloss.Color
	return Theme{
		Name:   "dark",
		Text:   c("#DADADA"),
		Muted:  c("#8A8A8A"),
		Accent: c("#7AA2F7"),
		Border: c("#4E4E4E"),
		Error:  c("#FF6B6B"),
		Warn:   c("#FFB347"),

		Badge:     c("#5F5F87"),
		BadgeText: c("#FFFFFF"),

		Selected:     c("#303A52"),
		SelectedText: c("#FFFFFF"),

		Sev1:       c("#FF4D4D"),
		Sev2:       c("#FF9A3C"),
		Sev3:       c("#F2D04B"),
		Sev4:       c("#62A8FF"),
		OnSeverity: c("#121212"),
	}
}

// Light is the palette for terminals with a light background.
func Light() Theme {
	c := lipgloss.Color
	return Theme{
		Name:   "light",
		Text:   c("#1F1F1F"),
		Muted:  c("#6C6C6C"),
		Accent: c("#1F5FBF"),
		Border: c("#B8B8B8"),
		Error:  c("#C0262D"),
		Warn:   c("#A85A00"),

		Badge:     c("#DCDCF0"),
		BadgeText: c("#1F1F1F"),

		Selected:     c("#D6E4FF"),
		SelectedText: c("#000000"),

		Sev1:       c("#C62828"),
		Sev2:       c("#D35400"),
		Sev3:       c("#9A7D0A"),
		Sev4:       c("#1565C0"),
		OnSeverity: c("#FFFFFF"),
	}
}

// HighContrast is for low vision and washed-out projectors: it assumes a
// pure black background and keeps every colour bright enough to clear
// WCAG AAA (7:1) against it, and every badge against black text.
func HighContrast() Theme {
	c := lipgloss.Color
	return Theme{
		Name:   "high-contrast",
		Text:   c("#FFFFFF"),
		Muted:  c("#C8C8C8"),
		Accent: c("#00FFFF"),
		Border: c("#C8C8C8"),
		Error:  c("#FF6E6E"),
		Warn:   c("#FFFF00"),

		Badge:     c("#FFFFFF"),
		BadgeText: c("#000000"),

		Selected:     c("#00FFFF"),
		SelectedText: c("#000000"),

		// Pure red cannot reach 7:1 against black or white text, so
		// SEV1 is a lighter red that still reads as the alarm colour.
		Sev1:       c("#FF7070"),
		Sev2:       c("#FFA500"),
		Sev3:       c("#FFFF00"),
		Sev4:       c("#00FFFF"),
		OnSeverity: c("#000000"),
	}
}

// ColourBlind is a dark-background palette made of the Okabe–Ito colours,
// chosen so that no two colours that mean different things collapse into
// one under protanopia or deuteranopia.
func ColourBlind() Theme {
	c := lipgloss.Color
	return Theme{
		Name:   "colour-blind",
		Text:   c("#FFFFFF"),
		Muted:  c("#999999"), // Okabe–Ito grey
		Accent: c("#56B4E9"), // sky blue
		Border: c("#5F5F5F"), // neutral grey: frames carry no meaning

		// Vermillion lifted to 4.5:1 as text on dark grey; yellow, not
		// orange, so that Warn stays far from Error under deuteranopia.
		Error: c("#E0661A"),
		Warn:  c("#F0E442"),

		Badge:     c("#999999"),
		BadgeText: c("#000000"),

		Selected:     c("#0072B2"), // blue
		SelectedText: c("#FFFFFF"),

		// Vermillion, orange, yellow grow lighter and sky blue leaves the red–green axis, so protan/deutan eyes still see four steps.
		Sev1:       c("#D55E00"),
		Sev2:       c("#E69F00"),
		Sev3:       c("#F0E442"),
		Sev4:       c("#56B4E9"),
		OnSeverity: c("#000000"),
	}
}

// Plain has no colour at all, for clients that ask for none (NO_COLOR).
// Emphasis then comes from text attributes and the words themselves.
func Plain() Theme {
	none := lipgloss.NoColor{}
	return Theme{
		Name: "plain",
		Text: none, Muted: none, Accent: none, Border: none,
		Error: none, Warn: none,
		Badge: none, BadgeText: none,
		Selected: none, SelectedText: none,
		Sev1: none, Sev2: none, Sev3: none, Sev4: none, OnSeverity: none,
	}
}

// IsPlain reports whether the theme has no colours, so that the interface
// can lean on bold and reverse video for emphasis instead.
func (t Theme) IsPlain() bool {
	_, ok := t.Text.(lipgloss.NoColor)
	return ok
}
