package bolt

import (
	"os"
)

// Every bbolt page starts with a 16-byte header: id (uint64), flags
// (uint16), count (uint16) and how many pages follow it as overflow
// (uint32). A branch page then holds count elements of 16 bytes: key
// position and size (uint32 each) and the child's page id (uint64).
const (
	pageHeaderSize     = 16
	branchElementSize  = 16
	branchFlag         = 0x01
	leafFlag           = 0x02
	freelistFlag       = 0x10
	largeFreelistCount = 0xFFFF // the true count is then the first element
)

// pageFile reads bbolt pages with plain reads, which fail cleanly where
// bbolt's memory-mapped reads fault, so that what bbolt would follow
// blindly is checked first.
type pageFile struct {
	f        *os.File
	pageSize uint64
	pages    uint64 // high-water mark; the file is known to hold them all
}

type pageHeader struct {
	id       uint64
	flags    uint16
	count    uint64
	overflow uint64
}

// header reads the header of page id, and refuses one that is not where
// it says it is or runs past the high-water mark.
func (pf pageFile) header(id uint64) (pageHeader, bool) {
	if id < 2 || id >= pf.pages {
		return pageHeader{}, false
	}
	var b [pageHeaderSize]byte
	if _, err := pf.f.ReadAt(b[:], int64(id*pf.pageSize)); err != nil {
		return pageHeader{}, false
	}
	h := pageHeader{
		id:       native.Uint64(b[0:]),
		flags:    native.Uint16(b[8:]),
		count:    uint64(native.Uint16(b[10:])),
		overflow: uint64(native.Uint32(b[12:])),
	}
	return h, h.id == id && h.overflow < pf.pages-id
}

// read returns n bytes of page id from off on, provided they lie within
// the page and its overflow.
func (pf pageFile) read(h pageHeader, off, n uint64) ([]byte, bool) {
	if room := (h.overflow + 1) * pf.pageSize; off > room || n > room-off {
		return nil, false
	}
	b := make([]byte, n)
	_, err := pf.f.ReadAt(b, int64(h.id*pf.pageSize+off))
	return b, err == nil
}

// freelistIntact reports whether page id is a freelist that lists distinct
// pages that can be free (not the meta pages, not past the end), in order,
// as bbolt writes it.
func (pf pageFile) freelistIntact(id uint64) bool {
	h, ok := pf.header(id)
	if !ok || h.flags != freelistFlag {
		return false
	}
	off, count := uint64(pageHeaderSize), h.count
	if count == largeFreelistCount {
		first, ok := pf.read(h, off, 8)
		if !ok {
			return false
		}
		off, count = off+8, native.Uint64(first)
	}
	if count > (h.overflow+1)*pf.pageSize/8 {
		return false
	}
	ids, ok := pf.read(h, off, count*8)
	if !ok {
		return false
	}
	prev := uint64(1)
	for i := 0; i < len(ids); i += 8 {
		free := native.Uint64(ids[i:])
		if free <= prev || free >= pf.pages {
			return false
		}
		prev = free
	}
	return true
}

// treeIntact reports whether the pages reached from roots form trees:
// every page is a branch or a leaf below the high-water mark, is the page
// it was reached as, and is reached once (seen collects them). bbolt
// follows branch pointers without these checks, and one that points back up
// the tree sends its cursor round a loop that ends only when memory does.
// A root of 0 is a bucket stored inline in its parent, with no pages.
func (pf pageFile) treeIntact(seen map[uint64]bool, roots ...uint64) bool {
	stack := make([]uint64, 0, 64)
	for _, root := range roots {
		if root != 0 {
			stack = append(stack, root)
		}
	}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		h, ok := pf.header(id)
		if !ok {
			return false
		}
		for p := id; p <= id+h.overflow; p++ {
			if seen[p] {
				return false
			}
			seen[p] = true
		}
		switch h.flags {
		case leafFlag:
			continue
		case branchFlag:
		default:
			return false
		}
		elems, ok := pf.read(h, pageHeaderSize, h.count*branchElementSize)
		if !ok || h.count == 0 {
			return false
		}
		for i := uint64(0); i < h.count; i++ {
			stack = append(stack, native.Uint64(elems[i*branchElementSize+8:]))
		}
	}
	return true
}
