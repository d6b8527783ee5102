package hub

import (
	"context"

	"github.com/warroom/warroom/model"
)

var _ model.RawReader = (*Hub)(nil)

// Raw hands out the journal's events as stored, for model.Verify, when
// the journal keeps them as bytes (model.RawReader); see there.
func (h *Hub) Raw(ctx context.Context, from uint64, fn func(seq uint64, stored []byte) error) error {
	raw, ok := h.journal.(model.RawReader)
	if !ok {
		return model.Errorf(model.CodeUnavailable, "this server's journal does not hand out its stored events, so it cannot be verified")
	}
	return raw.Raw(ctx, from, fn)
}
