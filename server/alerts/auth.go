package alerts

import (
	"net/http"

	"github.com/warroom/warroom/server/bearer"
)

// authorize checks the request's bearer token against want, the
// configured token. It returns the status and reason of a refusal, or 0.
// With no token configured the endpoint is closed, never open.
func authorize(r *http.Request, want string) (status int, reason string) {
	switch bearer.Check(r, want) {
	case bearer.Closed:
		return http.StatusServiceUnavailable, "no hook token configured"
	case bearer.Missing:
		return http.StatusUnauthorized, "an Authorization: Bearer token is required"
	case bearer.Wrong:
		return http.StatusForbidden, "the token is not valid"
	}
	return 0, ""
}
