package webhook

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// Defaults for the zero values of Options.
const (
	DefaultTimeout     = 10 * time.Second
	DefaultMaxAttempts = 5
	DefaultQueueSize   = 1024
)

// Why a delivery failed without an HTTP exchange; shown on the timeline.
const (
	errQueueFull    = "queue full, dropped"
	errShuttingDown = "server shutting down"
)

// Result is the outcome of delivering one message to one target.
type Result struct {
	Target   Target
	Message  Message
	OK       bool
	Attempts int           // HTTP attempts made; 0 when never tried
	Status   int           // the last HTTP status; 0 when none came back
	Err      string        // short and safe to show, e.g. "HTTP 500"; "" when OK
	Duration time.Duration // from the first attempt to the outcome
}

// Options tune a Sender. The zero value is ready to use.
type Options struct {
	// Client makes the requests. Nil means one of the Sender's own with a
	// DefaultTimeout and no redirect following: a 302 would turn the POST
	// into a GET and lose the message while looking like success.
	Client *http.Client

	// MaxAttempts bounds the attempts per message and target; zero means
	// DefaultMaxAttempts.
	MaxAttempts int

	// Backoff is the wait after failed attempt number attempt (1-based).
	// Nil means exponential from 1s, capped at a minute, with jitter.
	Backoff func(attempt int) time.Duration

	// QueueSize is how many messages wait per target before Send drops
	// them; zero means DefaultQueueSize.
	QueueSize int

	// OnResult hears every outcome, one at a time, on a goroutine of the
	// Sender's own — never the caller of Send. It must return in good time:
	// results wait for it, and Close waits for the last one.
	OnResult func(Result)

	// Logger records outcomes; nil discards them.
	Logger *slog.Logger

	// Sleep waits d or until ctx is done, returning ctx's error then.
	// Nil means a timer; tests inject their own.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Sender delivers messages to its targets. Make one with New; end it with
// Close.
type Sender struct {
	opts    Options
	workers []*worker
	results chan Result   // outcomes on their way to OnResult
	done    chan struct{} // closed once every outcome has been reported

	// abort cancels in-flight requests and waits once Close runs out of
	// time; every delivery it cuts short fails as errShuttingDown.
	abortCtx context.Context
	abort    context.CancelFunc

	mu     sync.RWMutex // guards closed against the queues being closed
	closed bool
}

// worker owns one target's queue; one goroutine drains it in order.
type worker struct {
	target Target
	queue  chan Message
}

// New starts a Sender with one worker per target.
func New(targets []Target, opts Options) *Sender {
	opts = withDefaults(opts)
	s := &Sender{
		opts:    opts,
		results: make(chan Result, opts.QueueSize),
		done:    make(chan struct{}),
	}
	s.abortCtx, s.abort = context.WithCancel(context.Background())
	var running sync.WaitGroup
	for _, t := range targets {
		w := &worker{target: t, queue: make(chan Message, opts.QueueSize)}
		s.workers = append(s.workers, w)
		running.Go(func() { s.run(w) })
	}
	go func() {
		running.Wait()
		close(s.results)
	}()
	go s.report()
	return s
}

func withDefaults(opts Options) Options {
	if opts.Client == nil {
		opts.Client = &http.Client{
			Timeout:   DefaultTimeout,
			Transport: http.DefaultTransport.(*http.Transport).Clone(),
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		}
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = DefaultMaxAttempts
	}
	if opts.Backoff == nil {
		opts.Backoff = exponentialBackoff
	}
	if opts.QueueSize <= 0 {
		opts.QueueSize = DefaultQueueSize
	}
	if opts.OnResult == nil {
		opts.OnResult = func(Result) {}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	return opts
}

// Send queues m for every target and returns at once. A target whose queue
// is full drops m and reports it as a failed Result; after Close, m is
// dropped and logged.
func (s *Sender) Send(m Message) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		s.opts.Logger.Warn("webhook not sent: sender closed", "incident", m.Incident, "kind", m.Kind)
		return
	}
	for _, w := range s.workers {
		select {
		case w.queue <- m:
		default:
			s.reportDrop(Result{Target: w.target, Message: m, Err: errQueueFull})
		}
	}
}

// reportDrop hands a drop to the reporter without waiting: Send must not
// block even when OnResult has fallen behind.
func (s *Sender) reportDrop(r Result) {
	select {
	case s.results <- r:
	default:
		s.opts.Logger.Warn("webhook dropped, result not reported: results queue full",
			"target", r.Target.Label(), "incident", r.Message.Incident, "kind", r.Message.Kind)
	}
}

// Close stops accepting messages and lets the workers deliver what is
// queued, retries included, until ctx is done. Then in-flight requests and
// waits are cut short and everything left fails as "server shutting down".
// Close returns once every outcome has been reported; its error says
// whether ctx ended the draining early.
func (s *Sender) Close(ctx context.Context) error {
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		for _, w := range s.workers {
			close(w.queue)
		}
	}
	s.mu.Unlock()

	var err error
	select {
	case <-s.done:
	case <-ctx.Done():
		err = fmt.Errorf("close webhook sender: undelivered messages abandoned: %w", ctx.Err())
	}
	s.abort()
	<-s.done
	s.opts.Client.CloseIdleConnections()
	return err
}

// report passes outcomes to OnResult one at a time, so OnResult need not
// be safe for concurrent use.
func (s *Sender) report() {
	defer close(s.done)
	for r := range s.results {
		log := s.opts.Logger.With("target", r.Target.Label(), "incident", r.Message.Incident,
			"kind", r.Message.Kind, "attempts", r.Attempts, "duration", r.Duration)
		if r.OK {
			log.Debug("webhook delivered", "status", r.Status)
		} else {
			log.Warn("webhook failed", "status", r.Status, "err", r.Err)
		}
		s.opts.OnResult(r)
	}
}
