package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/warroom/warroom/model"
)

// Whatever a client sends, the listener answers without a server error.
func FuzzRequests(f *testing.F) {
	for _, seed := range [][3]string{
		{"GET", "/", ""},
		{"GET", "/api/v1/incidents/INC-1", "Bearer " + testToken},
		{"GET", "/api/v1/incidents/%00%ff", "Bearer"},
		{"POST", "/status.json?x=<script>", "Basic Zm9vOmJhcg=="},
		{"HEAD", "//..//metrics", "bearer  " + testToken + " "},
		{"GET", "/api/v1/incidents/INC-99999999999999999999", "Bearer " + testToken},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	fx := newFixture(f)
	id := fx.declare("Fuzzed", "api", model.Sev2)
	fx.update(id, "An update.")
	f.Fuzz(func(t *testing.T, method, target, auth string) {
		r, err := http.NewRequest(method, "http://status.test"+target, strings.NewReader("body"))
		if err != nil || !strings.HasPrefix(r.URL.Path, "/") {
			t.Skip("not a request a server could receive")
		}
		r.Header.Set("Authorization", auth)
		w := httptest.NewRecorder()
		fx.web.ServeHTTP(w, r)
		if w.Code >= 500 {
			t.Errorf("%q %q with Authorization %q: %d %s", method, target, auth, w.Code, w.Body)
		}
	})
}
