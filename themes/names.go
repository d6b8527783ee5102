package themes

import "strings"

// builtins lists every built-in palette once, in the order Names reports
// them; each constructor's Name field is the canonical name.
func builtins() []Theme {
	return []Theme{Dark(), Light(), HighContrast(), ColourBlind(), Plain()}
}

// Names returns the canonical theme names in a stable order, for `/theme`
// completion and help. The slice is the caller's own.
func Names() []string {
	all := builtins()
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = t.Name
	}
	return names
}

// ByName returns the built-in theme called name, ignoring case and
// surrounding spaces and accepting the common aliases, so `/theme Color-Blind`
// works as users type it. The second result is false for an unknown name.
func ByName(name string) (Theme, bool) {
	want := canonicalName(strings.ToLower(strings.TrimSpace(name)))
	for _, t := range builtins() {
		if t.Name == want {
			return t, true
		}
	}
	return Theme{}, false
}

// canonicalName maps an alias (already lower-cased) to the name it stands
// for; any other name is returned as it is.
func canonicalName(name string) string {
	switch name {
	case "contrast":
		return "high-contrast"
	case "colorblind", "color-blind", "okabe-ito":
		return "colour-blind"
	}
	return name
}
