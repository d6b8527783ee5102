package config

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/webhook"
)

const (
	// A cadence shorter than a minute would nag the comms lead nonstop.
	minCadence = time.Minute
	noLimit    = time.Duration(math.MaxInt64)

	minHandoverTimeout = 30 * time.Second
	maxHandoverTimeout = time.Hour

	maxWebhookNameRunes = 64

	// Less than a KiB of evidence is hardly evidence.
	minEvidenceBytes = 1 << 10
)

// cadence overrides the update cadence of the severities the file names;
// "none" or 0 means stakeholders of that severity need no updates.
func (d *decoder) cadence(n *yaml.Node, cadence map[model.Severity]time.Duration) {
	setAt := map[model.Severity]int{}
	entries, _ := d.entries(n, "cadence")
	for _, e := range entries {
		sev, err := model.ParseSeverity(e.key)
		if err != nil {
			d.fail(e.node, "cadence", "unknown severity %s; the keys are sev1 to sev4", quote(e.key))
			continue
		}
		path := join("cadence", e.key)
		if line, dup := setAt[sev]; dup {
			d.fail(e.node, path, "%s is already set at line %d", sev, line)
			continue
		}
		setAt[sev] = e.node.Line
		s, ok := d.text(e.value, path, "a duration or none")
		switch {
		case !ok:
		case strings.EqualFold(s, "none") || s == "0":
			delete(cadence, sev)
		default:
			if every, err := parseDuration(s, minCadence, noLimit); err != nil {
				d.fail(resolve(e.value), path, "%v; none means no cadence", err)
			} else {
				cadence[sev] = every
			}
		}
	}
}

// webhooks reads where pages and updates are posted. Each must have a
// label of its own: the timeline records deliveries by label, and two
// targets sharing one would share their record (two Slack URLs without a
// name are both hooks.slack.com).
func (d *decoder) webhooks(n *yaml.Node) []webhook.Target {
	items, ok := d.sequence(n, "webhooks")
	if !ok {
		return nil
	}
	nameAt := map[string]int{}
	labelOf := map[string]int{} // a label, lowercased → the webhook that has it
	targets := make([]webhook.Target, 0, len(items))
	for i, item := range items {
		path := index("webhooks", i)
		before := d.found()
		t := d.webhook(item, path, nameAt)
		targets = append(targets, t)
		if d.found() > before {
			continue // its label is a stand-in, or its name already reported
		}
		key := strings.ToLower(t.Label())
		if j, dup := labelOf[key]; dup {
			d.fail(resolve(item), path, "its label %s is also %s's; give one a name", t.Label(), index("webhooks", j))
			continue
		}
		labelOf[key] = i
	}
	return targets
}

func (d *decoder) webhook(n *yaml.Node, path string, nameAt map[string]int) webhook.Target {
	f := d.fields(n, path, "url", "format", "name")
	t := webhook.Target{Format: webhook.FormatJSON}
	if v, ok := d.need(f, "url", path, "the webhook has no url"); ok {
		if s, ok := d.text(v, join(path, "url"), "a URL"); ok {
			// ValidateURL's messages never repeat the URL, which may hold a secret.
			if err := webhook.ValidateURL(s); err != nil {
				d.fail(resolve(v), join(path, "url"), "%v", err)
			}
			t.URL = s
		}
	}
	if v, ok := f.get("format"); ok {
		if s, ok := d.text(v, join(path, "format"), "json or slack"); ok {
			format, err := webhook.ParseFormat(s)
			if err != nil {
				d.fail(resolve(v), join(path, "format"), "%v", err)
			}
			t.Format = format
		}
	}
	if v, ok := f.get("name"); ok {
		if t.Name, ok = d.label(v, join(path, "name"), maxWebhookNameRunes); ok {
			d.once(nameAt, v, join(path, "name"), "a webhook named", t.Name)
		}
	}
	return t
}

// duration reads a duration between least and most.
func (d *decoder) duration(n *yaml.Node, path string, least, most time.Duration) time.Duration {
	s, ok := d.text(n, path, "a duration (like 5m or 1h30m)")
	if !ok {
		return 0
	}
	v, err := parseDuration(s, least, most)
	if err != nil {
		d.fail(resolve(n), path, "%v", err)
	}
	return v
}

func parseDuration(s string, least, most time.Duration) (time.Duration, error) {
	v, err := time.ParseDuration(s)
	switch {
	case err != nil:
		return 0, fmt.Errorf("%s is not a duration (like 5m or 1h30m)", quote(s))
	case v < least:
		return 0, fmt.Errorf("%s is too short; the least is %s", s, formatDuration(least))
	case v > most:
		return 0, fmt.Errorf("%s is too long; the most is %s", s, formatDuration(most))
	}
	return v, nil
}

// formatDuration writes d as a person would: 1h, not 1h0m0s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// evidence reads how much of piped evidence is kept (evidence.keep); 0,
// the rules' default, when the file gives none or a bad one.
func (d *decoder) evidence(n *yaml.Node) int64 {
	v, ok := d.fields(n, "evidence", "keep").get("keep")
	if !ok {
		return 0
	}
	const path = "evidence.keep"
	s, ok := d.text(v, path, "a size (like 512KiB or 1MiB)")
	if !ok {
		return 0
	}
	size, err := parseSize(s, minEvidenceBytes, model.MaxEvidenceBytes)
	if err != nil {
		d.fail(resolve(v), path, "%v", err)
		return 0
	}
	return size
}

// parseSize reads a byte count between least and most: a whole number of
// bytes, KiB or MiB (1048576, 512KiB, 4 MiB).
func parseSize(s string, least, most int64) (int64, error) {
	number, unit := strings.TrimSpace(s), int64(1)
	// Largest first, so that "KiB" is not read as "B".
	for _, u := range []struct {
		suffix string
		bytes  int64
	}{{"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}} {
		if len(number) > len(u.suffix) && strings.EqualFold(number[len(number)-len(u.suffix):], u.suffix) {
			number, unit = strings.TrimSpace(number[:len(number)-len(u.suffix)]), u.bytes
			break
		}
	}
	n, err := strconv.ParseInt(number, 10, 64)
	switch {
	case err != nil || n < 0:
		return 0, fmt.Errorf("%s is not a size (like 512KiB, 1MiB or a number of bytes)", quote(s))
	case n > most/unit: // before multiplying, which could overflow
		return 0, fmt.Errorf("%s is too large; the most is %s", s, model.FormatSize(most))
	case n*unit < least:
		return 0, fmt.Errorf("%s is too small; the least is %s", s, model.FormatSize(least))
	}
	return n * unit, nil
}
