package bearer

import (
	"net/http/httptest"
	"testing"
)

func TestCheck(t *testing.T) {
	const token = "0123456789abcdef0123"
	for _, tc := range []struct {
		name, header, want string
		result             Result
	}{
		{"right", "Bearer " + token, token, OK},
		{"scheme in any case, spaces around", "  bearer   " + token + " ", token, OK},
		{"no token configured", "Bearer " + token, "", Closed},
		{"no header", "", token, Missing},
		{"another scheme", "Basic " + token, token, Missing},
		{"empty bearer", "Bearer  ", token, Missing},
		{"wrong", "Bearer " + token + "x", token, Wrong},
		{"a prefix of it", "Bearer " + token[:5], token, Wrong},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		if tc.header != "" {
			r.Header.Set("Authorization", tc.header)
		}
		if got := Check(r, tc.want); got != tc.result {
			t.Errorf("%s: Check = %d, want %d", tc.name, got, tc.result)
		}
	}
}
