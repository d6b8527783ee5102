package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/alerts"
)

// Bounds on a bearer token: long enough not to be guessed, short enough
// for any HTTP header.
const (
	minTokenLength = 16
	maxTokenLength = 256
)

// ValidateToken checks a bearer token, from the config file or the
// environment: 16 to 256 visible ASCII characters, no spaces. Its errors
// never repeat the token, which is a secret.
func ValidateToken(token string) error {
	if n := len(token); n < minTokenLength || n > maxTokenLength {
		return fmt.Errorf("the token is %d characters; use %d to %d, such as the output of openssl rand -hex 32",
			n, minTokenLength, maxTokenLength)
	}
	for i := 0; i < len(token); i++ {
		if c := token[i]; c <= ' ' || c > '~' {
			return fmt.Errorf("the token has a character at position %d that is not visible ASCII; use letters, digits and punctuation", i+1)
		}
	}
	return nil
}

// tokenSection reads a section whose one key is a bearer token (hooks:,
// api:); "" when it gives none.
func (d *decoder) tokenSection(n *yaml.Node, path string) string {
	v, ok := d.fields(n, path, "token").get("token")
	if !ok {
		return ""
	}
	at := join(path, "token")
	// text quotes a value it refuses only when it is no scalar, so the
	// secret never reaches a message.
	s, ok := d.text(v, at, "a token")
	if !ok {
		return ""
	}
	if err := ValidateToken(s); err != nil {
		d.fail(resolve(v), at, "%v", err)
		return ""
	}
	return s
}

// alertMapping reads how alerts' labels become severities and services.
// Severity values the file maps replace the default mapping of that
// value; the rest keep theirs.
func (d *decoder) alertMapping(n *yaml.Node) alerts.Mapping {
	m := alerts.DefaultMapping()
	f := d.fields(n, "alerts", "severity_label", "severities", "service_label")
	if v, ok := f.get("severity_label"); ok {
		if s, ok := d.labelName(v, "alerts.severity_label"); ok {
			m.SeverityLabel = s
		}
	}
	if v, ok := f.get("service_label"); ok {
		if s, ok := d.labelName(v, "alerts.service_label"); ok {
			m.ServiceLabel = s
		}
	}
	if v, ok := f.get("severities"); ok {
		d.severities(v, m.Severities)
	}
	return m
}

// severities reads label value → severity, 1 to 4 or sev1 to sev4.
func (d *decoder) severities(n *yaml.Node, into map[string]model.Severity) {
	const path = "alerts.severities"
	setAt := map[string]int{} // lowercased value → line
	entries, _ := d.entries(n, path)
	for _, e := range entries {
		value := strings.ToLower(strings.TrimSpace(e.key))
		if value == "" || model.Sanitize(value, false) != value {
			d.fail(e.node, path, "%s is not a label value warroom can match; give a plain word such as critical", quote(e.key))
			continue
		}
		at := join(path, e.key)
		if line, dup := setAt[value]; dup {
			d.fail(e.node, at, "%s is already mapped at line %d", quote(e.key), line)
			continue
		}
		setAt[value] = e.node.Line
		s, ok := d.text(e.value, at, "a severity, 1 to 4")
		if !ok {
			continue
		}
		sev, err := model.ParseSeverity(s)
		if err != nil {
			d.fail(resolve(e.value), at, "%s is not a severity; use 1 to 4 (1 is the most severe) or sev1 to sev4", quote(s))
			continue
		}
		into[value] = sev
	}
}

// labelName reads a Prometheus label name: a letter or underscore, then
// letters, digits and underscores.
func (d *decoder) labelName(n *yaml.Node, path string) (string, bool) {
	s, ok := d.text(n, path, "a label name")
	if !ok {
		return "", false
	}
	if !isLabelName(s) {
		d.fail(resolve(n), path, "label name %s is not valid: use letters, digits and underscores, not starting with a digit", quote(s))
		return "", false
	}
	return s, true
}

func isLabelName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != '_' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
