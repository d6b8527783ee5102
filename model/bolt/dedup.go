package bolt

import (
	"context"

	"github.com/warroom/warroom/model"
)

// dedupWindow is how many of the newest events' ids a journal remembers to
// recognise a retried append. A writer retries at once after an append
// whose outcome it could not learn, so its events are among the newest;
// 16,384 ids cost about a megabyte.
const dedupWindow = 16384

// idWindow remembers the ids of the newest events, oldest evicted first.
// Its user serialises access (Journal.appendMu).
type idWindow struct {
	ids  map[string]struct{}
	ring []string // the remembered ids, oldest at next once full
	next int
}

func newIDWindow(size int) *idWindow {
	return &idWindow{ids: make(map[string]struct{}, size), ring: make([]string, 0, size)}
}

// checkNew returns a CodeDuplicate error when an event of the batch has an
// id that is already stored, or that another event of the batch has.
func (w *idWindow) checkNew(events []*model.Event) error {
	batch := make(map[string]struct{}, len(events))
	for _, e := range events {
		_, stored := w.ids[e.ID]
		_, twice := batch[e.ID]
		if stored || twice {
			return model.Errorf(model.CodeDuplicate, "event id %s is already stored", model.Sanitize(e.ID, false))
		}
		batch[e.ID] = struct{}{}
	}
	return nil
}

func (w *idWindow) add(events []*model.Event) {
	for _, e := range events {
		if len(w.ring) < cap(w.ring) {
			w.ring = append(w.ring, e.ID)
		} else {
			delete(w.ids, w.ring[w.next])
			w.ring[w.next] = e.ID
			w.next = (w.next + 1) % len(w.ring)
		}
		w.ids[e.ID] = struct{}{}
	}
}

// loadRecentIDs fills the window from the newest stored events, so that a
// retry is recognised across a restart too.
func (j *Journal) loadRecentIDs() error {
	ctx := context.Background()
	last, err := j.Last(ctx)
	if err != nil {
		return err
	}
	from := uint64(1)
	if last > dedupWindow {
		from = last - dedupWindow + 1
	}
	return j.Replay(ctx, from, func(e *model.Event) error {
		j.recent.add([]*model.Event{e})
		return nil
	})
}
