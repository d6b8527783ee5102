package model

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Similar is a past incident that looks like another one, why it does, and
// the follow-up actions it left undone: the work that would have kept this
// one from happening.
type Similar struct {
	Incident      *Incident
	Why           []string // "same service checkout", "alert HighErrorRate", "similar title"
	OpenFollowUps []Action
}

// Thresholds of similarity.
const (
	// similarTitleIndex is the least Jaccard index of two titles' word sets
	// that makes them similar.
	similarTitleIndex = 0.5
	// sharedLabelPairs is how many alert label pairs (besides alertname)
	// two incidents must share when their alerts differ in name.
	sharedLabelPairs = 2
	// titleWordRunes is the shortest word a title is compared by.
	titleWordRunes = 3
)

// SimilarIncidents returns up to limit (all when limit <= 0) past incidents
// like inc: resolved ones, and open ones declared before it. An incident is
// like inc when it has the same service, alerts of the same name or sharing
// two label pairs, or a title with mostly the same words. The most reasons
// come first, then the most recently declared.
//
// It scans every incident once without allocating for those it passes
// over: inc's words and labels are worked out once, and the reasons are
// put in words only for the incidents returned.
func (s *State) SimilarIncidents(inc *Incident, limit int) []Similar {
	if inc == nil {
		return nil
	}
	probe := newSimilarityProbe(inc)
	type match struct {
		inc     *Incident
		reasons int
	}
	var found []match
	for n := s.incidents.len(); n >= 1; n-- {
		other := s.incidents.at(n)
		if other.Number == inc.Number || (other.Status.Open() && other.Number > inc.Number) {
			continue
		}
		if k := probe.count(other); k > 0 {
			found = append(found, match{other, k})
		}
	}
	slices.SortFunc(found, func(a, b match) int {
		return cmp.Or(cmp.Compare(b.reasons, a.reasons),
			b.inc.DeclaredAt.Compare(a.inc.DeclaredAt),
			cmp.Compare(b.inc.Number, a.inc.Number))
	})
	if limit > 0 && len(found) > limit {
		found = found[:limit]
	}
	out := make([]Similar, len(found))
	for i, f := range found {
		out[i] = Similar{Incident: f.inc, Why: probe.reasons(f.inc), OpenFollowUps: openFollowUpsOf(f.inc)}
	}
	return out
}

// openFollowUpsOf returns inc's follow-up actions not yet done.
func openFollowUpsOf(inc *Incident) []Action {
	var open []Action
	for _, a := range inc.Actions {
		if a.Kind == ActionFollowUp && a.State != ActionDone {
			open = append(open, a)
		}
	}
	return open
}

// similarityProbe is what one incident is compared by, worked out once.
type similarityProbe struct {
	service string
	words   []string           // distinct title words
	names   map[string]bool    // alert names
	pairs   map[labelPair]bool // every alert's labels, alertname aside
}

// commonLabel reports whether alerts of unrelated faults commonly share
// the label: it says where or how bad (the environment, the scraping
// Prometheus, the severity), not what broke, so sharing it makes no two
// incidents alike.
func commonLabel(name string) bool {
	switch strings.ToLower(name) {
	case "severity", "priority", "env", "environment", "stage", "cluster", "region", "zone",
		"datacenter", "dc", "prometheus", "replica", "job", "instance", "receiver", "team":
		return true
	}
	return false
}

// labelPair is one label of an alert; a struct key looks a pair up
// without building a string.
type labelPair struct{ name, value string }

func newSimilarityProbe(inc *Incident) *similarityProbe {
	p := &similarityProbe{service: inc.Service, names: map[string]bool{}, pairs: map[labelPair]bool{}}
	eachTitleWord(inc.Title, func(w string) {
		if !slices.ContainsFunc(p.words, func(x string) bool { return sameWord(x, w) }) {
			p.words = append(p.words, w)
		}
	})
	for _, a := range inc.Alerts {
		if a.Name != "" {
			p.names[a.Name] = true
		}
		for k, v := range a.Labels {
			if k != "alertname" && !commonLabel(k) {
				p.pairs[labelPair{k, v}] = true
			}
		}
	}
	return p
}

// count is how many reasons make other like the probe's incident.
func (p *similarityProbe) count(other *Incident) int {
	k := 0
	if p.sameService(other) {
		k++
	}
	if p.sharesAlerts(other.Alerts) {
		k++
	}
	if p.similarTitle(other.Title) {
		k++
	}
	return k
}

func (p *similarityProbe) sameService(other *Incident) bool {
	return p.service != "" && strings.EqualFold(p.service, other.Service)
}

// sharesAlerts reports whether any of alerts has the name of one of the
// probe's, or they carry sharedLabelPairs of its label pairs.
func (p *similarityProbe) sharesAlerts(alerts []Alert) bool {
	var shared [sharedLabelPairs]labelPair
	k := 0
	for _, a := range alerts {
		if p.names[a.Name] {
			return true
		}
		for name, value := range a.Labels {
			pair := labelPair{name, value}
			if !p.pairs[pair] || slices.Contains(shared[:k], pair) {
				continue
			}
			shared[k] = pair
			if k++; k == len(shared) {
				return true
			}
		}
	}
	return false
}

// reasons says, in words, why other is like the probe's incident; none
// when it is not.
func (p *similarityProbe) reasons(other *Incident) []string {
	var why []string
	if p.sameService(other) {
		why = append(why, "same service "+other.Service)
	}
	if r := p.alertReason(other.Alerts); r != "" {
		why = append(why, r)
	}
	if p.similarTitle(other.Title) {
		why = append(why, "similar title")
	}
	return why
}

// alertReason names the alerts other shares with the probe: by alert name
// when any is shared, else by label pairs when enough are.
func (p *similarityProbe) alertReason(alerts []Alert) string {
	if len(alerts) == 0 || len(p.names)+len(p.pairs) == 0 {
		return ""
	}
	var names, pairs []string
	for _, a := range alerts {
		if p.names[a.Name] && !slices.Contains(names, a.Name) {
			names = append(names, a.Name)
		}
		if len(names) > 0 {
			continue // the names say it; pairs are not needed
		}
		for k, v := range a.Labels {
			if pair := (labelPair{k, v}); p.pairs[pair] && !slices.Contains(pairs, k+"="+v) {
				pairs = append(pairs, k+"="+v)
			}
		}
	}
	switch {
	case len(names) > 0:
		slices.Sort(names)
		return pluralWord(len(names), "alert", "alerts") + " " + strings.Join(names, ", ")
	case len(pairs) >= sharedLabelPairs:
		slices.Sort(pairs)
		return "alert labels " + strings.Join(pairs, ", ")
	}
	return ""
}

// similarTitle reports whether title's words overlap the probe's by at
// least similarTitleIndex (Jaccard index of the two sets of distinct words).
func (p *similarityProbe) similarTitle(title string) bool {
	if len(p.words) == 0 {
		return false
	}
	// The distinct words of title, on the stack; in a title of more words
	// than it holds, later repeats count again, which the threshold
	// survives.
	var seen [32]string
	distinct, shared := 0, 0
	eachTitleWord(title, func(w string) {
		for _, s := range seen[:min(distinct, len(seen))] {
			if sameWord(s, w) {
				return
			}
		}
		if distinct < len(seen) {
			seen[distinct] = w
		}
		distinct++
		if slices.ContainsFunc(p.words, func(x string) bool { return sameWord(x, w) }) {
			shared++
		}
	})
	union := len(p.words) + distinct - shared
	return union > 0 && float64(shared)/float64(union) >= similarTitleIndex
}

// eachTitleWord calls f with each word of title worth comparing: runs of
// letters and digits at least titleWordRunes long, not a stop word.
func eachTitleWord(title string, f func(string)) {
	start := -1
	word := func(end int) {
		if w := title[start:end]; utf8.RuneCountInString(w) >= titleWordRunes && !stopWord(w) {
			f(w)
		}
		start = -1
	}
	for i, r := range title {
		switch {
		case wordRune(r):
			if start < 0 {
				start = i
			}
		case start >= 0:
			word(i)
		}
	}
	if start >= 0 {
		word(len(title))
	}
}

// wordRune reports whether r belongs in a word, with a fast path for ASCII.
func wordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// sameWord compares words ignoring case. Lengths differing first rules out
// most pairs cheaply; the case folds that change a word's length in bytes
// (the Kelvin sign) are too rare in titles to matter.
func sameWord(a, b string) bool { return len(a) == len(b) && strings.EqualFold(a, b) }

// stopWord reports whether w is a frequent word that says nothing about
// what broke.
func stopWord(w string) bool {
	for _, s := range [...]string{"the", "and", "for", "with", "from", "are", "was", "not", "into", "after", "when"} {
		if sameWord(s, w) {
			return true
		}
	}
	return false
}

// pluralWord picks the singular or plural of a word for n things.
func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
