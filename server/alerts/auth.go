package alerts

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"
)

// authorize checks the request's bearer token against want, the
// configured token. It returns the status and reason of a refusal, or 0.
// With no token configured the endpoint is closed, never open.
func authorize(r *http.Request, want string) (status int, reason string) {
	if want == "" {
		return http.StatusServiceUnavailable, "no hook token configured"
	}
	got, ok := bearerToken(r.Header.Get("Authorization"))
	switch {
	case !ok:
		return http.StatusUnauthorized, "an Authorization: Bearer token is required"
	case !sameToken(got, want):
		return http.StatusForbidden, "the token is not valid"
	}
	return 0, ""
}

// bearerToken reads "Bearer TOKEN"; the scheme is case-insensitive.
func bearerToken(header string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// sameToken compares in constant time. Hashing first keeps the time from
// depending on the tokens' lengths too.
func sameToken(got, want string) bool {
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
