package model

import (
	"slices"
	"strings"
)

// blamePhrases are root causes that stop at a person instead of the
// conditions that let the mistake happen.
func blamePhrases() []string {
	return []string{"human error", "operator error", "user error", "mistake by"}
}

// Warnings is the blameless check of the review's root cause: a warning
// when it blames "human error" or names a person (a user of the server, or
// anyone on the incident's timeline). It is advice for the review's
// authors, never a refusal.
func (r Review) Warnings(inc *Incident, rules *Rules) []string {
	phrases, named := blameIn(r.Fields[ReviewRootCause], reviewNames(inc, rules))
	var warnings []string
	for _, p := range phrases {
		warnings = append(warnings, `the root cause says "`+p+`": describe the conditions that made the mistake possible, not who made it`)
	}
	if len(named) > 0 {
		warnings = append(warnings, "the root cause names "+strings.Join(named, ", ")+": a blameless review is about systems and decisions, not people")
	}
	return warnings
}

// blamelessFindings is the blameless check in short, for the timeline:
// `says "human error"`, `names alice, bob`.
func blamelessFindings(text string, names []string) []string {
	phrases, named := blameIn(text, names)
	var found []string
	for _, p := range phrases {
		found = append(found, `says "`+p+`"`)
	}
	if len(named) > 0 {
		found = append(found, "names "+strings.Join(named, ", "))
	}
	return found
}

// blameIn returns the blaming phrases text uses and the names it
// mentions.
func blameIn(text string, names []string) (phrases, named []string) {
	lower := strings.ToLower(text)
	for _, p := range blamePhrases() {
		if strings.Contains(lower, p) {
			phrases = append(phrases, p)
		}
	}
	return phrases, namedIn(text, names)
}

// reviewNames are the people a review could blame: the server's users and
// everyone who acted on the incident, the server itself left out.
func reviewNames(inc *Incident, rules *Rules) []string {
	names := slices.Clone(rules.UserNames())
	for _, e := range inc.Timeline {
		if e.Actor != SystemActor && !slices.Contains(names, e.Actor) {
			names = append(names, e.Actor)
		}
	}
	return names
}

// namedIn returns the names that appear in text as whole words (or
// @mentions), ignoring case, sorted.
func namedIn(text string, names []string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !isNameRune(r) })
	var found []string
	for _, w := range words {
		w = strings.TrimRight(w, ".-_")
		if w != "" && slices.Contains(names, w) && !slices.Contains(found, w) {
			found = append(found, w)
		}
	}
	slices.Sort(found)
	return found
}

// isNameRune reports whether r may be part of a user name.
func isNameRune(r rune) bool {
	return r < 0x80 && (isLowerAlnum(byte(r)) || r == '.' || r == '_' || r == '-')
}
