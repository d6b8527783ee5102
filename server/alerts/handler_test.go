package alerts

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// Every way a request can go wrong gets its own status and a reason, and
// changes nothing.
func TestEndpointRefusals(t *testing.T) {
	firing := payload(t, "alertmanager-firing.json")
	oversized := append(bytes.Repeat([]byte(" "), MaxBodyBytes), firing...)
	cases := []struct {
		name       string
		req        request
		status     int
		reasonHas  string
		wantHeader [2]string // a response header and its value, when set
	}{
		{"GET", request{method: http.MethodGet, path: "/hooks/alertmanager"},
			405, "only POST", [2]string{"Allow", "POST"}},
		{"PUT to the generic form", request{method: http.MethodPut, path: "/hooks/alert", body: firing},
			405, "only POST", [2]string{"Allow", "POST"}},
		{"no token", request{path: "/hooks/alertmanager", auth: noAuth, body: firing},
			401, "Bearer token is required", [2]string{"WWW-Authenticate", `Bearer realm="warroom"`}},
		{"another scheme", request{path: "/hooks/alertmanager", auth: "Basic " + testToken, body: firing},
			401, "Bearer token is required", [2]string{}},
		{"empty bearer", request{path: "/hooks/alert", auth: "Bearer  ", body: firing},
			401, "Bearer token is required", [2]string{}},
		{"wrong token", request{path: "/hooks/alertmanager", auth: "Bearer " + testToken + "x", body: firing},
			403, "not valid", [2]string{}},
		{"wrong token on the generic form", request{path: "/hooks/alert", auth: "Bearer nope", body: firing},
			403, "not valid", [2]string{}},
		{"not JSON", request{path: "/hooks/alertmanager", contentType: "application/x-www-form-urlencoded", body: firing},
			415, "Content-Type: application/json", [2]string{}},
		{"oversized", request{path: "/hooks/alertmanager", body: oversized},
			413, "larger than 1 MiB", [2]string{}},
		{"invalid JSON", request{path: "/hooks/alertmanager", body: []byte(`{"version": "4", "alerts": [`)},
			400, "not valid JSON", [2]string{}},
		{"empty body", request{path: "/hooks/alert"},
			400, "the body is empty", [2]string{}},
		{"wrong version", request{path: "/hooks/alertmanager", body: bytes.Replace(firing, []byte(`"version": "4"`), []byte(`"version": "3"`), 1)},
			400, `version "3" is not supported; warroom reads version 4`, [2]string{}},
		{"Alertmanager payload to the generic form", request{path: "/hooks/alert", body: firing},
			400, `unknown field "receiver"`, [2]string{}},
	}
	store := openStore(t)
	srv := serve(t, store, testToken)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, got, header := send(t, srv, c.req)
			if status != c.status || !strings.Contains(got.Error, c.reasonHas) || got.Result != "" {
				t.Errorf("%d %+v, want %d with an error containing %q", status, got, c.status, c.reasonHas)
			}
			if name := c.wantHeader[0]; name != "" && header.Get(name) != c.wantHeader[1] {
				t.Errorf("%s: %q, want %q", name, header.Get(name), c.wantHeader[1])
			}
		})
	}
	if n := len(store.Snapshot().Incidents()); n != 0 {
		t.Errorf("refused requests opened %d incidents", n)
	}
}

// Without a token configured the hooks are closed to everyone, whatever
// they send.
func TestNoTokenConfiguredClosesTheHooks(t *testing.T) {
	store := openStore(t)
	srv := serve(t, store, "")
	for _, auth := range []string{noAuth, "Bearer ", "Bearer " + testToken} {
		for _, path := range []string{"/hooks/alertmanager", "/hooks/alert"} {
			status, got, _ := send(t, srv, request{path: path, auth: auth, body: payload(t, "alertmanager-firing.json")})
			if status != 503 || got.Error != "no hook token configured" {
				t.Errorf("%s with %q: %d %+v, want 503 no hook token configured", path, auth, status, got)
			}
		}
	}
}

func TestValidNotifications(t *testing.T) {
	cases := []struct {
		name string
		req  request
	}{
		{"Alertmanager", request{path: "/hooks/alertmanager", body: payload(t, "alertmanager-firing.json")}},
		{"generic", request{path: "/hooks/alert", body: payload(t, "generic-firing.json")}},
		{"lower-case scheme and a charset", request{path: "/hooks/alertmanager", auth: "bearer " + testToken,
			contentType: "application/json; charset=utf-8", body: payload(t, "alertmanager-firing.json")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := serve(t, openStore(t), testToken)
			status, got, _ := send(t, srv, c.req)
			if status != 200 || got != (answer{Incident: "INC-1", Result: resultOpened}) {
				t.Errorf("%d %+v, want 200 INC-1 opened", status, got)
			}
		})
	}
}

// A store that cannot take writes gets the sender to retry, which
// Alertmanager does on any 5xx.
func TestStoreUnavailable(t *testing.T) {
	store := openStore(t)
	srv := serve(t, store, testToken)
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	status, got, _ := send(t, srv, request{path: "/hooks/alertmanager", body: payload(t, "alertmanager-firing.json")})
	if status != 503 || !strings.Contains(got.Error, "retry") {
		t.Errorf("%d %+v, want 503 asking to retry", status, got)
	}
}
