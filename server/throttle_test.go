package server

import (
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
	"github.com/warroom/warroom/server/servertest"
)

// login is one connection attempt from a given loopback address.
type login struct {
	client *gossh.Client
	banner string // what the server said before authentication
	err    error
}

// dialFrom connects from local (any 127.x.y.z address is this machine)
// and offers keys in order, as an agent holding them all would.
func (ts *testServer) dialFrom(t *testing.T, local, user string, keys ...gossh.Signer) login {
	t.Helper()
	dialer := net.Dialer{Timeout: waitLimit, LocalAddr: &net.TCPAddr{IP: net.ParseIP(local)}}
	conn, err := dialer.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatalf("dial from %s: %v", local, err)
	}
	_ = conn.SetDeadline(time.Now().Add(waitLimit))
	var got login
	c, chans, reqs, err := gossh.NewClientConn(conn, ts.addr, &gossh.ClientConfig{
		User:            user,
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(keys...)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		BannerCallback:  func(message string) error { got.banner += message; return nil },
	})
	if err != nil {
		_ = conn.Close()
		got.err = err
		return got
	}
	_ = conn.SetDeadline(time.Time{})
	got.client = gossh.NewClient(c, chans, reqs)
	t.Cleanup(func() { _ = got.client.Close() })
	return got
}

// openSession proves a login got all the way in: the server admits a
// session on it.
func (l login) openSession(t *testing.T) {
	t.Helper()
	if l.err != nil {
		t.Fatalf("login refused: %v", l.err)
	}
	sess, err := l.client.NewSession()
	if err != nil {
		t.Fatalf("new session: %v", err)
	}
	out, err := sess.Output("incidents")
	if err != nil {
		t.Fatalf("incidents: %v (%s)", err, out)
	}
}

const throttleBanner = "too many failed logins from your address"

// blockedRefusal checks that a login was refused the way a blocked
// address is: with a warning first, and the connection cut rather than
// left to offer more keys.
func (l login) blockedRefusal(t *testing.T) {
	t.Helper()
	if l.err == nil {
		t.Fatal("an unknown key got in")
	}
	if !strings.Contains(l.banner, throttleBanner) {
		t.Errorf("banner %q; want the warning of a blocked address", l.banner)
	}
	if strings.Contains(l.err.Error(), "unable to authenticate") {
		t.Errorf("login error %q; want the connection closed, not an offer of other methods", l.err)
	}
}

func TestFailedLoginsBlockTheAddressAndNoOther(t *testing.T) {
	alice, stranger := newKey(t), newKey(t)
	ts := startServer(t, func(cfg *Config) {
		addUser(t, cfg.DataDir, "alice", model.LevelResponder, alice)
		cfg.AuthFailures, cfg.AuthFailureWindow = 3, time.Hour
	})
	for i := range 3 {
		if got := ts.dialFrom(t, "127.0.0.1", "alice", stranger); got.err == nil || got.banner != "" {
			t.Fatalf("failed login %d: err %v, banner %q; want an ordinary refusal", i+1, got.err, got.banner)
		}
	}

	for range 3 {
		ts.dialFrom(t, "127.0.0.1", "alice", stranger).blockedRefusal(t)
	}
	if n := strings.Count(ts.logs.String(), "ssh auth throttled"); n != 1 {
		t.Errorf("the block is logged %d times; want once:\n%s", n, ts.logs.String())
	}
	if n := strings.Count(ts.logs.String(), "ssh auth refused: unknown key"); n != 3 {
		t.Errorf("%d refused keys logged; want the 3 before the block", n)
	}

	// Other addresses are not blocked, and a known key still gets in
	// from the blocked one (everyone behind one NAT shares it).
	if got := ts.dialFrom(t, "127.0.0.2", "alice", stranger); got.err == nil || got.banner != "" {
		t.Errorf("a stranger from another address: err %v, banner %q; want an ordinary refusal", got.err, got.banner)
	}
	ts.dialFrom(t, "127.0.0.1", "alice", alice).openSession(t)
}

func TestAnAgentWithSeveralKeysDoesNotLockItsOwnerOut(t *testing.T) {
	alice, old1, old2 := newKey(t), newKey(t), newKey(t)
	ts := startServer(t, func(cfg *Config) {
		addUser(t, cfg.DataDir, "alice", model.LevelResponder, alice)
		cfg.AuthFailures, cfg.AuthFailureWindow = 3, time.Hour
	})
	// Each login offers two refused keys before the right one: many
	// logins in a row, far past the limit, all get in.
	for range 10 {
		ts.dialFrom(t, "127.0.0.1", "alice", old1, old2, alice).openSession(t)
	}
}

func TestABlockIsLiftedWhenTheWindowEnds(t *testing.T) {
	alice, stranger := newKey(t), newKey(t)
	ts := startServer(t, func(cfg *Config) {
		addUser(t, cfg.DataDir, "alice", model.LevelResponder, alice)
		cfg.AuthFailures, cfg.AuthFailureWindow = 2, 300*time.Millisecond
	})
	for range 2 {
		ts.dialFrom(t, "127.0.0.1", "alice", stranger)
	}
	ts.dialFrom(t, "127.0.0.1", "alice", stranger).blockedRefusal(t)

	servertest.WaitFor(t, "an ordinary refusal once the window ends", func() bool {
		got := ts.dialFrom(t, "127.0.0.1", "alice", stranger)
		return got.err != nil && got.banner == ""
	})
}

func TestTheFailedLoginTableStaysBounded(t *testing.T) {
	clock := time.Unix(0, 0)
	throttle := newAuthThrottle(2, time.Minute, slog.New(slog.DiscardHandler))
	throttle.capacity = 100
	throttle.now = func() time.Time { return clock }

	// A scan from a thousand addresses keeps the newest hundred.
	for i := range 1000 {
		throttle.fail(fmt.Sprintf("10.0.%d.%d", i/256, i%256))
		throttle.fail(fmt.Sprintf("10.0.%d.%d", i/256, i%256))
	}
	if n := throttleSize(throttle); n != 100 {
		t.Fatalf("the table holds %d addresses; want the cap, 100", n)
	}
	if _, blocked := throttle.blocked("10.0.3.231"); !blocked { // the last one
		t.Error("the newest address was evicted")
	}

	clock = clock.Add(time.Minute)
	if _, blocked := throttle.blocked("10.0.3.231"); blocked {
		t.Error("an address is still blocked after its window")
	}
	if n := throttleSize(throttle); n != 0 {
		t.Errorf("the table holds %d addresses after every window ended; want none", n)
	}
}

func throttleSize(a *authThrottle) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.byAge.Len()
}

func TestSourcesAreAddressesNotPorts(t *testing.T) {
	cases := []struct{ addr, want string }{
		{"192.0.2.7:50000", "192.0.2.7"},
		{"[::ffff:192.0.2.7]:22", "192.0.2.7"},
		{"[2001:db8:1:2:3:4:5:6]:50000", "2001:db8:1:2::/64"},
	}
	for _, c := range cases {
		addr, err := net.ResolveTCPAddr("tcp", c.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := sourceOf(addr); got != c.want {
			t.Errorf("sourceOf(%s) = %q; want %q", c.addr, got, c.want)
		}
	}
}
