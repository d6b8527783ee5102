package alerts

import (
	"bytes"
	"cmp"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
)

// testToken is the hook token of the test servers.
const testToken = "test-hook-token-0123456789"

// now is the store's clock: after every alert in testdata started.
var now = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

// openStore opens the real store, a bbolt journal in t.TempDir().
func openStore(t *testing.T) *hub.Hub {
	t.Helper()
	return storetest.Open(t, hub.Options{Now: func() time.Time { return now }})
}

// serve serves both alert endpoints on loopback against store, with the
// hook token token ("" for none configured).
func serve(t *testing.T, store model.Store, token string) *httptest.Server {
	t.Helper()
	tokenFn := func() string { return token }
	mux := http.NewServeMux()
	mux.Handle("/hooks/alertmanager", NewHandler(store, DecodeAlertmanager, DefaultMapping(), tokenFn, nil))
	mux.Handle("/hooks/alert", NewHandler(store, DecodeGeneric, DefaultMapping(), tokenFn, nil))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// noAuth sends a request without an Authorization header.
const noAuth = "none"

// request is one HTTP request to an endpoint of serve.
type request struct {
	method      string // POST when ""
	path        string
	auth        string // the Authorization header; "Bearer "+testToken when "", none when noAuth
	contentType string // application/json when ""
	body        []byte
}

// send makes r to srv and returns the status, the decoded answer and the
// response headers.
func send(t *testing.T, srv *httptest.Server, r request) (int, answer, http.Header) {
	t.Helper()
	req, err := http.NewRequest(cmp.Or(r.method, http.MethodPost), srv.URL+r.path, bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	if r.auth != noAuth {
		req.Header.Set("Authorization", cmp.Or(r.auth, "Bearer "+testToken))
	}
	req.Header.Set("Content-Type", cmp.Or(r.contentType, "application/json"))
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, r.path, err)
	}
	defer resp.Body.Close()
	var a answer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatalf("%s %s: status %d, answer not JSON: %v", req.Method, r.path, resp.StatusCode, err)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type %q", got)
	}
	return resp.StatusCode, a, resp.Header
}

// payload reads testdata/name.
func payload(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}
