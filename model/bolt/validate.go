package bolt

import (
	"encoding/binary"
	"os"

	bolt "go.etcd.io/bbolt"

	"github.com/warroom/warroom/model"
)

// validate checks the shape of the events tree, then walks every key
// once, so that a damaged page or a gap in the sequence is found at Open.
// It reads keys only; decoding the events is Replay's job.
func (j *Journal) validate() error {
	f, err := os.Open(j.path)
	if err != nil {
		return model.WrapError(model.CodeUnavailable, err, "cannot read journal %s", j.path)
	}
	defer f.Close()
	return j.view(func(tx *bolt.Tx) error {
		byseq := tx.Bucket([]byte(eventsBucket))
		if byseq == nil {
			return model.Errorf(model.CodeCorrupt, "journal %s is not a warroom journal: it has no events", j.path)
		}
		pageSize := uint64(j.db.Info().PageSize)
		pf := pageFile{f: f, pageSize: pageSize, pages: uint64(tx.Size()) / pageSize}
		if !pf.treeIntact(map[uint64]bool{}, uint64(byseq.RootPage())) || !inlineIsLeaf(byseq) {
			return model.Errorf(model.CodeCorrupt, "journal %s is damaged: its tree of pages is broken", j.path)
		}
		// A value longer than the file is a damaged length, which Replay
		// would otherwise try to copy.
		size := tx.Size()
		var events uint64
		c := byseq.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) != 8 || binary.BigEndian.Uint64(k) != events+1 || len(v) == 0 || int64(len(v)) > size {
				return model.Errorf(model.CodeCorrupt, "journal %s is damaged after event %d", j.path, events)
			}
			events++
		}
		return nil
	})
}

// inlineIsLeaf reports whether b, when it is small enough to be stored
// inline in its parent, is stored as a leaf. A cursor takes any other page
// for a branch whose children are the same page, and loops forever. The
// inline page's in-use bytes are counted only for a leaf, and Stats reads
// nothing more of an inline bucket.
func inlineIsLeaf(b *bolt.Bucket) bool {
	return b.RootPage() != 0 || b.Stats().InlineBucketInuse > 0
}
