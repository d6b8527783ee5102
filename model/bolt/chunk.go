package bolt

import (
	"encoding/binary"
	"runtime"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/warroom/warroom/model"
)

// replayChunk is how many stored events one read transaction copies out.
// They are decoded and handed to fn only after it has ended: bbolt's writer
// waits for every open reader whenever it grows the file's memory map, so a
// slow fn (a follower streaming to a slow SSH client) must never hold one.
const replayChunk = 512

// minPerDecoder keeps small chunks, such as a follower's next event or
// two, on the calling goroutine.
const minPerDecoder = 64

// rawChunk holds stored events copied out of a read transaction: their
// sequence numbers, and their bytes end to end in one reused buffer.
type rawChunk struct {
	seqs []uint64
	ends []int
	data []byte
}

// read copies up to replayChunk stored events from seq from on.
func (r *rawChunk) read(tx *bolt.Tx, from uint64) {
	r.seqs, r.ends, r.data = r.seqs[:0], r.ends[:0], r.data[:0]
	c := tx.Bucket([]byte(eventsBucket)).Cursor()
	for k, v := c.Seek(seqKey(from)); k != nil && len(r.seqs) < replayChunk; k, v = c.Next() {
		r.seqs = append(r.seqs, binary.BigEndian.Uint64(k))
		r.data = append(r.data, v...)
		r.ends = append(r.ends, len(r.data))
	}
}

func (r *rawChunk) record(i int) []byte {
	start := 0
	if i > 0 {
		start = r.ends[i-1]
	}
	return r.data[start:r.ends[i]]
}

// decode decodes the chunk into events (reusing its array), split across
// the CPUs: decoding is most of the cost of a replay. On a damaged
// event it returns those before it and a CodeCorrupt error naming the file
// and the event.
func (j *Journal) decode(raw *rawChunk, events []*model.Event) ([]*model.Event, error) {
	n := len(raw.seqs)
	events = events[:n]
	errs := make([]error, n)
	decodeRange := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			events[i], errs[i] = j.decodeOne(raw.seqs[i], raw.record(i))
		}
	}
	decoders := max(1, min(runtime.GOMAXPROCS(0), n/minPerDecoder))
	var wg sync.WaitGroup
	for d := 1; d < decoders; d++ {
		wg.Go(func() { decodeRange(d*n/decoders, (d+1)*n/decoders) })
	}
	decodeRange(0, n/decoders)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return events[:i], err
		}
	}
	return events, nil
}

func (j *Journal) decodeOne(seq uint64, record []byte) (*model.Event, error) {
	e, err := model.DecodeEvent(record)
	if err != nil {
		return nil, model.WrapError(model.CodeCorrupt, err, "journal %s: event %d is damaged", j.path, seq)
	}
	if e.Seq != seq {
		return nil, model.Errorf(model.CodeCorrupt, "journal %s: event %d is damaged (it says it is event %d)", j.path, seq, e.Seq)
	}
	return e, nil
}
