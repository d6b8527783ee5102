package bolt

import (
	"encoding/binary"
	"hash/fnv"
	"io"
	"os"

	"github.com/warroom/warroom/model"
)

// bbolt memory-maps the file and follows page numbers from its header
// without comparing them to the file's length: on a truncated file it
// touches pages past the end and the process dies of SIGBUS before bbolt can
// report anything. So before bbolt sees a file, checkHeader reads the two
// meta pages itself (format version 2, stable since 2014) and refuses a file
// shorter than its newest valid header says it is.
//
// Layout of a meta page: a 16-byte page header, then magic, version,
// page size and flags (uint32 each), the root bucket (page, sequence), the
// freelist page, the high-water page count, the transaction id and an
// FNV-64a checksum of everything before it (uint64 each), in the machine's
// byte order.
const (
	metaOffset    = 16
	metaSumLength = 56 // bytes covered by the checksum
	metaLength    = metaSumLength + 8
	boltMagic     = 0xED0CDAED
	boltVersion   = 2
	noFreelist    = ^uint64(0)
	minPageSize   = 1024
	maxPageProbe  = 14 // bbolt probes the second meta page at 1 KiB << 0..14
)

type meta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	pages    uint64 // high-water mark: pages in use, the file holds at least this many
	txid     uint64
}

// readMeta parses a meta page at off; ok is false when it is not a valid one.
func readMeta(f *os.File, off int64) (m meta, ok bool) {
	var b [metaOffset + metaLength]byte
	if _, err := f.ReadAt(b[:], off); err != nil {
		return meta{}, false
	}
	p := b[metaOffset:]
	ne := binary.NativeEndian
	h := fnv.New64a()
	h.Write(p[:metaSumLength])
	if ne.Uint32(p[0:]) != boltMagic || ne.Uint32(p[4:]) != boltVersion || ne.Uint64(p[56:]) != h.Sum64() {
		return meta{}, false
	}
	return meta{
		pageSize: ne.Uint32(p[8:]),
		root:     ne.Uint64(p[16:]),
		freelist: ne.Uint64(p[32:]),
		pages:    ne.Uint64(p[40:]),
		txid:     ne.Uint64(p[48:]),
	}, true
}

// newestMeta returns the meta page bbolt would use: the valid one of the two
// with the higher transaction id.
func newestMeta(f *os.File) (meta, bool) {
	first, firstOK := readMeta(f, 0)
	pageSize := int64(first.pageSize)
	if !firstOK {
		// The first page is damaged: find the second by probing the page
		// sizes bbolt allows, as bbolt does.
		for i := 0; i <= maxPageProbe; i++ {
			if m, ok := readMeta(f, minPageSize<<i); ok && int64(m.pageSize) == minPageSize<<i {
				return m, true
			}
		}
		return meta{}, false
	}
	second, secondOK := readMeta(f, pageSize)
	if secondOK && second.pageSize == first.pageSize && second.txid > first.txid {
		return second, true
	}
	return first, true
}

// checkHeader refuses a file that bbolt could not open safely: empty, not a
// bbolt file, or shorter than its header says.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return model.WrapError(model.CodeUnavailable, err, "cannot read journal %s", path)
	}
	defer f.Close()
	size, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		return model.WrapError(model.CodeUnavailable, err, "cannot read journal %s", path)
	}
	if size == 0 {
		return model.Errorf(model.CodeCorrupt, "journal %s is empty (0 bytes): it was cut short or not written by warroom", path)
	}
	m, ok := newestMeta(f)
	if !ok || m.pageSize < minPageSize || m.pageSize&(m.pageSize-1) != 0 {
		return model.Errorf(model.CodeCorrupt, "journal %s is damaged or is not a warroom journal: it has no valid header", path)
	}
	if m.pages < 2 || m.root >= m.pages || (m.freelist != noFreelist && m.freelist >= m.pages) {
		return model.Errorf(model.CodeCorrupt, "journal %s is damaged: its header points outside the file", path)
	}
	if m.pages > uint64(size)/uint64(m.pageSize) {
		return model.Errorf(model.CodeCorrupt, "journal %s is truncated: it is %d bytes but its header needs %d pages of %d bytes",
			path, size, m.pages, m.pageSize)
	}
	return nil
}
