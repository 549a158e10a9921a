package source

import (
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// The pack reader reads a pack the way git's index-pack does, not the way
// cat-file does. cat-file finds each object on its own: it follows the
// object's delta chain down to a whole object and applies every delta on
// the way up, with a small cache of bases. Here each delta is a child of
// its base (packForest), so a walk that starts at a whole object and goes
// depth first through its children inflates every object once and builds
// each from a base already in memory (packWalker). Deltas never change an
// object's type, so a walk that wants no trees skips a tree base and every
// delta under it without inflating any of them.

// packForest is one pack's entries with their delta children.
type packForest struct {
	pack     *goGitPack
	entries  []packEntry             // parallel to pack.offsets
	first    []int32                 // entry i's children are kids[first[i]:first[i+1]]
	kids     []int32                 // in pack order
	external map[int32]plumbing.Hash // REF_DELTA entries whose base is in no pack entry here
	trailer  int64                   // where the pack's checksum starts: the last entry ends there
	orphans  []int32                 // entries no root reaches
	// unreadable are the entries whose header cannot be read, with why.
	unreadable map[int32]error
	trees      int64 // tree entries but duplicates
	commits    int   // commit entries but duplicates
}

// packEntry is what the header of one pack entry says.
type packEntry struct {
	data int64   // where the entry's zlib stream starts
	size int64   // inflated size: the object's, or for a delta the delta's
	base int32   // the delta base's entry; noBase for a whole object or an external base
	kind uint8   // the pack's type code, 1-7
	typ  objType // the object's type, its base's for a delta; objOther when it cannot be known
}

const (
	noBase = -1

	packCommit   = 1
	packTree     = 2
	packBlob     = 3
	packTag      = 4
	packOfsDelta = 6
	packRefDelta = 7

	// packHeaderMax bounds an entry's header: a size of up to 64 bits, then
	// a base offset of up to 64 bits or a base id.
	packHeaderMax = 10 + hashSize

	// hashSize is the length of an object id (SHA-1).
	hashSize = 20
)

// children returns entry i's deltas.
func (f *packForest) children(i int32) []int32 { return f.kids[f.first[i]:f.first[i+1]] }

// extent returns where entry i's zlib stream starts and how long it is at
// most: up to the next entry, or the end of the pack's data.
func (f *packForest) extent(i int32) (int64, int64) {
	end := f.trailer
	if int(i)+1 < len(f.entries) {
		end = min(end, f.pack.offsets[i+1]) // an index may name offsets past the end
	}
	return f.entries[i].data, max(0, end-f.entries[i].data)
}

// loadForest reads the header of every entry of p's pack file.
func loadForest(p *goGitPack, file billy.File) (*packForest, error) {
	size, err := file.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, err
	}
	f := &packForest{pack: p, entries: make([]packEntry, len(p.offsets)), trailer: size - hashSize}
	if err := checkPackHeader(file, len(p.offsets)); err != nil {
		return nil, err
	}
	r := packWindow{file: file, limit: f.trailer}
	var refs []int32
	for i, off := range p.offsets {
		e, base, err := f.readHeader(&r, off)
		if err != nil {
			f.setUnreadable(int32(i), err) // the others are still read
			continue
		}
		switch e.kind {
		case packRefDelta:
			refs = append(refs, int32(i))
			f.setExternal(int32(i), base.id)
		case packOfsDelta:
			if e.base = int32(p.indexOf(base.offset)); e.base < 0 {
				f.setUnreadable(int32(i), errors.New("no entry at its delta base's offset"))
				continue
			}
		}
		f.entries[i] = e
	}
	f.resolveRefs(refs)
	f.link()
	f.resolveTypes()
	return f, nil
}

// readHeader reads the header of the entry at off.
func (f *packForest) readHeader(r *packWindow, off int64) (packEntry, deltaBase, error) {
	if off < 12 || off >= f.trailer {
		return packEntry{}, deltaBase{}, fmt.Errorf("its offset %d is past the end of the pack (a truncated pack?)", off)
	}
	h, err := r.at(off)
	if err != nil {
		return packEntry{}, deltaBase{}, err
	}
	e, base, err := parseEntryHeader(h, off)
	if err != nil {
		return e, base, fmt.Errorf("entry at offset %d: %w", off, err)
	}
	return e, base, nil
}

// setUnreadable records why entry i cannot be read: it is then an orphan,
// and so is every delta on it.
func (f *packForest) setUnreadable(i int32, err error) {
	if f.unreadable == nil {
		f.unreadable = map[int32]error{}
	}
	f.unreadable[i] = err
	f.entries[i] = packEntry{base: noBase}
}

// whyOrphan says why orphan i cannot be read.
func (f *packForest) whyOrphan(i int32) error {
	if err, ok := f.unreadable[i]; ok {
		return err
	}
	return errors.New("its delta base cannot be read")
}

// checkPackHeader checks the pack's signature, version and entry count.
func checkPackHeader(file billy.File, entries int) error {
	var h [12]byte
	if _, err := file.ReadAt(h[:], 0); err != nil {
		return fmt.Errorf("read pack header: %w", err)
	}
	if string(h[:4]) != "PACK" {
		return errors.New("not a pack file")
	}
	if v := be32(h[4:]); v != 2 && v != 3 {
		return fmt.Errorf("pack version %d is not supported", v)
	}
	if n := be32(h[8:]); int(n) != entries {
		return fmt.Errorf("pack holds %d entries but its index %d", n, entries)
	}
	return nil
}

func be32(b []byte) uint32 {
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// deltaBase is where an entry header says its delta base is.
type deltaBase struct {
	offset int64         // OFS_DELTA
	id     plumbing.Hash // REF_DELTA
}

// parseEntryHeader reads the entry header h found at offset off.
func parseEntryHeader(h []byte, off int64) (packEntry, deltaBase, error) {
	var b deltaBase
	if len(h) == 0 {
		return packEntry{}, b, io.ErrUnexpectedEOF
	}
	c := h[0]
	e := packEntry{kind: c >> 4 & 7, size: int64(c & 15), base: noBase}
	n := 1
	for shift := 4; c&0x80 != 0; shift += 7 {
		if n >= len(h) || shift > 62 {
			return e, b, errors.New("bad entry header")
		}
		c = h[n]
		e.size |= int64(c&0x7f) << shift
		n++
	}
	switch e.kind {
	case packCommit, packTree, packBlob, packTag:
	case packOfsDelta:
		d, m, err := parseBaseOffset(h[n:])
		if err != nil || d > off {
			return e, b, errors.New("bad delta base offset")
		}
		b.offset, n = off-d, n+m
	case packRefDelta:
		if n+hashSize > len(h) {
			return e, b, errors.New("bad delta base id")
		}
		copy(b.id[:], h[n:])
		n += hashSize
	default:
		return e, b, fmt.Errorf("unknown entry type %d", e.kind)
	}
	e.data = off + int64(n)
	return e, b, nil
}

// parseBaseOffset reads an OFS_DELTA's distance back to its base and how
// many bytes it took.
func parseBaseOffset(h []byte) (int64, int, error) {
	if len(h) == 0 {
		return 0, 0, io.ErrUnexpectedEOF
	}
	c := h[0]
	d := int64(c & 0x7f)
	n := 1
	for ; c&0x80 != 0; n++ {
		if n >= len(h) || d >= 1<<55 {
			return 0, 0, errors.New("bad delta base offset")
		}
		c = h[n]
		d = (d+1)<<7 | int64(c&0x7f)
	}
	if d == 0 {
		return 0, 0, errors.New("delta base offset of zero")
	}
	return d, n, nil
}

// setExternal records a REF_DELTA's base id until resolveRefs finds it.
func (f *packForest) setExternal(i int32, id plumbing.Hash) {
	if f.external == nil {
		f.external = map[int32]plumbing.Hash{}
	}
	f.external[i] = id
}

// resolveRefs finds the REF_DELTA bases that are entries of this pack.
func (f *packForest) resolveRefs(refs []int32) {
	for _, i := range refs {
		off, err := f.pack.idx.FindOffset(f.external[i])
		if err != nil {
			continue
		}
		if j := f.pack.indexOf(off); j >= 0 && j != int(i) {
			f.entries[i].base = int32(j)
			delete(f.external, i)
		}
	}
}

// link lists every entry's children, in pack order.
func (f *packForest) link() {
	f.first = make([]int32, len(f.entries)+1)
	for _, e := range f.entries {
		if e.base != noBase {
			f.first[e.base+1]++
		}
	}
	for i := range f.entries {
		f.first[i+1] += f.first[i]
	}
	f.kids = make([]int32, f.first[len(f.entries)])
	next := append([]int32(nil), f.first[:len(f.entries)]...)
	for i, e := range f.entries {
		if e.base != noBase {
			f.kids[next[e.base]] = int32(i)
			next[e.base]++
		}
	}
}

// resolveTypes gives every entry under a whole object that object's type
// and counts the trees. Entries under an external base learn theirs when
// it is read; entries that no root reaches (a cycle of REF_DELTAs) are
// orphans, which a walk reports as unreadable.
func (f *packForest) resolveTypes() {
	reached := make([]bool, len(f.entries))
	var stack []int32
	for i := range f.entries {
		if !f.isRoot(int32(i)) {
			continue
		}
		t := packObjType(f.entries[i].kind) // objOther under an external base
		stack = append(stack[:0], int32(i))
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			reached[j], f.entries[j].typ = true, t
			if !f.pack.dup[j] {
				f.count(t)
			}
			stack = append(stack, f.children(j)...)
		}
	}
	for i, ok := range reached {
		if !ok {
			f.orphans = append(f.orphans, int32(i))
		}
	}
}

func (f *packForest) count(t objType) {
	switch t {
	case objTree:
		f.trees++
	case objCommit:
		f.commits++
	}
}

// packObjType maps a whole object's type code to the lister's type.
func packObjType(kind uint8) objType {
	switch kind {
	case packCommit:
		return objCommit
	case packTree:
		return objTree
	case packBlob:
		return objBlob
	case packTag:
		return objTag
	}
	return objOther
}

// isRoot reports whether entry i starts a walk: a whole object, or a delta
// on a base from elsewhere.
func (f *packForest) isRoot(i int32) bool {
	if k := f.entries[i].kind; k == 0 {
		return false // unreadable
	} else if k != packOfsDelta && k != packRefDelta {
		return true
	}
	_, ok := f.external[i]
	return ok
}

// packWindow reads entry headers in ascending offsets, a block at a time.
type packWindow struct {
	file  billy.File
	limit int64 // no header reaches past it
	buf   []byte
	start int64 // offset of buf[0]
}

// packWindowSize is how much of the pack one read brings.
const packWindowSize = 1 << 20

// at returns up to packHeaderMax bytes at off, fewer only at the limit.
func (w *packWindow) at(off int64) ([]byte, error) {
	end := min(off+packHeaderMax, w.limit)
	if off < w.start || end > w.start+int64(len(w.buf)) {
		n := min(int64(packWindowSize), w.limit-off)
		if cap(w.buf) < int(n) {
			w.buf = make([]byte, packWindowSize)
		}
		w.buf, w.start = w.buf[:n], off
		if err := readFullAt(w.file, w.buf, off); err != nil {
			return nil, err
		}
	}
	return w.buf[off-w.start : end-w.start], nil
}
