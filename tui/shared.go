package tui

import (
	"sync"

	"github.com/warroom/warroom/themes"
	"github.com/warroom/warroom/tui/style"
	"github.com/warroom/warroom/tui/timeline"
)

// Shared is what the sessions of one server share: each theme's styles,
// built once, and the timeline entries rendered with them, so that a note
// is laid out once for a room full of people rather than once each. Make
// one with NewShared and give it to every session; safe for concurrent
// use.
type Shared struct {
	rows *timeline.Rows

	mu     sync.Mutex
	styles map[string]*style.Styles // by theme name
}

// NewShared returns an empty Shared.
func NewShared() *Shared {
	return &Shared{rows: timeline.NewRows(), styles: map[string]*style.Styles{}}
}

// stylesFor returns t's styles, built on first use. With no Shared every
// call builds them.
func (s *Shared) stylesFor(t themes.Theme) *style.Styles {
	if s == nil {
		return style.New(t)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.styles[t.Name]
	if !ok {
		st = style.New(t)
		s.styles[t.Name] = st
	}
	return st
}

// timelineRows is the shared cache of rendered entries, or nil.
func (s *Shared) timelineRows() *timeline.Rows {
	if s == nil {
		return nil
	}
	return s.rows
}
