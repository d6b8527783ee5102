package server

import (
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/warroom/warroom/model"
)

// changeLimiterSweep is how often idle users' buckets are dropped, so that
// the table holds only the users who made changes lately.
const changeLimiterSweep = time.Minute

// changeLimiter limits how fast each user makes changes: a token bucket
// per user name, shared by all of that user's sessions and by their
// commands, which are sessions of their own. One user pasting a script of
// ten thousand notes must not fill the journal or drown everyone else's
// screens; a person typing never comes near the limit. A nil
// *changeLimiter limits nothing.
type changeLimiter struct {
	perSecond rate.Limit
	burst     int
	now       func() time.Time

	mu        sync.Mutex
	users     map[string]*rate.Limiter
	lastSweep time.Time
}

// newChangeLimiter returns a limiter of perSecond changes a second with
// bursts of burst, or nil when perSecond is negative: unlimited.
func newChangeLimiter(perSecond float64, burst int) *changeLimiter {
	if perSecond < 0 {
		return nil
	}
	return &changeLimiter{
		perSecond: rate.Limit(perSecond), burst: burst, now: time.Now,
		users: make(map[string]*rate.Limiter),
	}
}

// allow takes one change from user's bucket, or says to slow down.
func (c *changeLimiter) allow(user string) error {
	if c == nil {
		return nil
	}
	now := c.now()
	if c.bucket(user, now).AllowN(now, 1) {
		return nil
	}
	return model.Errorf(model.CodeUnavailable,
		"slow down: you are making changes faster than %s a second; try again in a moment",
		strconv.FormatFloat(float64(c.perSecond), 'f', -1, 64))
}

// bucket returns user's bucket, made full on first use. Now and then it
// drops the buckets that have filled up again: a full bucket is what a
// new one would be, so forgetting it loses nothing.
func (c *changeLimiter) bucket(user string, now time.Time) *rate.Limiter {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.lastSweep) >= changeLimiterSweep {
		c.lastSweep = now
		for name, l := range c.users {
			if l.TokensAt(now) >= float64(c.burst) {
				delete(c.users, name)
			}
		}
	}
	l, ok := c.users[user]
	if !ok {
		l = rate.NewLimiter(c.perSecond, c.burst)
		c.users[user] = l
	}
	return l
}
