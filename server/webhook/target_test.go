package webhook_test

import (
	"strings"
	"testing"

	"github.com/warroom/warroom/server/webhook"
)

func TestValidateURL(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string // "" when valid
	}{
		{"https://hooks.slack.com/services/T0/B0/SECRET", ""},
		{"http://127.0.0.1:8080/hook", ""},
		{"HTTPS://example.com", ""},
		{"https://user:pass@example.com/hook", ""},
		{"ftp://example.com/hook", `not "ftp"`},
		{"hooks.example/page", "must be absolute"},
		{"/page", "must be absolute"},
		{"https:///page", "no host"},
		{"https://:8080/page", "no host"},
		{"http://exa mple.com/%zz", "cannot be parsed"},
	}
	for _, tt := range tests {
		err := webhook.ValidateURL(tt.url)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("ValidateURL(%q) = %v, want nil", tt.url, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("ValidateURL(%q) = %v, want an error containing %q", tt.url, err, tt.wantErr)
		}
	}
}

func TestLabelNeverShowsTheURLPath(t *testing.T) {
	tests := []struct {
		target webhook.Target
		want   string
	}{
		{webhook.Target{Name: "ops-slack", URL: "https://hooks.slack.com/services/T0/B0/SECRET"}, "ops-slack"},
		{webhook.Target{URL: "https://hooks.slack.com/services/T0/B0/SECRET"}, "hooks.slack.com"},
		{webhook.Target{URL: "http://127.0.0.1:8080/hook?token=SECRET"}, "127.0.0.1:8080"},
		{webhook.Target{URL: "not a url at all"}, "webhook"},
	}
	for _, tt := range tests {
		if got := tt.target.Label(); got != tt.want {
			t.Errorf("Label(%q) = %q, want %q", tt.target.URL, got, tt.want)
		}
	}
}
