// Package alerts takes alert notifications over HTTP — the Prometheus
// Alertmanager webhook and a small generic JSON form for other sources —
// and turns them into model.ReceiveAlerts, which opens a triage incident
// for a new firing group or records the alerts on the group's open one.
//
// Everything here reads untrusted bytes from the network: the decoders
// check the shape of a payload and refuse what they cannot use with a
// short reason; the model checks and sanitises the text.
package alerts

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom/model"
)

// Notification is one delivery from an alert source, decoded and checked
// but not yet mapped to warroom's severities and services.
type Notification struct {
	Source   string // "alertmanager", or what a generic sender calls itself
	GroupKey string // alerts of one group belong to one incident

	// A generic sender may choose these itself; "" means they are made
	// from the alerts under the server's Mapping.
	Title    string
	Severity string // as the sender writes it: "1", "sev1", "critical"
	Service  string

	Alerts []model.Alert
	// Truncated counts alerts the sender left out of this notification
	// (Alertmanager's max_alerts).
	Truncated int
}

// Decoder reads one notification from a request body.
type Decoder func(body []byte) (*Notification, error)

// invalid is a decode error; its message is safe to return to the sender.
func invalid(format string, args ...any) error {
	return model.Errorf(model.CodeInvalid, format, args...)
}

// unmarshal decodes exactly one JSON value from body into v, turning the
// decoder's errors into short reasons a sender can act on.
func unmarshal(body []byte, v any, strict bool) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		var coded *model.Error
		if errors.As(err, &coded) { // from a field's own UnmarshalJSON
			return err
		}
		return invalid("%s", jsonReason(err))
	}
	if dec.More() {
		return invalid("not valid JSON: more data after the payload")
	}
	return nil
}

// jsonReason says what is wrong with a payload without Go type names.
func jsonReason(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tm *time.ParseError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("not valid JSON at byte %d: %s", syntax.Offset, syntax.Error())
	case errors.As(err, &typ) && typ.Field != "":
		return fmt.Sprintf("%s cannot be a JSON %s", typ.Field, typ.Value)
	case errors.As(err, &typ):
		return fmt.Sprintf("the payload must be a JSON object, not a JSON %s", typ.Value)
	case errors.As(err, &tm):
		return fmt.Sprintf("time %q is not RFC 3339, like 2026-05-01T12:00:00Z", clip(tm.Value))
	case errors.Is(err, io.EOF):
		return "the body is empty"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "not valid JSON: it ends too soon"
	}
	return strings.TrimPrefix(model.Sanitize(err.Error(), false), "json: ") // such as: unknown field "x"
}

// fieldNames are what a payload calls the fields an alert must have, for
// the errors about them.
type fieldNames struct{ name, startsAt string }

// setAlerts checks decoded alerts and keeps them in n. Past the model's
// limit, the rest are counted as left out rather than refused, so that a
// large group still opens its incident. An alert without a fingerprint is
// given one, and a summary too long for the model is shortened. Times are
// left to the model, which keeps them in UTC.
func (n *Notification) setAlerts(raw []model.Alert, f fieldNames) error {
	if len(raw) == 0 {
		return invalid("the notification has no alerts")
	}
	kept := raw[:min(len(raw), model.MaxAlertsPerNotification)]
	n.Truncated += len(raw) - len(kept)
	n.Alerts = make([]model.Alert, 0, len(kept))
	for i, a := range kept {
		switch {
		case a.Status != model.AlertFiring && a.Status != model.AlertResolved:
			return invalid("alerts[%d].status must be firing or resolved, not %q", i, clip(string(a.Status)))
		case a.StartsAt.IsZero():
			return invalid("alerts[%d].%s is missing", i, f.startsAt)
		case oneLine(a.Name) == "":
			return invalid("alerts[%d].%s is missing", i, f.name)
		}
		if a.Fingerprint == "" {
			a.Fingerprint = Fingerprint(a.Name, a.Labels)
		}
		if summary := oneLine(a.Summary); len(summary) > model.MaxSummaryBytes {
			// A rune is at most utf8.UTFMax bytes, so this many always fit.
			a.Summary = model.Shorten(summary, model.MaxSummaryBytes/utf8.UTFMax)
		}
		n.Alerts = append(n.Alerts, a)
	}
	return nil
}

// Fingerprint identifies an alert that came without an id: the same name
// and labels give the same fingerprint, whatever the order of the labels.
func Fingerprint(name string, labels map[string]string) string {
	h := sha256.New()
	write := func(s string) { // length-prefixed, so no two inputs run together
		_, _ = h.Write(binary.AppendUvarint(nil, uint64(len(s))))
		_, _ = h.Write([]byte(s))
	}
	write(name)
	for _, k := range slices.Sorted(maps.Keys(labels)) {
		write(k)
		write(labels[k])
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// clip shortens a value echoed back in an error message.
func clip(s string) string { return model.Shorten(model.Sanitize(s, false), 41) }
