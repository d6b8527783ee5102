package bolt

import (
	"encoding/binary"
	"hash/fnv"
	"io"
	"os"

	"github.com/warroom/warroom/model"
)

// bbolt trusts what it reads while it opens a file. It memory-maps the file
// and follows the header's page numbers without comparing them to the
// file's length, so on a truncated file it touches pages past the end and
// the process dies of SIGBUS; and it loads the list of free pages as it
// finds it, so a damaged list makes it panic with the file mapped, which
// keeps the file locked for the life of the process. So before bbolt sees a
// file, checkHeader reads what Open relies on itself, with plain reads: the
// two meta pages, the freelist and the tree of buckets (file format 2,
// unchanged since 2014). Everything after Open reads in guard, which
// recovers.
//
// A meta page goes on after the page header (see pageFile) with magic,
// version, page size and flags (uint32 each), the root bucket (page,
// sequence), the freelist page, the high-water page count, the transaction
// id and an FNV-64a checksum of the meta before it (uint64 each). Numbers
// are in the machine's byte order.
const (
	metaSumLength = 56 // bytes of the meta covered by its checksum
	metaLength    = metaSumLength + 8
	boltMagic     = 0xED0CDAED
	boltVersion   = 2
	noFreelist    = ^uint64(0)
	minPageSize   = 1024
	maxPageProbe  = 14 // bbolt probes for the second meta page at 1 KiB << 0..14
)

var native = binary.NativeEndian

type meta struct {
	pageSize uint64
	root     uint64
	freelist uint64
	pages    uint64 // high-water mark: the file holds at least this many pages
	txid     uint64
}

// checkHeader refuses a file that bbolt could not open safely: empty, not a
// bbolt file, shorter than its header says, or with a damaged freelist or
// table of buckets.
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
	if !ok {
		return model.Errorf(model.CodeCorrupt, "journal %s is damaged or is not a warroom journal: it has no valid header", path)
	}
	if m.pages < 2 || m.root < 2 || m.root >= m.pages || (m.freelist != noFreelist && (m.freelist < 2 || m.freelist >= m.pages)) {
		return model.Errorf(model.CodeCorrupt, "journal %s is damaged: its header points outside the file", path)
	}
	if m.pages > uint64(size)/m.pageSize {
		return model.Errorf(model.CodeCorrupt, "journal %s is truncated: it is %d bytes but its header needs %d pages of %d bytes",
			path, size, m.pages, m.pageSize)
	}
	pf := pageFile{f: f, pageSize: m.pageSize, pages: m.pages}
	if m.freelist != noFreelist && !pf.freelistIntact(m.freelist) {
		return model.Errorf(model.CodeCorrupt, "journal %s is damaged: its list of free pages is broken", path)
	}
	if !pf.treeIntact(map[uint64]bool{}, m.root) {
		return model.Errorf(model.CodeCorrupt, "journal %s is damaged: its table of buckets is broken", path)
	}
	return nil
}

// newestMeta returns the meta page bbolt would use: the valid one of the two
// with the higher transaction id.
func newestMeta(f *os.File) (meta, bool) {
	first, ok := readMeta(f, 0)
	if !ok {
		// The first page is damaged: find the second by probing the page
		// sizes bbolt allows, as bbolt does.
		for i := range maxPageProbe + 1 {
			at := uint64(minPageSize) << i
			if m, ok := readMeta(f, at); ok && m.pageSize == at {
				return m, true
			}
		}
		return meta{}, false
	}
	if second, ok := readMeta(f, first.pageSize); ok && second.pageSize == first.pageSize && second.txid > first.txid {
		return second, true
	}
	return first, true
}

// readMeta parses the meta page at off; ok is false unless it is valid.
func readMeta(f *os.File, off uint64) (m meta, ok bool) {
	var b [pageHeaderSize + metaLength]byte
	if _, err := f.ReadAt(b[:], int64(off)); err != nil {
		return meta{}, false
	}
	p := b[pageHeaderSize:]
	sum := fnv.New64a()
	sum.Write(p[:metaSumLength])
	if native.Uint32(p[0:]) != boltMagic || native.Uint32(p[4:]) != boltVersion || native.Uint64(p[56:]) != sum.Sum64() {
		return meta{}, false
	}
	m = meta{
		pageSize: uint64(native.Uint32(p[8:])),
		root:     native.Uint64(p[16:]),
		freelist: native.Uint64(p[32:]),
		pages:    native.Uint64(p[40:]),
		txid:     native.Uint64(p[48:]),
	}
	if m.pageSize < minPageSize || m.pageSize&(m.pageSize-1) != 0 {
		return meta{}, false
	}
	return m, true
}
