package server

import (
	"container/list"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
)

// maxThrottledSources bounds the failed-login table: a scan from many
// addresses evicts the oldest entries rather than grow it without limit.
// An entry takes a couple of hundred bytes, so the table stays within a
// few MiB.
const maxThrottledSources = 10_000

// authThrottle counts failed logins per source address in fixed windows.
// Once a source has failed limit times in its window it is blocked until
// the window ends, and the block lifts by itself. A failed login is a
// connection that offered a key the server refused, counted once however
// many keys it went on to offer, and forgiven if the connection then got
// in, so that a person whose agent holds several keys does not lock
// themselves out.
type authThrottle struct {
	limit    int
	window   time.Duration
	capacity int
	now      func() time.Time
	log      *slog.Logger

	mu      sync.Mutex
	sources map[string]*list.Element // of *failures
	byAge   list.List                // of *failures, oldest window first
}

// failures is one source's count in the window that began at since.
type failures struct {
	source string
	since  time.Time
	count  int
}

func newAuthThrottle(limit int, window time.Duration, log *slog.Logger) *authThrottle {
	return &authThrottle{
		limit: limit, window: window, capacity: maxThrottledSources, now: time.Now, log: log,
		sources: make(map[string]*list.Element),
	}
}

// blocked reports whether source has used up its failures, and how long
// until its window ends.
func (a *authThrottle) blocked(source string) (wait time.Duration, ok bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.expire()
	e, found := a.sources[source]
	if !found {
		return 0, false
	}
	f := e.Value.(*failures)
	return f.since.Add(a.window).Sub(a.now()), f.count >= a.limit
}

// fail counts a failed login from source, and logs the source the moment
// it is blocked: once a window, however often it keeps trying.
func (a *authThrottle) fail(source string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	a.expire()
	e, found := a.sources[source]
	if !found {
		if a.byAge.Len() >= a.capacity {
			a.remove(a.byAge.Front())
		}
		e = a.byAge.PushBack(&failures{source: source, since: now})
		a.sources[source] = e
	}
	f := e.Value.(*failures)
	if f.count++; f.count == a.limit {
		a.log.Warn("ssh auth throttled: too many failed logins from this address; until the window ends, "+
			"an unknown key from it ends the connection and is not logged",
			"source", source, "failures", f.count, "window", a.window, "until", f.since.Add(a.window).Format(time.RFC3339))
	}
}

// forgive takes back a failure counted for a connection that got in.
func (a *authThrottle) forgive(source string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if e, found := a.sources[source]; found {
		if f := e.Value.(*failures); f.count > 0 {
			f.count--
		}
	}
}

// expire drops the sources whose window has ended. Windows start in the
// order entries are made, so the expired ones are at the front.
func (a *authThrottle) expire() {
	now := a.now()
	for e := a.byAge.Front(); e != nil && now.Sub(e.Value.(*failures).since) >= a.window; e = a.byAge.Front() {
		a.remove(e)
	}
}

func (a *authThrottle) remove(e *list.Element) {
	delete(a.sources, e.Value.(*failures).source)
	a.byAge.Remove(e)
}

// sourceOf names where a connection comes from for throttling: its IP
// address without the port, and for IPv6 its /64, which one host
// typically holds whole.
func sourceOf(addr net.Addr) string {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return addr.String()
	}
	ip := ap.Addr().Unmap()
	if ip.Is4() {
		return ip.String()
	}
	prefix, err := ip.Prefix(64)
	if err != nil {
		return ip.String()
	}
	return prefix.String()
}

// loggedIn forgives the failure counted for a connection that went on to
// log in: offering a key the server refuses before the right one is what
// a person with several keys in their agent does. It runs as each session
// opens, when the key is known to have signed, not when the key is merely
// offered (anyone can offer a public key); only the first session of a
// connection finds a failure to forgive.
func (s *Server) loggedIn(ctx ssh.Context) {
	if failed, ok := ctx.Value(loginFailedKey).(*atomic.Bool); ok && failed.CompareAndSwap(true, false) {
		s.throttle.forgive(sourceOf(ctx.RemoteAddr()))
	}
}

// throttleBanner warns a client from a blocked address, before it offers
// a key, that an unknown key will end its connection; it is empty for
// everyone else.
func (s *Server) throttleBanner(ctx ssh.Context) string {
	wait, blocked := s.throttle.blocked(sourceOf(ctx.RemoteAddr()))
	if !blocked {
		return ""
	}
	return fmt.Sprintf("warroom: too many failed logins from your address; for %s more, the first key warroom "+
		"does not know ends the connection (offer yours alone: ssh -i KEY -o IdentitiesOnly=yes)\n", wait.Round(time.Second))
}

// throttleKey names what the throttle keeps in a connection's context.
type throttleKey int

const (
	// rawConnKey holds the connection's socket, so that authorize can
	// hang up on a blocked address before the handshake ends.
	rawConnKey throttleKey = iota
	// loginFailedKey holds an *atomic.Bool: a key was refused on this
	// connection and counted as a failure.
	loginFailedKey
)

// keepRawConn is the SSH server's connection callback: it records the
// socket in the connection's context for authorize.
func keepRawConn(ctx ssh.Context, conn net.Conn) net.Conn {
	ctx.SetValue(rawConnKey, conn)
	return conn
}
