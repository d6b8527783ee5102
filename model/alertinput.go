package model

import (
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Alerts arrive from monitoring over the network: everything in them is
// untrusted text, sanitised and bounded here before it reaches an event.

// cleanGroupKey sanitises an alert group's key and checks its size.
func cleanGroupKey(raw string) (string, error) {
	key := strings.TrimSpace(Sanitize(raw, false))
	switch n := len(key); {
	case n == 0:
		return "", Errorf(CodeInvalid, "the alert group key is empty")
	case n > MaxGroupKeyBytes:
		return "", Errorf(CodeInvalid, "the alert group key is %d bytes; the limit is %d", n, MaxGroupKeyBytes)
	}
	return key, nil
}

// cleanAlerts sanitises a notification's alerts and checks them against
// the limits. Times are kept in UTC.
func cleanAlerts(raw []Alert) ([]Alert, error) {
	switch n := len(raw); {
	case n == 0:
		return nil, Errorf(CodeInvalid, "the notification has no alerts")
	case n > MaxAlertsPerNotification:
		return nil, Errorf(CodeInvalid, "the notification has %d alerts; the limit is %d", n, MaxAlertsPerNotification)
	}
	alerts := make([]Alert, len(raw))
	for i, a := range raw {
		var err error
		if alerts[i], err = cleanAlert(a); err != nil {
			return nil, Errorf(CodeInvalid, "alert %d of the notification: %s", i+1, ErrorMessage(err))
		}
	}
	return alerts, nil
}

func cleanAlert(raw Alert) (Alert, error) {
	a := Alert{Status: raw.Status}
	var err error
	if a.Fingerprint, err = cleanBounded(raw.Fingerprint, "fingerprint", MaxLabelBytes); err != nil {
		return Alert{}, err
	}
	if a.Status != AlertFiring && a.Status != AlertResolved {
		return Alert{}, Errorf(CodeInvalid, "the status is %q; want firing or resolved", Sanitize(string(raw.Status), false))
	}
	if raw.StartsAt.IsZero() {
		return Alert{}, Errorf(CodeInvalid, "the start time is missing")
	}
	if a.StartsAt, err = cleanAlertTime(raw.StartsAt, "start"); err != nil {
		return Alert{}, err
	}
	if a.EndsAt, err = cleanAlertTime(raw.EndsAt, "end"); err != nil {
		return Alert{}, err
	}
	if a.Name, err = cleanBounded(raw.Name, "name (the alertname label)", MaxLabelBytes); err != nil {
		return Alert{}, err
	}
	if a.Summary = strings.TrimSpace(Sanitize(raw.Summary, false)); len(a.Summary) > MaxSummaryBytes {
		return Alert{}, Errorf(CodeInvalid, "the summary is %d bytes; the limit is %d (1 KiB)", len(a.Summary), MaxSummaryBytes)
	}
	if a.Labels, err = cleanLabels(raw.Labels); err != nil {
		return Alert{}, err
	}
	return a, nil
}

// cleanAlertTime keeps t in UTC, refusing a year JSON cannot store.
func cleanAlertTime(t time.Time, what string) (time.Time, error) {
	if t.IsZero() {
		return time.Time{}, nil
	}
	t = t.UTC()
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, Errorf(CodeInvalid, "the %s time is in year %d", what, y)
	}
	return t, nil
}

// cleanLabels sanitises labels, in name order so that two names that read
// the same once cleaned are refused the same way every time.
func cleanLabels(raw map[string]string) (map[string]string, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	if len(raw) > MaxAlertLabels {
		return nil, Errorf(CodeInvalid, "there are %d labels; the limit is %d", len(raw), MaxAlertLabels)
	}
	labels := make(map[string]string, len(raw))
	for _, rawName := range slices.Sorted(maps.Keys(raw)) {
		name, err := cleanBounded(rawName, "label name", MaxLabelBytes)
		if err != nil {
			return nil, err
		}
		if _, dup := labels[name]; dup {
			return nil, Errorf(CodeInvalid, "label %q appears twice once control characters are removed", name)
		}
		value := strings.TrimSpace(Sanitize(raw[rawName], false))
		if len(value) > MaxLabelBytes {
			return nil, Errorf(CodeInvalid, "label %q is %d bytes; the limit is %d", name, len(value), MaxLabelBytes)
		}
		labels[name] = value
	}
	return labels, nil
}

// cleanBounded sanitises one required line of monitoring's text and
// checks its size in bytes.
func cleanBounded(raw, what string, limit int) (string, error) {
	t := strings.TrimSpace(Sanitize(raw, false))
	switch n := len(t); {
	case n == 0:
		return "", Errorf(CodeInvalid, "the %s is empty", what)
	case n > limit:
		return "", Errorf(CodeInvalid, "the %s is %d bytes; the limit is %d", what, n, limit)
	}
	return t, nil
}

// Shorten cuts s to at most limit runes, marking the cut with an ellipsis.
func Shorten(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	n := 0
	for i := range s {
		if n == limit-1 {
			return strings.TrimSpace(s[:i]) + "…"
		}
		n++
	}
	return s
}
