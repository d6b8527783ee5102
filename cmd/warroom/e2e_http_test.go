package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The bearer tokens the server under test reads from its environment.
const (
	e2eHookToken = "e2e-hook-token-0123456789"
	e2eAPIToken  = "e2e-api-token-abcdefghij"
)

// alertTitle is the incident's title made from the firing payload's
// alertname and summary annotation.
const alertTitle = "HighErrorRate: checkout 5xx above 5%"

// TestE2EAlertInStatusPageOut is issue 4's promise for detection and
// communication: an Alertmanager webhook opens an incident that a
// responder sees appear live on her incident list; the public page says
// nothing of it until someone publishes; a stakeholder update posted in
// the room is on the public page within a second; the API, behind its
// token, tells when the alert started; /metrics counts the incident and
// the session; and the group's resolving lands on the room's timeline.
func TestE2EAlertInStatusPageOut(t *testing.T) {
	e := newE2E(t)
	aliceKey := e.keygen("alice")
	e.run("user", "add", "alice", "--key", aliceKey+".pub", "--data", e.data)
	base := "http://" + e.startHTTP()
	client := &http.Client{Timeout: 5 * time.Second}

	a := e.openPane("alice", aliceKey, "alice")
	if out, err := exec.Command("tmux", "-S", e.tmux, "resize-window", "-t", a, "-x", "120", "-y", "40").CombinedOutput(); err != nil {
		t.Fatalf("tmux resize-window: %v\n%s", err, out)
	}
	e.waitFor(a, "Press d to declare")

	// Monitoring opens the incident; alice, on the list, sees it arrive.
	firing := alertPayload(t, "alertmanager-firing.json")
	if got := postHook(t, client, base, e2eHookToken, firing); got.status != http.StatusOK || got.Result != "opened" || got.Incident != "INC-1" {
		t.Fatalf("the firing notification got %+v, want 200 opened INC-1", got)
	}
	e.waitFor(a, alertTitle)
	e.waitFor(a, "INC-1")
	if got := postHook(t, client, base, e2eHookToken, firing); got.status != http.StatusOK || got.Result != "unchanged" || got.Incident != "INC-1" {
		t.Fatalf("the same notification again got %+v, want 200 unchanged INC-1", got)
	}
	if got := postHook(t, client, base, "not-the-hook-token-at-all", firing); got.status != http.StatusForbidden {
		t.Fatalf("a notification with the wrong token got %+v, want 403", got)
	}

	// Nothing is published yet: the world hears nothing of it.
	page := get(t, client, base+"/", "")
	if page.status != http.StatusOK || strings.Contains(page.body, "HighErrorRate") || !strings.Contains(page.body, "All systems operational") {
		t.Fatalf("before any update, GET / answered %d and should say all is well without the incident:\n%s", page.status, page.body)
	}
	var quiet statusJSON
	decodeJSON(t, get(t, client, base+"/status.json", ""), &quiet)
	if !quiet.Operational || len(quiet.Current) != 0 {
		t.Fatalf("before any update, /status.json is %+v, want operational with nothing current", quiet)
	}

	// alice takes command and publishes; the public page follows.
	e.joinFirst(a, "IC vacant — /take ic")
	e.waitForEntry(a, "opened by alertmanager: SEV1 "+alertTitle+" (service checkout)")
	e.command(a, "/take ic", "took Incident Commander")
	const update = "We are investigating elevated checkout errors."
	sent := time.Now()
	e.post(a, "/update "+update)
	e.waitForEntry(a, update)
	seen := time.Now()
	for {
		page = get(t, client, base+"/", "")
		took := time.Since(seen)
		if took > time.Second {
			t.Fatalf("1s after alice's screen showed the update, GET / (%d) still lacks it or the title:\n%s", page.status, page.body)
		}
		if strings.Contains(page.body, update) && strings.Contains(page.body, alertTitle) {
			t.Logf("the update was on the public page %v after alice's screen showed it, %v after she pressed enter",
				took.Round(time.Millisecond), time.Since(sent).Round(time.Millisecond))
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	var published statusJSON
	decodeJSON(t, get(t, client, base+"/status.json", ""), &published)
	if published.Operational || len(published.Current) != 1 || len(published.Current[0].Incidents) != 1 {
		t.Fatalf("after the update, /status.json is %+v, want one current incident", published)
	}
	if inc := published.Current[0].Incidents[0]; inc.Title != alertTitle || len(inc.Updates) != 1 || inc.Updates[0].Text != update {
		t.Fatalf("/status.json shows the incident as %+v, want %q with the update %q", inc, alertTitle, update)
	}

	// The API tells when the alert started, to the token's holder only.
	if got := get(t, client, base+"/api/v1/incidents", ""); got.status != http.StatusUnauthorized {
		t.Fatalf("the API without a token answered %d, want 401:\n%s", got.status, got.body)
	}
	var list struct {
		Incidents []struct {
			ID, Title, Commander string
			DetectedAt           time.Time `json:"detected_at"`
			AlertGroup           string    `json:"alert_group"`
		}
	}
	decodeJSON(t, get(t, client, base+"/api/v1/incidents", e2eAPIToken), &list)
	startsAt := time.Date(2026, 5, 1, 9, 12, 4, 512e6, time.UTC) // the payload's earliest startsAt
	if len(list.Incidents) != 1 || list.Incidents[0].ID != "INC-1" || list.Incidents[0].Commander != "alice" ||
		!list.Incidents[0].DetectedAt.Equal(startsAt) || list.Incidents[0].AlertGroup == "" {
		t.Fatalf("the API lists %+v, want INC-1 commanded by alice, detected at %v, with its alert group", list.Incidents, startsAt)
	}

	metrics := get(t, client, base+"/metrics", "")
	if n := metricSum(metrics.body, "warroom_sessions"); n < 1 {
		t.Errorf("/metrics counts %v sessions while alice is connected:\n%s", n, metrics.body)
	}
	if n := metricSum(metrics.body, "warroom_incidents"); n < 1 {
		t.Errorf("/metrics counts %v incidents:\n%s", n, metrics.body)
	}

	// The group resolves; the room hears of it.
	resolved := postHook(t, client, base, e2eHookToken, alertPayload(t, "alertmanager-all-resolved.json"))
	if resolved.status != http.StatusOK || resolved.Result != "updated" || resolved.Incident != "INC-1" {
		t.Fatalf("the resolving notification got %+v, want 200 updated INC-1", resolved)
	}
	e.waitForEntry(a, "all alerts of the group resolved")

	e.stop(syscall.SIGTERM)
}

// startHTTP runs the server with --http on a port of the system's choice
// and both tokens in its environment, and returns the HTTP address it
// logs once both listeners are bound.
func (e *e2e) startHTTP() string {
	e.t.Helper()
	e.logs = &bytes.Buffer{}
	found := make(chan string, 1)
	e.srv = exec.Command(e.bin, "serve", "--ssh", e.addr, "--http", "127.0.0.1:0", "--data", e.data)
	e.srv.Env = append(os.Environ(), hookTokenEnv+"="+e2eHookToken, apiTokenEnv+"="+e2eAPIToken)
	// One writer for both, so that exec copies them with one goroutine.
	out := io.MultiWriter(e.logs, &addrSniffer{found: found})
	e.srv.Stdout, e.srv.Stderr = out, out
	if err := e.srv.Start(); err != nil {
		e.t.Fatal(err)
	}
	select {
	case addr := <-found:
		return addr
	case <-time.After(20 * time.Second):
		e.t.Fatalf("server did not log its HTTP address within 20s:\n%s", e.logs)
		return ""
	}
}

// servingHTTP finds the address in the server's "serving HTTP" log line.
var servingHTTP = regexp.MustCompile(`msg="serving HTTP" http=(\S+)`)

// addrSniffer watches the server's log, as exec copies it, for the HTTP
// address. Only that copying goroutine writes to it.
type addrSniffer struct {
	line  []byte
	found chan<- string
	done  bool
}

func (s *addrSniffer) Write(p []byte) (int, error) {
	if s.done {
		return len(p), nil
	}
	s.line = append(s.line, p...)
	sc := bufio.NewScanner(bytes.NewReader(s.line))
	for sc.Scan() {
		if m := servingHTTP.FindSubmatch(sc.Bytes()); m != nil {
			s.found <- string(m[1])
			s.done, s.line = true, nil
			return len(p), nil
		}
	}
	if i := bytes.LastIndexByte(s.line, '\n'); i >= 0 {
		s.line = s.line[i+1:] // keep only the line still being written
	}
	return len(p), nil
}

// hookAnswer is an alert hook's reply, with the status it came with.
type hookAnswer struct {
	status   int
	Incident string
	Result   string
	Error    string
}

func postHook(t *testing.T, client *http.Client, base, token string, body []byte) hookAnswer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+"/hooks/alertmanager", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	got := do(t, client, req)
	a := hookAnswer{status: got.status}
	if err := json.Unmarshal([]byte(got.body), &a); err != nil {
		t.Fatalf("the hook answered %d with no JSON: %v\n%s", got.status, err, got.body)
	}
	return a
}

// answered is a response read whole.
type answered struct {
	status int
	body   string
}

// get fetches url, with a bearer token unless it is "".
func get(t *testing.T, client *http.Client, url, token string) answered {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return do(t, client, req)
}

func do(t *testing.T, client *http.Client, req *http.Request) answered {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	return answered{status: resp.StatusCode, body: string(body)}
}

func decodeJSON(t *testing.T, got answered, v any) {
	t.Helper()
	if got.status != http.StatusOK {
		t.Fatalf("answered %d, want 200:\n%s", got.status, got.body)
	}
	if err := json.Unmarshal([]byte(got.body), v); err != nil {
		t.Fatalf("answered no JSON: %v\n%s", err, got.body)
	}
}

// statusJSON is the part of /status.json the test reads.
type statusJSON struct {
	Operational bool
	Current     []struct {
		Service   string
		Incidents []struct {
			ID, Title string
			Updates   []struct{ Text string }
		}
	}
}

// alertPayload reads one of server/alerts' real Alertmanager payloads.
func alertPayload(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "server", "alerts", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// metricSum adds up the samples of one metric in Prometheus' text format.
func metricSum(exposition, name string) float64 {
	var sum float64
	for line := range strings.Lines(exposition) {
		rest, ok := strings.CutPrefix(line, name)
		if !ok || !strings.HasPrefix(rest, " ") && !strings.HasPrefix(rest, "{") {
			continue // a comment, or another metric whose name starts alike
		}
		fields := strings.Fields(rest)
		if v, err := strconv.ParseFloat(fields[len(fields)-1], 64); err == nil {
			sum += v
		}
	}
	return sum
}

// waitForEntry polls the room until its timeline shows text, which may
// be wrapped over lines beside the side panes.
func (e *e2e) waitForEntry(target, text string) {
	e.t.Helper()
	e.waitUntil(target, "the timeline entry "+strconv.Quote(text), func(screen string) bool {
		var words []string
		for line := range strings.Lines(screen) {
			timeline, _, _ := strings.Cut(line, "│") // the side panes' border
			words = append(words, strings.Fields(timeline)...)
		}
		return strings.Contains(strings.Join(words, " "), text)
	})
}
