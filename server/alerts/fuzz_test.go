package alerts

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/warroom/warroom/model"
)

// FuzzDecode feeds the same bytes to both decoders. Neither panics; a
// refusal is an invalid-input error; an accepted notification is within
// the model's limits, converts to a command the model decides without
// panicking or failing internally, and, once recorded, is nothing new
// when it comes again.
func FuzzDecode(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, seed := range []string{
		"", "null", "[]", `"4"`, "{}",
		`{"version": "4", "groupKey": "g", "alerts": [{"status": "firing", "startsAt": "2026-05-01T09:00:00Z", "labels": {"alertname": "\u001b[2J"}}]}`,
		`{"version": "4", "groupKey": "\u0000", "alerts": [{"status": "resolved", "startsAt": "9999-12-31T23:59:59+01:00", "labels": {"alertname": "X"}}]}`,
		`{"group": "g", "severity": 1e400, "alerts": [{"name": "X", "started_at": "0001-01-01T00:00:01Z"}]}`,
		`{"group": "g", "title": " ", "source": "\u202e", "alerts": [{"name": "X", "id": "", "started_at": "2026-05-01T09:00:00Z", "labels": {"": ""}}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for name, decode := range map[string]Decoder{"alertmanager": DecodeAlertmanager, "generic": DecodeGeneric} {
			n, err := decode(data)
			if err != nil {
				if n != nil || model.ErrorCode(err) != model.CodeInvalid || model.ErrorMessage(err) == "" {
					t.Fatalf("%s: refusal %v with %+v", name, err, n)
				}
				continue
			}
			checkAccepted(t, name, n)
		}
	})
}

func checkAccepted(t *testing.T, decoder string, n *Notification) {
	if len(n.Alerts) == 0 || len(n.Alerts) > model.MaxAlertsPerNotification || n.Truncated < 0 {
		t.Fatalf("%s: accepted %d alerts, %d left out", decoder, len(n.Alerts), n.Truncated)
	}
	for i, a := range n.Alerts {
		if a.Fingerprint == "" || a.StartsAt.IsZero() || (a.Status != model.AlertFiring && a.Status != model.AlertResolved) {
			t.Fatalf("%s: accepted alert %d %+v", decoder, i, a)
		}
	}
	cmd := ToCommand(n, DefaultMapping())
	if !cmd.Severity.Valid() {
		t.Fatalf("%s: severity %v", decoder, cmd.Severity)
	}
	state := model.NewState(nil)
	e, err := model.Decide(state, model.System(), cmd, now)
	switch code := model.ErrorCode(err); {
	case err != nil && code != model.CodeInvalid && code != model.CodeNotFound:
		t.Fatalf("%s: the model refused %+v with %s: %v", decoder, cmd, code, err)
	case err != nil:
		return
	}
	e.Seq, e.ID = 1, "fuzz"
	if state, err = model.Apply(state, e); err != nil {
		t.Fatalf("%s: applying %+v: %v", decoder, e, err)
	}
	if _, err := model.Decide(state, model.System(), cmd, now); model.ErrorCode(err) != model.CodeConflict {
		t.Fatalf("%s: the same notification again: %v, want nothing new", decoder, err)
	}
}
