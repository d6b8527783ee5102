package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// member is one session of the run that connected, with the number that
// names it (its user is PREFIX-NNN).
type member[T any] struct {
	number int
	v      T
}

// failure is one session that did not join or missed a note.
type failure struct {
	number int // as in its user name
	reason string
}

func firstReason(failed []failure) string {
	if len(failed) == 0 {
		return "no reason given"
	}
	return failed[0].reason
}

func userName(p plan, number int) string { return fmt.Sprintf("%s-%03d", p.userPrefix, number) }

// connectAll opens the sessions numbered first to first+n-1 with open, at
// most p.dialers at a time, and returns those that connected, in order,
// with how long each took.
func connectAll[T any](ctx context.Context, p plan, first, n int, open func(context.Context, plan, string) (T, error)) (joined []member[T], handshakes []time.Duration, failed []failure) {
	got := make([]T, n)
	took := make([]time.Duration, n)
	reasons := make([]string, n)
	slots := make(chan struct{}, p.dialers)
	var wg sync.WaitGroup
	for i := range n {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			reasons[i] = ctx.Err().Error()
			continue
		}
		wg.Go(func() {
			defer func() { <-slots }()
			start := time.Now()
			v, err := open(ctx, p, userName(p, first+i))
			if err != nil {
				reasons[i] = err.Error()
				return
			}
			got[i], took[i] = v, time.Since(start)
		})
	}
	wg.Wait()
	for i := range n {
		if reasons[i] != "" {
			failed = append(failed, failure{number: first + i, reason: reasons[i]})
			continue
		}
		joined = append(joined, member[T]{number: first + i, v: got[i]})
		handshakes = append(handshakes, took[i])
	}
	return joined, handshakes, failed
}

// join dials one session and takes it from the incident list into the
// room, as a person would: "/" filters the list by the id, enter applies
// the filter, enter again joins the incident selected.
func join(ctx context.Context, p plan, user string) (*screen, error) {
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	s, err := dialScreen(ctx, p.addr, user, p.key, p.width, p.height)
	if err != nil {
		return nil, err
	}
	steps := []struct{ keys, until string }{
		{"", p.incident},
		{"/" + p.incident + "\r\r", roomMarker},
	}
	for _, step := range steps {
		if err := s.typeKeys(step.keys); err != nil {
			s.close()
			return nil, fmt.Errorf("%s: %w", user, err)
		}
		select {
		case <-s.expect(step.until):
		case <-ctx.Done():
			shown := s.text()
			s.close()
			return nil, fmt.Errorf("%s: %q did not show within %s; the screen shows:\n%s", user, step.until, p.timeout, strings.TrimSpace(shown))
		}
	}
	// The filter matches INC-10 as well as INC-1, and the first match is
	// the one joined: the room's header names the incident, followed by
	// two spaces.
	if header, _, _ := strings.Cut(s.text(), "\n"); !strings.Contains(header, p.incident+"  ") {
		s.close()
		return nil, fmt.Errorf("%s: joined another room than %s: %q", user, p.incident, strings.TrimSpace(header))
	}
	return s, nil
}

// closeAll ends every session, all at once.
func closeAll[T interface{ close() }](sessions []member[T]) {
	var wg sync.WaitGroup
	for _, m := range sessions {
		wg.Go(m.v.close)
	}
	wg.Wait()
}
