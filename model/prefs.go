package model

import "strings"

// Prefs are a user's own settings, remembered across sessions.
type Prefs struct {
	Theme string // a theme name; "" follows the terminal's background
}

// SetTheme remembers the actor's theme. The interface checks the name
// against the themes it has; the model only keeps it.
type SetTheme struct {
	Theme string
}

// ThemeSet records a user's choice of theme.
type ThemeSet struct {
	Theme string `json:"theme"`
}

// MaxThemeName bounds a stored theme name.
const MaxThemeName = 32

const KindThemeSet Kind = "prefs.theme"

func (ThemeSet) Kind() Kind { return KindThemeSet }

func (c SetTheme) decide(d *decision) (string, Payload, error) {
	name := strings.ToLower(strings.TrimSpace(Sanitize(c.Theme, false)))
	if len(name) > MaxThemeName {
		return "", nil, Errorf(CodeInvalid, "no theme %q", name)
	}
	return "", ThemeSet{Theme: name}, nil
}

func (p ThemeSet) apply(s *State, e *Event) error {
	if e.Incident != "" {
		return Errorf(CodeCorrupt, "event %d sets a preference on an incident", e.Seq)
	}
	prefs := s.prefs[e.Actor]
	prefs.Theme = p.Theme
	s.prefs = copyMap(s.prefs, e.Actor, prefs, false)
	return nil
}
