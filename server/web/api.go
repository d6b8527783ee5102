package web

import (
	"encoding/json"
	"net/http"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/bearer"
)

// requireToken lets a request through to next only with the API's bearer
// token. Without a configured token the API is closed (503), never open.
func (s *Server) requireToken(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch bearer.Check(r, s.cfg.APIToken()) {
		case bearer.Closed:
			writeError(w, http.StatusServiceUnavailable, model.CodeUnavailable,
				"the API is disabled: no API token is configured (WARROOM_API_TOKEN or the config file)")
		case bearer.Missing:
			w.Header().Set("WWW-Authenticate", `Bearer realm="warroom"`)
			writeError(w, http.StatusUnauthorized, "unauthorized", "send the API token as Authorization: Bearer TOKEN")
		case bearer.Wrong:
			writeError(w, http.StatusForbidden, model.CodeForbidden, "the API token is not valid")
		default:
			next(w, r)
		}
	}
}

// IncidentList is the body of GET /api/v1/incidents.
type IncidentList struct {
	Incidents []IncidentSummary `json:"incidents"` // open first, most severe, newest
}

func (s *Server) serveIncidentList(w http.ResponseWriter, _ *http.Request) {
	st := s.cfg.Store.Snapshot()
	list := IncidentList{Incidents: make([]IncidentSummary, 0, len(st.Incidents()))}
	for _, inc := range st.Incidents() {
		list.Incidents = append(list.Incidents, summaryOf(inc))
	}
	writeJSON(w, http.StatusOK, list)
}

func (s *Server) serveIncident(w http.ResponseWriter, r *http.Request) {
	st := s.cfg.Store.Snapshot()
	inc, ok := st.Incident(r.PathValue("id"))
	if !ok {
		writeError(w, http.StatusNotFound, model.CodeNotFound, "no incident "+model.Sanitize(r.PathValue("id"), false))
		return
	}
	writeJSON(w, http.StatusOK, detailOf(st, inc))
}

// apiError is the body of every error the API returns.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, code model.Code, msg string) {
	writeJSON(w, status, apiError{Code: string(code), Message: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // only plain structs are written; this is a bug
		status, body = http.StatusInternalServerError, []byte(`{"code":"internal","error":"could not encode the answer"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n'))
}
