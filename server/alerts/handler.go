package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/warroom/warroom/model"
)

// Bounds on one notification.
const (
	// MaxBodyBytes is far above a real one: Alertmanager's grouped
	// notifications are a few KiB, and the model takes at most
	// model.MaxAlertsPerNotification alerts.
	MaxBodyBytes = 1 << 20
	// DispatchTimeout bounds the wait for the store; past it the sender
	// is told to retry, and a retry of a notification that did commit
	// has nothing new.
	DispatchTimeout = 5 * time.Second
)

// What a notification did, in the answer.
const (
	resultOpened    = "opened"    // it opened an incident
	resultUpdated   = "updated"   // it added to its group's open incident
	resultUnchanged = "unchanged" // its group's open incident knew it all
	resultIgnored   = "ignored"   // only resolved alerts, of no open incident
)

// answer is the JSON body of every response.
type answer struct {
	Incident string `json:"incident,omitempty"`
	Result   string `json:"result,omitempty"`
	Error    string `json:"error,omitempty"`
}

type handler struct {
	store   model.Store
	decode  Decoder
	mapping Mapping
	token   func() string
	log     *slog.Logger
}

// NewHandler serves one alert endpoint: it takes POSTed notifications
// that decode reads, authorised by the bearer token that token returns
// ("" closes the endpoint), and dispatches them to store as the server.
// A nil log discards.
func NewHandler(store model.Store, decode Decoder, m Mapping, token func() string, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &handler{store: store, decode: decode, mapping: m, token: token, log: log}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, http.StatusMethodNotAllowed, "only POST is accepted here")
		return
	}
	if status, reason := authorize(r, h.token()); status != 0 {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="warroom"`)
		}
		h.refuse(w, r, status, reason)
		return
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		h.refuse(w, r, http.StatusUnsupportedMediaType, "send the notification as JSON (Content-Type: application/json)")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		h.refuse(w, r, http.StatusRequestEntityTooLarge, "the notification is larger than 1 MiB")
		return
	case err != nil:
		h.refuse(w, r, http.StatusBadRequest, "the body could not be read")
		return
	}
	n, err := h.decode(body)
	if err != nil {
		h.refuse(w, r, http.StatusBadRequest, model.ErrorMessage(err))
		return
	}
	h.dispatch(w, r, n)
}

// dispatch records n and answers with what it did.
func (h *handler) dispatch(w http.ResponseWriter, r *http.Request, n *Notification) {
	ctx, cancel := context.WithTimeout(r.Context(), DispatchTimeout)
	defer cancel()
	cmd := ToCommand(n, h.mapping)
	e, err := h.store.Dispatch(ctx, model.System(), cmd)
	a := answer{}
	switch code := model.ErrorCode(err); {
	case err == nil:
		a.Incident, a.Result = e.Incident, resultUpdated
		if e.Kind() == model.KindDeclared {
			a.Result = resultOpened
		}
	case code == model.CodeConflict:
		a.Result = resultUnchanged
		if inc, ok := h.store.Snapshot().IncidentForAlertGroup(cmd.GroupKey); ok {
			a.Incident = inc.ID
		}
	case code == model.CodeNotFound:
		a.Result = resultIgnored
	case code == model.CodeInvalid:
		h.refuse(w, r, http.StatusBadRequest, model.ErrorMessage(err))
		return
	case code == model.CodeUnavailable || ctx.Err() != nil:
		h.log.Warn("alert notification not recorded", "source", n.Source, "group", cmd.GroupKey, "err", err)
		h.refuse(w, r, http.StatusServiceUnavailable, "the store cannot take alerts right now; retry")
		return
	default:
		h.log.Error("alert notification failed", "source", n.Source, "group", cmd.GroupKey, "err", err)
		h.refuse(w, r, http.StatusInternalServerError, model.ErrorMessage(err))
		return
	}
	h.log.Info("alert notification", "source", n.Source, "group", cmd.GroupKey, "alerts", len(n.Alerts),
		"left_out_by_sender", n.Truncated, "incident", a.Incident, "result", a.Result)
	reply(w, http.StatusOK, a)
}

// refuse answers with an error; the reason is safe to show the sender.
func (h *handler) refuse(w http.ResponseWriter, r *http.Request, status int, reason string) {
	h.log.Warn("alert notification refused", "path", r.URL.Path, "remote", r.RemoteAddr, "status", status, "reason", reason)
	reply(w, status, answer{Error: reason})
}

func reply(w http.ResponseWriter, status int, a answer) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(a) // the sender hung up; nothing to do
}

// isJSON accepts a JSON media type, or none: some senders leave it out.
func isJSON(contentType string) bool {
	if contentType == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}
