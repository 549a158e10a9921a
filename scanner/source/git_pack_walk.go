package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/klauspost/compress/zlib"
)

// packVisitor is what a walk does with the objects it builds.
type packVisitor interface {
	// want reports whether objects of type t are wanted: a walk skips a
	// base of another type and every delta under it.
	want(t objType) bool
	// object takes each wanted object it builds, duplicates included
	// (they may be bases); o is valid during the call only.
	object(o *packObject) error
	// failed takes an object that could not be built, with why.
	failed(id plumbing.Hash, t objType, err error) error
}

// packObject is an object a walk built.
type packObject struct {
	id      plumbing.Hash
	typ     objType
	size    int64
	content []byte    // nil for a stream
	stream  io.Reader // a large whole blob with no deltas, as it inflates
	dup     bool      // also in an earlier pack: offered there
	// depth is how many deltas it is from a whole object; the object at
	// depth-1 that the visitor saw last is its base.
	depth int
	// copies are what its delta copied from that base, in order (nil for
	// a whole object or one on an external base).
	copies []deltaCopy
}

// deltaCopy is a delta's copy: n bytes of the base at src to dst.
type deltaCopy struct{ dst, src, n int }

// packExternalBase reads a delta base that is not in the pack.
type packExternalBase func(id plumbing.Hash) (objType, []byte, error)

// packWalker builds the objects of one pack, a base and its deltas at a
// time. Nothing in it is shared.
type packWalker struct {
	f      *packForest
	file   billy.File
	v      packVisitor
	ext    packExternalBase
	z      io.ReadCloser // zlib reader, reset for each entry
	src    bytes.Reader
	win    []byte   // a window of the pack's bytes
	winAt  int64    // where win starts
	delta  []byte   // the delta being applied
	bufs   [][]byte // the objects being built, by depth
	copies []deltaCopy
	obj    packObject
}

const (
	// packLargeObject is the size above which a whole blob with no deltas
	// is streamed from the pack rather than inflated into memory.
	packLargeObject = 8 << 20
	// packReadWindow is how much of the pack one read brings.
	packReadWindow = 64 << 10
	// packKeepBuffer bounds the buffers a walker keeps between bases.
	packKeepBuffer = 32 << 20
	// deflateRatio bounds how many bytes one compressed byte inflates to
	// (1032 for deflate), so that a corrupt size is refused, not allocated.
	deflateRatio = 1100
)

func newPackWalker(f *packForest, v packVisitor, ext packExternalBase) (*packWalker, error) {
	file, err := f.pack.dir.ObjectPack(f.pack.hash)
	if err != nil {
		return nil, fmt.Errorf("open pack %s: %w", f.pack.hash, err)
	}
	return &packWalker{f: f, file: file, v: v, ext: ext, bufs: make([][]byte, 1)}, nil
}

func (w *packWalker) close() { w.file.Close() }

// root builds entry i, a whole object or a delta on an external base,
// and every delta under it.
func (w *packWalker) root(i int32) error {
	e := &w.f.entries[i]
	if id, ok := w.f.external[i]; ok {
		t, base, err := w.ext(id)
		if err != nil {
			return w.failTree(i, objOther, fmt.Errorf("delta base %s: %w", id, err))
		}
		if !w.v.want(t) {
			return nil
		}
		content, err := w.apply(i, 0, base)
		return w.node(i, t, 0, content, err)
	}
	leaf := len(w.f.children(i)) == 0
	if !w.v.want(e.typ) || w.f.pack.dup[i] && leaf {
		return nil
	}
	if e.typ == objBlob && e.size > packLargeObject && leaf {
		return w.stream(i)
	}
	content, err := w.inflate(i, &w.bufs[0])
	return w.node(i, e.typ, 0, content, err)
}

// node offers entry i, built as content (or failed with err), and builds
// its deltas from it.
func (w *packWalker) node(i int32, t objType, depth int, content []byte, err error) error {
	if err != nil {
		return w.failTree(i, t, err)
	}
	w.obj = packObject{id: w.f.pack.hashes[i], typ: t, size: int64(len(content)), content: content,
		dup: w.f.pack.dup[i], depth: depth}
	if depth > 0 && w.f.entries[i].base != noBase {
		w.obj.copies = w.copies
	}
	if err := w.v.object(&w.obj); err != nil {
		return err
	}
	kids := w.f.children(i)
	if len(kids) > 0 && depth+1 >= maxDeltaDepth {
		return w.failKids(i, t, errors.New("delta chain too deep"))
	}
	for _, k := range kids {
		child, err := w.apply(k, depth+1, content)
		if err := w.node(k, t, depth+1, child, err); err != nil {
			return err
		}
	}
	if depth == 0 {
		w.trim()
	}
	return nil
}

// apply builds delta entry i on base into the buffer of its depth.
func (w *packWalker) apply(i int32, depth int, base []byte) ([]byte, error) {
	d, err := w.inflate(i, &w.delta)
	if err != nil {
		return nil, err
	}
	for len(w.bufs) <= depth {
		w.bufs = append(w.bufs, nil)
	}
	w.copies = w.copies[:0]
	out, err := applyDelta(w.bufs[depth][:0], base, d, &w.copies)
	w.bufs[depth] = out
	return out, err
}

// trim drops the large buffers kept from the last base.
func (w *packWalker) trim() {
	for d, b := range w.bufs {
		if cap(b) > packKeepBuffer {
			w.bufs[d] = nil
		}
	}
	if cap(w.delta) > packKeepBuffer {
		w.delta = nil
	}
	if cap(w.win) > packKeepBuffer {
		w.win, w.winAt = nil, 0
	}
}

// failTree reports entry i and, as their base failed, every delta under it.
func (w *packWalker) failTree(i int32, t objType, err error) error {
	if !w.f.pack.dup[i] {
		if err := w.v.failed(w.f.pack.hashes[i], t, err); err != nil {
			return err
		}
	}
	return w.failKids(i, t, fmt.Errorf("delta base %s: %w", w.f.pack.hashes[i], err))
}

func (w *packWalker) failKids(i int32, t objType, err error) error {
	stack := append([]int32(nil), w.f.children(i)...)
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = append(stack[:len(stack)-1], w.f.children(k)...)
		if w.f.pack.dup[k] {
			continue
		}
		if err := w.v.failed(w.f.pack.hashes[k], t, err); err != nil {
			return err
		}
	}
	return nil
}

// stream offers a large whole blob as it inflates.
func (w *packWalker) stream(i int32) error {
	if err := w.checkSize(i); err != nil {
		return w.failTree(i, objBlob, err)
	}
	off, n := w.f.extent(i)
	z, err := zlib.NewReader(io.NewSectionReader(w.file, off, n))
	if err != nil {
		return w.failTree(i, objBlob, fmt.Errorf("inflate: %w", err))
	}
	defer z.Close()
	size := w.f.entries[i].size
	r := &exactReader{r: z, n: size}
	w.obj = packObject{id: w.f.pack.hashes[i], typ: objBlob, size: size, stream: r, dup: w.f.pack.dup[i]}
	return w.v.object(&w.obj)
}

// walkRoots builds the objects under roots, in order, until yield fails
// or ctx ends.
func (w *packWalker) walkRoots(ctx context.Context, roots []int32) error {
	for _, i := range roots {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := w.root(i); err != nil {
			return err
		}
	}
	return nil
}
