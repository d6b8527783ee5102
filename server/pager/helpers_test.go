package pager_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/model/hub"
	"github.com/warroom/warroom/model/storetest"
	"github.com/warroom/warroom/server/pager"
	"github.com/warroom/warroom/server/servertest"
	"github.com/warroom/warroom/server/webhook"
)

var quiet = slog.New(slog.DiscardHandler)

// The test policy: alice, then the db team, then carol.
const (
	level1Timeout = 5 * time.Minute
	level2Timeout = 10 * time.Minute
)

var (
	ic    = model.Actor{Name: "ic", Level: model.LevelResponder}
	alice = model.Actor{Name: "alice", Level: model.LevelResponder}
)

func testRules() *model.Rules {
	r := model.DefaultRules()
	r.Teams = map[string][]string{"db": {"bob", "dan"}}
	r.Policies = []model.Policy{{Name: "default", Levels: []model.PolicyLevel{
		{Targets: []string{"alice"}, Timeout: level1Timeout},
		{Targets: []string{"team:db"}, Timeout: level2Timeout},
		{Targets: []string{"carol"}, Timeout: time.Hour},
	}}}
	return r
}

// clock is the store's and the pager's time, moved by the test.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Now().UTC().Truncate(time.Second)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// watchedStore is the real store, counting what Run asks of it, and able
// to turn the update carrying an event of kind drop into a Resync, as the
// store does for a subscriber that fell behind.
type watchedStore struct {
	*hub.Hub

	subscribes atomic.Int32
	snapshots  atomic.Int32
	resyncs    atomic.Int32

	// afterSubscribe, when set, runs as Subscribe returns, before Run
	// can take its snapshot.
	afterSubscribe func()

	mu   sync.Mutex
	drop model.Kind // "" drops nothing
}

func newStore(t *testing.T, c *clock) *watchedStore {
	t.Helper()
	return &watchedStore{Hub: storetest.Open(t, hub.Options{Now: c.Now, Rules: testRules(), Logger: quiet})}
}

func (s *watchedStore) Subscribe(ctx context.Context) model.Subscription {
	s.subscribes.Add(1)
	sub := &lossySubscription{Subscription: s.Hub.Subscribe(ctx), store: s}
	if s.afterSubscribe != nil {
		s.afterSubscribe()
	}
	return sub
}

func (s *watchedStore) Snapshot() *model.State {
	s.snapshots.Add(1)
	return s.Hub.Snapshot()
}

// dropNext makes the next update carrying an event of kind k a Resync.
func (s *watchedStore) dropNext(k model.Kind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop = k
}

// dropping reports whether u is the update to drop, and stops dropping.
func (s *watchedStore) dropping(u model.Update) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range u.Events {
		if s.drop != "" && e.Kind() == s.drop {
			s.drop = ""
			s.resyncs.Add(1)
			return true
		}
	}
	return false
}

type lossySubscription struct {
	model.Subscription
	store *watchedStore
}

func (l *lossySubscription) Next(ctx context.Context) (model.Update, error) {
	u, err := l.Subscription.Next(ctx)
	if err == nil && l.store.dropping(u) {
		return model.Update{State: u.State, Resync: true}, nil
	}
	return u, err
}

func (s *watchedStore) dispatch(t *testing.T, actor model.Actor, cmd model.Command) *model.Event {
	t.Helper()
	e, err := s.Dispatch(context.Background(), actor, cmd)
	if err != nil {
		t.Fatalf("%s: %T: %v", actor.Name, cmd, err)
	}
	return e
}

func (s *watchedStore) incident(t *testing.T, id string) *model.Incident {
	t.Helper()
	inc, ok := s.Hub.Snapshot().Incident(id)
	if !ok {
		t.Fatalf("no incident %s", id)
	}
	return inc
}

// waitEntry waits until id's timeline has an entry containing text.
func (s *watchedStore) waitEntry(t *testing.T, id, text string) {
	t.Helper()
	servertest.WaitFor(t, id+" timeline entry "+text, func() bool {
		inc, ok := s.Hub.Snapshot().Incident(id)
		if !ok {
			return false
		}
		for _, e := range inc.Timeline {
			if strings.Contains(e.Text, text) {
				return true
			}
		}
		return false
	})
}

// deliveriesOf counts the outcomes recorded for event seq of incident id.
func (s *watchedStore) deliveriesOf(t *testing.T, id string, seq uint64) int {
	t.Helper()
	n := 0
	for _, d := range s.incident(t, id).Deliveries {
		if d.Event == seq {
			n++
		}
	}
	return n
}

// declare opens INC-1 as ic on service payments: the policy pages alice.
func declare(t *testing.T, s *watchedStore) *model.Event {
	t.Helper()
	return s.dispatch(t, ic, model.Declare{Title: "checkout down", Severity: model.Sev2, Service: "payments"})
}

// run starts Run and stops it when the test ends; stop ends it sooner.
func run(t *testing.T, store model.Store, targets []webhook.Target, opts pager.Options) (stop func()) {
	t.Helper()
	opts.Logger = quiet
	if opts.Webhook.Backoff == nil {
		opts.Webhook.Backoff = func(int) time.Duration { return 0 }
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- pager.Run(ctx, store, targets, opts) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run: %v", err)
				}
			case <-time.After(servertest.WaitLimit):
				t.Errorf("Run did not return within %s of its context ending", servertest.WaitLimit)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// wireMessage is the generic JSON body, as a receiver decodes it.
type wireMessage struct {
	Kind     string   `json:"kind"`
	Incident string   `json:"incident"`
	Title    string   `json:"title"`
	Severity string   `json:"severity"`
	Status   string   `json:"status"`
	Service  string   `json:"service"`
	Level    int      `json:"level"`
	Users    []string `json:"users"`
	Text     string   `json:"text"`
	By       string   `json:"by"`
	At       string   `json:"at"`
	Key      string   `json:"key"`
}

// request is what a receiver was sent.
type request struct {
	key  string // the Idempotency-Key header
	body []byte
}

func (r request) message(t *testing.T) wireMessage {
	t.Helper()
	var m wireMessage
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
	if m.Key != r.key {
		t.Errorf("body key %q, Idempotency-Key header %q: want them equal", m.Key, r.key)
	}
	return m
}

// receiver is a webhook endpoint on loopback. It passes every request on,
// then answers 200; one that holds answers only once released, unless the
// client gives up first.
type receiver struct {
	url      string
	got      chan request
	holding  atomic.Bool
	released chan struct{}
	release  func()
}

func newReceiver(t *testing.T) *receiver {
	t.Helper()
	rc := &receiver{got: make(chan request, 64), released: make(chan struct{})}
	rc.release = sync.OnceFunc(func() { close(rc.released) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.got <- request{key: r.Header.Get("Idempotency-Key"), body: body}
		if rc.holding.Load() {
			select {
			case <-rc.released:
			case <-r.Context().Done():
				return
			}
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(rc.release) // before srv.Close, which waits for held requests
	rc.url = srv.URL
	return rc
}

// checkNothingElseSent checks that rc is sent nothing more than what the test already
// took: Run sends to a target in order, so a message sent to it now comes
// after anything it was about to send, and must be the next it gets.
func checkNothingElseSent(t *testing.T, store *watchedStore, rc *receiver) {
	t.Helper()
	store.dispatch(t, ic, model.PostUpdate{Incident: "INC-1", Text: "checkpoint"})
	if m := rc.next(t).message(t); m.Kind != "update" || m.Text != "checkpoint" {
		t.Errorf("the receiver was sent %s %q (level %d) before the checkpoint update", m.Kind, m.Text, m.Level)
	}
}

func (rc *receiver) next(t *testing.T) request {
	t.Helper()
	select {
	case r := <-rc.got:
		return r
	case <-time.After(servertest.WaitLimit):
		t.Fatal("the receiver was sent nothing")
		return request{}
	}
}

// checkNoLeaks fails the test if a goroutine of Run or its senders, or a
// client connection, outlives it. Call it first, so its cleanup runs last.
func checkNoLeaks(t *testing.T) {
	t.Helper()
	t.Cleanup(func() {
		servertest.WaitFor(t, "Run's goroutines to end", func() bool {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			for _, g := range strings.Split(string(buf), "\n\n") {
				if strings.Contains(g, "warroom/server/pager.") || strings.Contains(g, "warroom/server/webhook.") ||
					strings.Contains(g, "net/http.(*persistConn)") {
					return false
				}
			}
			return true
		})
	})
}
