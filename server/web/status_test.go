package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
)

func statusDocument(t *testing.T, f *fixture) StatusDocument {
	t.Helper()
	w := f.getOK("/status.json")
	if ct := w.Header().Get("Content-Type"); ct != "application/json" {
		t.Errorf("status.json Content-Type %q", ct)
	}
	var doc StatusDocument
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatalf("decode status.json: %v\n%s", err, w.Body)
	}
	return doc
}

func TestStatusPageSaysAllIsWellWithoutOpenIncidents(t *testing.T) {
	f := newFixture(t)
	page := f.getOK("/").Body.String()
	if !strings.Contains(page, "All systems operational") || !strings.Contains(page, "No incidents in the last 90 days.") {
		t.Errorf("empty status page:\n%s", page)
	}
	doc := statusDocument(t, f)
	if !doc.Operational || len(doc.Current) != 0 || len(doc.Resolved) != 0 {
		t.Errorf("empty status.json: %+v", doc)
	}
}

// Everything the room says inside stays inside: notes, roles, pages,
// action items and who did what. Only the published update goes out.
func TestStatusPageNeverLeaksWhatTheRoomSaysInside(t *testing.T) {
	f := newFixture(t)
	const secret = "hunter2-db-password"
	id := f.declare("Checkout errors", "payments", model.Sev2)
	f.dispatch(bob, model.PostNote{Incident: id, Text: "the root password is " + secret})
	f.dispatch(alice, model.AssignRole{Incident: id, Role: "tech", User: "mallory"})
	f.dispatch(alice, model.AddAction{Incident: id, Title: "rotate " + secret, Owner: "trent"})
	f.dispatch(alice, model.PostNote{Incident: id, Text: "working with bob on it"})
	f.update(id, "We are seeing failed payments and are rolling back a change.")

	doc := statusDocument(t, f)
	if len(doc.Current) != 1 || len(doc.Current[0].Incidents) != 1 {
		t.Fatalf("status.json current = %+v, want the one incident", doc.Current)
	}
	inc := doc.Current[0].Incidents[0]
	if inc.Title != "Checkout errors" || inc.Impact != "Major" || inc.Status != "triage" || len(inc.Updates) != 1 {
		t.Errorf("public incident = %+v", inc)
	}
	for path, body := range map[string]string{"/": f.getOK("/").Body.String(), "/status.json": f.getOK("/status.json").Body.String()} {
		if !strings.Contains(body, "rolling back a change") {
			t.Errorf("%s lacks the published update:\n%s", path, body)
		}
		for _, private := range []string{secret, "alice", "bob", "mallory", "trent", "pager-pat", "Tech Lead", "rotate"} {
			if strings.Contains(body, private) {
				t.Errorf("%s shows %q, which only the room may see:\n%s", path, private, body)
			}
		}
	}
}

func TestStatusPageGroupsOpenIncidentsPerService(t *testing.T) {
	f := newFixture(t)
	for _, inc := range []struct {
		title, service string
		sev            model.Severity
	}{{"Slow search", "search", model.Sev3}, {"Login failures", "auth", model.Sev1}, {"Odd emails", "", model.Sev4}, {"Token refresh errors", "auth", model.Sev3}} {
		f.update(f.declare(inc.title, inc.service, inc.sev), "We are looking into it.")
	}
	f.declare("Unannounced", "auth", model.Sev1) // nothing published: not on the page
	gone := f.declare("Old outage", "auth", model.Sev2)
	f.update(gone, "Fixed.")
	f.resolve(gone)

	doc := statusDocument(t, f)
	var got []string
	for _, g := range doc.Current {
		var titles []string
		for _, inc := range g.Incidents {
			titles = append(titles, inc.Title)
		}
		got = append(got, g.Service+": "+strings.Join(titles, ", "))
	}
	want := []string{"auth: Login failures, Token refresh errors", "search: Slow search", "Other: Odd emails"}
	if !slices.Equal(got, want) {
		t.Errorf("groups = %q, want %q", got, want)
	}
	if doc.Operational || doc.Headline != "4 incidents in progress (worst: Critical)" {
		t.Errorf("operational %v headline %q", doc.Operational, doc.Headline)
	}
	page := f.getOK("/").Body.String()
	auth, search, other := strings.Index(page, "<h3>auth</h3>"), strings.Index(page, "<h3>search</h3>"), strings.Index(page, "<h3>Other</h3>")
	if auth < 0 || !(auth < search && search < other) {
		t.Errorf("service headings at %d, %d, %d; want auth, search, Other in that order:\n%s", auth, search, other, page)
	}
	if strings.Index(page, "Old outage") < strings.Index(page, "Past incidents") {
		t.Errorf("the resolved incident is not under past incidents:\n%s", page)
	}
	if strings.Contains(page, "Unannounced") {
		t.Errorf("an incident with nothing published is on the page:\n%s", page)
	}
}

func TestStatusPageShowsUpdatesNewestFirst(t *testing.T) {
	f := newFixture(t)
	id := f.declare("API latency", "api", model.Sev2)
	f.update(id, "first: investigating")
	f.clock.advance(10 * time.Minute)
	f.dispatch(alice, model.SetStatus{Incident: id, Status: model.StatusIdentified})
	f.update(id, "second: cause identified")

	updates := statusDocument(t, f).Current[0].Incidents[0].Updates
	if len(updates) != 2 || updates[0].Text != "second: cause identified" || updates[0].Status != "identified" || updates[1].Status != "triage" {
		t.Errorf("updates = %+v, want the identified one first", updates)
	}
	page := f.getOK("/").Body.String()
	if strings.Index(page, "second: cause identified") > strings.Index(page, "first: investigating") {
		t.Errorf("page lists the older update first:\n%s", page)
	}
}

// A resolved incident stays on the page for 90 days after it was
// resolved, then leaves it, with no new event to prompt a render.
func TestStatusPageKeepsResolvedIncidentsFor90Days(t *testing.T) {
	f := newFixture(t)
	id := f.declare("Queue backlog", "jobs", model.Sev3)
	f.update(id, "Jobs are delayed.")
	f.clock.advance(time.Hour)
	f.resolve(id)
	f.update(id, "Jobs are back to normal.")

	doc := statusDocument(t, f)
	if !doc.Operational || len(doc.Resolved) != 1 || doc.Resolved[0].ResolvedAt.IsZero() || len(doc.Resolved[0].Updates) != 2 {
		t.Fatalf("just resolved: %+v", doc)
	}
	page := f.getOK("/").Body.String()
	if !strings.Contains(page, "<details") || !strings.Contains(page, "Jobs are back to normal.") {
		t.Errorf("the resolved incident is not shown collapsed with its updates:\n%s", page)
	}

	f.clock.advance(PublicWindow - time.Minute)
	if n := len(statusDocument(t, f).Resolved); n != 1 {
		t.Errorf("a minute before 90 days: %d resolved incidents, want 1", n)
	}
	f.clock.advance(2 * time.Minute)
	if n := len(statusDocument(t, f).Resolved); n != 0 {
		t.Errorf("past 90 days: %d resolved incidents, want 0", n)
	}
	if page := f.getOK("/").Body.String(); strings.Contains(page, "Queue backlog") {
		t.Errorf("the page still shows an incident resolved over 90 days ago:\n%s", page)
	}
}

func TestStatusPageEscapesWhatPeopleWrote(t *testing.T) {
	f := newFixture(t)
	id := f.declare(`<img src=x onerror=alert(1)> down`, "web", model.Sev2)
	f.update(id, `<script>alert("pwned")</script> & more`)
	page := f.getOK("/").Body.String()
	if strings.Contains(page, "<script") || strings.Contains(page, "<img") {
		t.Fatalf("the page carries markup people typed:\n%s", page)
	}
	if !strings.Contains(page, "&lt;script&gt;") || !strings.Contains(page, "&amp; more") {
		t.Errorf("the typed markup is not shown escaped:\n%s", page)
	}
	if csp := f.getOK("/").Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy %q allows more than the inline style", csp)
	}
}

func TestStatusPageRevalidatesWithETag(t *testing.T) {
	f := newFixture(t)
	id := f.declare("CDN errors", "cdn", model.Sev2)
	for _, path := range []string{"/", "/status.json"} {
		w := f.getOK(path)
		etag := w.Header().Get("ETag")
		if etag == "" || w.Header().Get("Cache-Control") != "public, no-cache" {
			t.Fatalf("%s: ETag %q Cache-Control %q", path, etag, w.Header().Get("Cache-Control"))
		}
		if again := f.get(path, "If-None-Match", etag); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
			t.Errorf("%s with its current ETag: %d with %d bytes, want 304 and no body", path, again.Code, again.Body.Len())
		}
		if other := f.get(path, "If-None-Match", `"stale"`); other.Code != http.StatusOK {
			t.Errorf("%s with a stale ETag: %d, want 200", path, other.Code)
		}
	}
	before := f.getOK("/").Header().Get("ETag")
	f.update(id, "Serving from the backup CDN.")
	w := f.get("/", "If-None-Match", before)
	if w.Code != http.StatusOK || w.Header().Get("ETag") == before || !strings.Contains(w.Body.String(), "Serving from the backup CDN.") {
		t.Errorf("after an update: %d, ETag %q (was %q); want the new page at once", w.Code, w.Header().Get("ETag"), before)
	}
	if html, js := f.getOK("/").Header().Get("ETag"), f.getOK("/status.json").Header().Get("ETag"); html == js {
		t.Errorf("HTML and JSON share the ETag %s", html)
	}
}

func TestStatusPageIsRenderedOncePerChange(t *testing.T) {
	f := newFixture(t)
	id := f.declare("Cache test", "", model.Sev3)
	f.getOK("/")
	first := f.web.status.current.Load()
	for range 5 {
		f.getOK("/")
		f.getOK("/status.json")
	}
	if f.web.status.current.Load() != first {
		t.Error("the page was rendered again without a change")
	}
	f.update(id, "changed")
	f.getOK("/")
	if f.web.status.current.Load() == first {
		t.Error("the page was not rendered again after a change")
	}
}

// Most of what happens in the room is not for the public: after a note
// the page is the same, and so is its ETag, so readers' copies stay good.
func TestAChangeThePublicDoesNotSeeKeepsTheETag(t *testing.T) {
	f := newFixture(t)
	id := f.declare("Quiet change", "", model.Sev3)
	etag := f.getOK("/").Header().Get("ETag")
	f.dispatch(bob, model.PostNote{Incident: id, Text: "looking at the logs"})
	if w := f.get("/", "If-None-Match", etag); w.Code != http.StatusNotModified {
		t.Errorf("after a note: %d, want 304 for the unchanged page", w.Code)
	}
	if seq := f.web.status.current.Load().seq; seq != f.store.Snapshot().Seq {
		t.Errorf("cached page is of seq %d, want %d", seq, f.store.Snapshot().Seq)
	}
}
