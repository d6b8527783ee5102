package web

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warroom/warroom/model"
)

// statusMaxAge lets browsers and proxies keep the status page but ask
// again every time: a posted update shows on the next load, and a crowd
// refreshing an unchanged page costs a 304 each (the ETag) from a page
// rendered once per change.
const statusMaxAge = "public, no-cache"

// statusPolicy lets the page use its inline style and nothing else: no
// scripts, no frames, no requests anywhere.
const statusPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

//go:embed status.html
var statusTemplate string

func parseStatusPage() (*template.Template, error) {
	t, err := template.New("status").Funcs(template.FuncMap{
		"when":     func(t time.Time) string { return t.UTC().Format("2 Jan 2006, 15:04 UTC") },
		"datetime": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"said":     statusWord,
		"tone":     strings.ToLower,
	}).Parse(statusTemplate)
	if err != nil {
		return nil, fmt.Errorf("parse status page template: %w", err)
	}
	return t, nil
}

// statusWord is an incident status as stakeholders read it. Triage is the
// room's word for "we are looking into it", so the page says that.
func statusWord(s string) string {
	switch model.Status(s) {
	case model.StatusTriage, model.StatusInvestigating:
		return "Investigating"
	case model.StatusIdentified:
		return "Identified"
	case model.StatusMonitoring:
		return "Monitoring"
	case model.StatusResolved:
		return "Resolved"
	}
	return s
}

// pageData is what the status page template reads.
type pageData struct {
	Title string
	Tone  string // "ok", or the worst open severity: "sev1" … "sev4"
	*StatusDocument
}

// statusCache holds the status page of the latest state, rendered once
// per change however many people read it.
type statusCache struct {
	current atomic.Pointer[renderedStatus] // read without a lock
	render  sync.Mutex                     // one render at a time
}

// renderedStatus is the status page of one state, as HTML and as JSON.
type renderedStatus struct {
	seq     uint64
	expires time.Time // zero: until the state changes
	html    representation
	json    representation
}

type representation struct {
	body []byte
	etag string
}

// freshFor reports whether r shows the state at seq (or a later one) and
// no resolved incident has left the 90-day window since it was rendered.
func (r *renderedStatus) freshFor(seq uint64, now time.Time) bool {
	return r != nil && r.seq >= seq && (r.expires.IsZero() || now.Before(r.expires))
}

// currentStatus returns the status page of the current state, rendering
// it when it changed. Readers of an unchanged state take no lock.
func (s *Server) currentStatus() (*renderedStatus, error) {
	if r := s.status.current.Load(); r.freshFor(s.cfg.Store.Snapshot().Seq, s.cfg.Now()) {
		return r, nil
	}
	s.status.render.Lock()
	defer s.status.render.Unlock()
	// Whoever held the lock may have rendered it already; and the state
	// read now is at least as new as the one that sent us here.
	st, now := s.cfg.Store.Snapshot(), s.cfg.Now()
	prev := s.status.current.Load()
	if prev.freshFor(st.Seq, now) {
		return prev, nil
	}
	r, err := s.renderStatus(st, now, prev)
	if err != nil {
		return nil, err
	}
	s.status.current.Store(r)
	return r, nil
}

// renderStatus renders the status page of st at now. Most changes (notes,
// roles, pages) change nothing the public sees: when the document is the
// same as prev's, prev's renderings are kept, ETags and all.
func (s *Server) renderStatus(st *model.State, now time.Time, prev *renderedStatus) (*renderedStatus, error) {
	doc := buildStatus(st, now)
	js, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode status.json at seq %d: %w", st.Seq, err)
	}
	js = append(js, '\n')
	if prev != nil && bytes.Equal(js, prev.json.body) {
		return &renderedStatus{seq: st.Seq, expires: doc.expires, html: prev.html, json: prev.json}, nil
	}
	data := pageData{Title: s.cfg.PageTitle, Tone: "ok", StatusDocument: doc}
	if doc.worst != 0 {
		data.Tone = strings.ToLower(doc.worst.String())
	}
	var page bytes.Buffer
	if err := s.page.Execute(&page, data); err != nil {
		return nil, fmt.Errorf("render status page at seq %d: %w", st.Seq, err)
	}
	return &renderedStatus{
		seq: st.Seq, expires: doc.expires,
		html: newRepresentation(page.Bytes()),
		json: newRepresentation(js),
	}, nil
}

func newRepresentation(body []byte) representation {
	sum := sha256.Sum256(body)
	return representation{body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
}

func (s *Server) serveStatusPage(w http.ResponseWriter, r *http.Request) {
	s.serveStatus(w, r, "text/html; charset=utf-8", func(p *renderedStatus) representation { return p.html })
}

func (s *Server) serveStatusJSON(w http.ResponseWriter, r *http.Request) {
	s.serveStatus(w, r, "application/json", func(p *renderedStatus) representation { return p.json })
}

// serveStatus answers with one representation of the current status page,
// or 304 when the client's copy (If-None-Match) is current.
func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request, contentType string, pick func(*renderedStatus) representation) {
	page, err := s.currentStatus()
	if err != nil {
		s.cfg.Logger.Error("status page", "err", err)
		http.Error(w, "the status page could not be rendered; the server log has the details", http.StatusInternalServerError)
		return
	}
	rep := pick(page)
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", statusMaxAge)
	h.Set("Content-Security-Policy", statusPolicy)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("ETag", rep.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(rep.body))
}
