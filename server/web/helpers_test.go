package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
)

const testToken = "s3cret-api-token"

var (
	alice = model.Actor{Name: "alice", Level: model.LevelResponder}
	bob   = model.Actor{Name: "bob", Level: model.LevelResponder}
)

// testClock is the store's and the status page's clock, moved by tests.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture is the real store on disk with the listener in front of it.
type fixture struct {
	tb    testing.TB
	clock *testClock
	store *hub.Hub
	web   *Server
}

// newFixture opens the store, whose rules page "pager-pat" for every
// incident, and a listener configured with testToken; edit adjusts the
// listener's config.
func newFixture(tb testing.TB, edit ...func(*Config)) *fixture {
	tb.Helper()
	clock := &testClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	rules := model.DefaultRules()
	rules.Policies = []model.Policy{{Name: "default", Levels: []model.PolicyLevel{{Targets: []string{"pager-pat"}, Timeout: 5 * time.Minute}}}}
	store := storetest.Open(tb, hub.Options{Now: clock.Now, Rules: rules})
	cfg := Config{
		Store:    store,
		Stats:    store.Stats,
		Sessions: func() int { return 3 },
		APIToken: func() string { return testToken },
	}
	for _, e := range edit {
		e(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		tb.Fatalf("new web server: %v", err)
	}
	return &fixture{tb: tb, clock: clock, store: store, web: srv}
}

func (f *fixture) dispatch(actor model.Actor, cmd model.Command) *model.Event {
	f.tb.Helper()
	e, err := f.store.Dispatch(context.Background(), actor, cmd)
	if err != nil {
		f.tb.Fatalf("%s %T: %v", actor.Name, cmd, err)
	}
	return e
}

// declare opens an incident commanded by alice and returns its id.
func (f *fixture) declare(title, service string, sev model.Severity) string {
	f.tb.Helper()
	return f.dispatch(alice, model.Declare{Title: title, Service: service, Severity: sev}).Incident
}

func (f *fixture) update(id, text string) {
	f.tb.Helper()
	f.dispatch(alice, model.PostUpdate{Incident: id, Text: text})
}

func (f *fixture) resolve(id string) {
	f.tb.Helper()
	f.dispatch(alice, model.SetStatus{Incident: id, Status: model.StatusResolved})
}

// request serves one request; headers come in name, value pairs.
func (f *fixture) request(method, path string, headers ...string) *httptest.ResponseRecorder {
	f.tb.Helper()
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	f.web.ServeHTTP(w, r)
	return w
}

func (f *fixture) post(path, body string) *httptest.ResponseRecorder {
	f.tb.Helper()
	w := httptest.NewRecorder()
	f.web.ServeHTTP(w, httptest.NewRequest(http.MethodPost, path, strings.NewReader(body)))
	return w
}

func (f *fixture) get(path string, headers ...string) *httptest.ResponseRecorder {
	f.tb.Helper()
	return f.request(http.MethodGet, path, headers...)
}

// getOK is get that fails the test on any status but 200.
func (f *fixture) getOK(path string, headers ...string) *httptest.ResponseRecorder {
	f.tb.Helper()
	w := f.get(path, headers...)
	if w.Code != http.StatusOK {
		f.tb.Fatalf("GET %s: %d %s", path, w.Code, w.Body)
	}
	return w
}
