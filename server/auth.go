package server

import (
	"net"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"github.com/warroom/warroom/model"
)

// authorize is the public-key auth handler. With users configured only
// their keys get in; with none the server is in open mode and admits any
// key, unless the address forbids open mode (the users file was emptied
// while serving on a public address).
//
// A source address that has failed too often lately is throttled: a key
// the server does not know ends the connection at once, unlogged. A key
// it knows still gets in, so that one person's failures do not lock out
// everyone behind the same NAT, nor the person an administrator has just
// added after watching them fail.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	source := sourceOf(ctx.RemoteAddr())
	_, blocked := s.throttle.blocked(source)
	refusal := s.refusal(key)
	switch {
	case refusal == "":
		return true
	case blocked:
		if conn, ok := ctx.Value(rawConnKey).(net.Conn); ok {
			_ = conn.Close()
		}
		return false
	}
	s.cfg.Logger.Warn("ssh auth refused: "+refusal,
		"remote", ctx.RemoteAddr().String(), "user", ctx.User(), "fingerprint", gossh.FingerprintSHA256(key))
	// One failure per connection, however many keys its agent offers.
	failed, _ := ctx.Value(loginFailedKey).(*atomic.Bool)
	if failed == nil {
		failed = new(atomic.Bool)
		ctx.SetValue(loginFailedKey, failed)
	}
	if failed.CompareAndSwap(false, true) {
		s.throttle.fail(source)
	}
	return false
}

// refusal says why key may not log in, for the log, or is "" when it may.
func (s *Server) refusal(key ssh.PublicKey) string {
	if s.users.Empty() {
		if s.openAllowed {
			return ""
		}
		return "no users are configured and open mode is not allowed on this address"
	}
	if _, ok := s.users.Lookup(key); ok {
		return ""
	}
	return "unknown key"
}

// actorFor resolves who a session acts as from the key that actually
// authenticated it, and whether it was admitted by open mode. Resolved
// once, when the session starts, for what the session shows (the TUI's
// layout is fixed then); its changes are resolved again each time, by
// liveActorStore, so a user demoted or removed while connected cannot
// write any more.
func (s *Server) actorFor(sess ssh.Session) (actor model.Actor, openMode bool, err error) {
	key := sess.PublicKey()
	if key == nil {
		return model.Actor{}, false, model.Errorf(model.CodeForbidden, "warroom only accepts public-key authentication")
	}
	if actor, ok := s.users.Lookup(key); ok {
		return actor, false, nil
	}
	if !s.users.Empty() || !s.openAllowed {
		return model.Actor{}, false, model.Errorf(model.CodeForbidden, "your key (%s) is not in the users file", gossh.FingerprintSHA256(key))
	}
	name, err := openModeName(sess.User())
	if err != nil {
		return model.Actor{}, false, err
	}
	return model.Actor{Name: name, Level: model.LevelResponder}, true, nil
}

// openModeName turns an SSH user name into a warroom user name: lower
// case, only the characters the users file allows, starting with a letter
// or digit, at most model.MaxUserNameLength long.
func openModeName(sshUser string) (string, error) {
	var b strings.Builder
	for _, r := range strings.ToLower(sshUser) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			b.WriteRune(r)
		}
	}
	name := truncate(strings.TrimLeft(b.String(), ".-_"), model.MaxUserNameLength)
	if model.ValidateUserName(name) != nil {
		return "", model.Errorf(model.CodeInvalid,
			"open mode names you after your SSH user name, and %q has no letters or digits: connect as NAME@host",
			model.Sanitize(truncate(sshUser, model.MaxUserNameLength), false))
	}
	return name, nil
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
