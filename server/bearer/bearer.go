// Package bearer checks the bearer tokens that the HTTP endpoints (the
// alert hooks, the API) require, in one place for all of them.
package bearer

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// Result is how a request stands against an endpoint's token.
type Result int

const (
	OK      Result = iota
	Closed         // no token is configured: the endpoint refuses everyone
	Missing        // no "Authorization: Bearer TOKEN" header
	Wrong          // a token that is not the endpoint's
)

// Check reads the request's "Authorization: Bearer TOKEN" (the scheme in
// any case) and compares it with want in constant time. Without a want
// the endpoint is closed, never open.
func Check(r *http.Request, want string) Result {
	if want == "" {
		return Closed
	}
	scheme, got, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	got = strings.TrimSpace(got)
	if !ok || !strings.EqualFold(scheme, "Bearer") || got == "" {
		return Missing
	}
	// Hashing first keeps the time from depending on the tokens' lengths.
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	if subtle.ConstantTimeCompare(g[:], w[:]) != 1 {
		return Wrong
	}
	return OK
}
