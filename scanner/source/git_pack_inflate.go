package source

import (
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zlib"
)

// Reading one entry: its compressed bytes from a window of the pack, the
// inflated content checked against the size its header gives, and a
// delta applied to its base.

// read returns entry i's compressed bytes: from the window of the pack
// last read when they are in it, else from a new window that starts
// there. Deltas mostly sit just after their bases, so one read serves
// many entries.
func (w *packWalker) read(i int32) ([]byte, error) {
	off, n := w.f.extent(i)
	if off >= w.winAt && off+n <= w.winAt+int64(len(w.win)) {
		return w.win[off-w.winAt : off-w.winAt+n], nil
	}
	size := max(n, min(packReadWindow, w.f.trailer-off))
	if int64(cap(w.win)) < size {
		w.win = make([]byte, size)
	}
	w.win, w.winAt = w.win[:size], off
	if err := readFullAt(w.file, w.win, off); err != nil {
		w.win = w.win[:0]
		return nil, err
	}
	return w.win[:n], nil
}

// readFullAt fills p from r at off: a short read is an error, named with
// the offset.
func readFullAt(r io.ReaderAt, p []byte, off int64) error {
	if m, err := r.ReadAt(p, off); m < len(p) {
		if err == nil || errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("read pack at offset %d: %w", off, err)
	}
	return nil
}

// inflate inflates entry i into *buf, which it may grow, and checks that
// the stream holds exactly the size its header gives.
func (w *packWalker) inflate(i int32, buf *[]byte) ([]byte, error) {
	size := w.f.entries[i].size
	if err := w.checkSize(i); err != nil {
		return nil, err
	}
	comp, err := w.read(i)
	if err != nil {
		return nil, err
	}
	if err := w.reset(comp); err != nil {
		return nil, err
	}
	if int64(cap(*buf)) < size {
		*buf = make([]byte, size)
	}
	out := (*buf)[:size]
	if _, err := io.ReadFull(w.z, out); err != nil {
		return nil, fmt.Errorf("inflate: %w", shortIsUnexpected(err))
	}
	if err := checkEnd(w.z); err != nil {
		return nil, err
	}
	return out, nil
}

// checkSize refuses a size in entry i's header that its compressed bytes
// cannot inflate to, before anything is allocated for it.
func (w *packWalker) checkSize(i int32) error {
	_, n := w.f.extent(i)
	if size := w.f.entries[i].size; size > n*deflateRatio+64 {
		return fmt.Errorf("size %d in its header is more than its %d compressed bytes can hold", size, n)
	}
	return nil
}

// reset points the zlib reader at comp.
func (w *packWalker) reset(comp []byte) error {
	w.src.Reset(comp)
	if w.z == nil {
		z, err := zlib.NewReader(&w.src)
		if err != nil {
			return fmt.Errorf("inflate: %w", err)
		}
		w.z = z
		return nil
	}
	if err := w.z.(zlib.Resetter).Reset(&w.src, nil); err != nil {
		return fmt.Errorf("inflate: %w", err)
	}
	return nil
}

// checkEnd reads past the expected end of an object: the stream must end
// there, with a good checksum.
func checkEnd(r io.Reader) error {
	var one [1]byte
	switch n, err := io.ReadFull(r, one[:]); {
	case n > 0:
		return errors.New("object content longer than its size")
	case errors.Is(err, io.EOF):
		return nil
	default:
		return fmt.Errorf("inflate: %w", err)
	}
}

func shortIsUnexpected(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// applyDelta appends to dst the object that git delta d makes of base,
// and its copies to *copies.
func applyDelta(dst, base, d []byte, copies *[]deltaCopy) ([]byte, error) {
	srcSize, d, err := deltaSize(d)
	if err != nil {
		return nil, err
	}
	if srcSize != uint64(len(base)) {
		return nil, fmt.Errorf("delta is for a base of %d bytes, not %d", srcSize, len(base))
	}
	dstSize, d, err := deltaSize(d)
	if err != nil {
		return nil, err
	}
	if c := min(dstSize, uint64(2*len(base)+len(d))); uint64(cap(dst)) < c {
		dst = make([]byte, 0, c) // a corrupt size cannot allocate more than this
	}
	for len(d) > 0 {
		op := d[0]
		d = d[1:]
		switch {
		case op&0x80 != 0:
			var off, n uint64
			for k := range 7 {
				if op&(1<<k) == 0 {
					continue
				}
				if len(d) == 0 {
					return nil, errors.New("delta ends inside a copy")
				}
				if k < 4 {
					off |= uint64(d[0]) << (8 * k)
				} else {
					n |= uint64(d[0]) << (8 * (k - 4))
				}
				d = d[1:]
			}
			if n == 0 {
				n = 0x10000
			}
			if off+n > uint64(len(base)) {
				return nil, errors.New("delta copies from outside its base")
			}
			*copies = append(*copies, deltaCopy{dst: len(dst), src: int(off), n: int(n)})
			dst = append(dst, base[off:off+n]...)
		case op != 0:
			if int(op) > len(d) {
				return nil, errors.New("delta ends inside an insert")
			}
			dst = append(dst, d[:op]...)
			d = d[op:]
		default:
			return nil, errors.New("delta opcode 0")
		}
	}
	if uint64(len(dst)) != dstSize {
		return nil, fmt.Errorf("delta makes %d bytes, not the %d it says", len(dst), dstSize)
	}
	return dst, nil
}

// deltaSize reads one of the two sizes a delta starts with.
func deltaSize(d []byte) (uint64, []byte, error) {
	var v uint64
	for shift := 0; ; shift += 7 {
		if len(d) == 0 || shift > 63 {
			return 0, nil, errors.New("bad delta header")
		}
		c := d[0]
		d = d[1:]
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, d, nil
		}
	}
}
