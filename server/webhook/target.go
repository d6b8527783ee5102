package webhook

import (
	"errors"
	"fmt"
	"net/url"
)

// Target is one configured endpoint.
type Target struct {
	Name   string // shown on the timeline; the URL's host when empty
	URL    string
	Format Format // the zero value means FormatJSON
}

// Label names the target on the timeline and in logs. It is never the whole
// URL: webhook URLs (Slack's among them) often carry a secret in the path.
func (t Target) Label() string {
	if t.Name != "" {
		return t.Name
	}
	if u, err := url.Parse(t.URL); err == nil && u.Host != "" {
		return u.Host
	}
	return "webhook"
}

// ValidateURL checks that s can be a webhook target: an absolute http or
// https URL with a host. Errors never repeat the URL, which may be secret.
func ValidateURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("webhook URL cannot be parsed")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return errors.New("webhook URL must be absolute (http:// or https://)")
		}
		return fmt.Errorf("webhook URL must use http or https, not %q", u.Scheme)
	}
	if u.Hostname() == "" {
		return errors.New("webhook URL has no host")
	}
	return nil
}
