package server

import (
	"context"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

const (
	// keepAliveRequest is what OpenSSH's sshd sends (ClientAliveInterval);
	// clients answer it, if only with a failure, without showing anything.
	keepAliveRequest = "keepalive@openssh.com"
	// keepAliveMaxMissed intervals without a reply mean the client is
	// gone (sshd's ClientAliveCountMax).
	keepAliveMaxMissed = 3
)

// Why keepAlive stopped, when it was not because ctx ended.
const (
	clientClosedSession = "the client closed the session"
	clientSilent        = "no reply to keepalives"
)

// keepAlive asks the client for a reply on the session's channel every
// interval until ctx is done, and returns "" then. The request and its
// reply are traffic, so a quiet observer is not cut off by the idle
// timeout. Since they travel on the session's own channel, a client that
// closed the session while keeping the connection (a multiplexed OpenSSH,
// say) is noticed too: keepAlive returns clientClosedSession. A client
// that stops answering makes it return clientSilent.
func keepAlive(ctx context.Context, ch gossh.Channel, interval time.Duration) (stopped string) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	replies := make(chan error, 1)
	pending, missed := false, 0
	for {
		select {
		case <-ctx.Done():
			return ""
		case err := <-replies:
			if err != nil {
				if ctx.Err() != nil { // the session's own end closed the channel
					return ""
				}
				return clientClosedSession
			}
			pending, missed = false, 0
		case <-ticker.C:
			if pending {
				if missed++; missed >= keepAliveMaxMissed {
					return clientSilent
				}
				continue
			}
			pending = true
			// SendRequest waits for the reply; it returns at the
			// latest when the channel closes, which the end of the
			// session does.
			go func() {
				_, err := ch.SendRequest(keepAliveRequest, true, nil)
				replies <- err
			}()
		}
	}
}
