package scanner

import (
	"bytes"
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
)

// binarySniff is how many leading bytes are checked for a NUL, as git does.
const binarySniff = 8000

// reader turns the items of one source into chunks for the match workers.
// It runs on the source's Walk goroutine and owns its stats.
type reader struct {
	index    int // among all readers of the scan
	seq      uint64
	source   int
	name     string // the source's name, for errors
	maxSize  int64  // Options.MaxSize
	size     int    // bytes of new content per chunk
	overlap  int    // bytes repeated from the previous chunk
	seen     *seenSet
	jobs     chan<- chunk
	pool     *sync.Pool
	progress *counters
	stats    Stats
}

// counters are shared by every reader for progress reports.
type counters struct{ objects, bytes atomic.Int64 }

func newReader(index, source int, name string, opts Options, shared *scanShared, jobs chan<- chunk) *reader {
	return &reader{
		index: index, source: source, name: name, maxSize: opts.MaxSize, size: chunkSize(opts), overlap: shared.overlap,
		seen: shared.seen, jobs: jobs, pool: shared.pool, progress: &shared.counters,
		stats: Stats{Skipped: map[SkipReason]int{}},
	}
}

// walk offers every item of src to the workers; failures become stats errors.
func (r *reader) walk(ctx context.Context, src Source) {
	err := src.Walk(ctx, func(it Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.count(it)
		switch {
		case it.Skip != "":
			r.stats.Skipped[it.Skip]++
		case r.maxSize > 0 && it.Size > r.maxSize:
			r.stats.Skipped[SkipTooLarge]++
			r.stats.TooLarge = append(r.stats.TooLarge, tooLargeName(it))
		case it.ID.IsZero() || r.seen.offer(r.source, &it):
			r.read(it)
		}
		return ctx.Err()
	})
	if err != nil && ctx.Err() == nil {
		r.stats.Errors = append(r.stats.Errors, ScanError{Source: r.name, Op: "walk", Err: err})
	}
}

func (r *reader) count(it Item) {
	r.progress.objects.Add(1)
	r.stats.History = r.stats.History || it.Deferred
	switch it.Appearance.Kind {
	case KindCommitMessage:
		r.stats.Commits++
	case KindTagMessage:
		r.stats.Tags++
	default:
		r.stats.Blobs++
	}
}

// read streams one item into overlapping chunks. A read error ends the
// item: what was read before it is still matched, and the error is listed.
func (r *reader) read(it Item) {
	rd, err := it.Open()
	if err != nil {
		r.fail(it, err)
		return
	}
	buf := r.pool.Get().(*[]byte)
	n, eof, err := fill(rd, (*buf)[:r.size+r.overlap])
	chars := false
	if err == nil && isUTF16((*buf)[:n]) {
		rd, chars = decodeUTF16((*buf)[:n], rd), true
		n, eof, err = fill(rd, (*buf)[:r.size+r.overlap])
	}
	if n == 0 || !chars && it.Appearance.Kind != KindStdin && isBinary((*buf)[:n]) {
		r.pool.Put(buf)
		r.skipFirst(it, n, err)
		return
	}
	if !it.Appearance.Kind.IsMessage() {
		r.stats.BlobsScanned++
	}
	if bytes.HasPrefix((*buf)[:n], lfsPointer) {
		r.stats.LFSPointers++
	}
	r.seq++
	c := content{key: contentKey{r.index, r.seq}, source: r.source, id: it.ID, appearance: it.Appearance, deferred: it.Deferred, chars: chars}
	next := chunk{content: c, buf: buf, data: (*buf)[:n], line: 1, column: 1, pool: r.pool}
	for {
		cur := next
		if eof || err != nil {
			cur.ownEnd = cur.offset + int64(len(cur.data))
			r.send(cur)
			if err != nil {
				r.fail(it, err)
			}
			return
		}
		next = r.carry(&cur)
		r.send(cur)
		n, eof, err = fill(rd, (*next.buf)[len(next.data):r.size+r.overlap])
		next.data = (*next.buf)[:len(next.data)+n]
	}
}

// lfsPointer starts a Git LFS pointer file, whose content lives on the
// LFS server, not in the repository.
var lfsPointer = []byte("version https://git-lfs.github.com/spec/v1\n")

// tooLargeName names content skipped for its size: its path, or its
// object id while history is not yet attributed.
func tooLargeName(it Item) string {
	if it.Appearance.Path != "" {
		return it.Appearance.Path
	}
	return it.Appearance.Kind.String() + " " + it.ID.String()
}

// fill reads until p is full or the content ends (eof). Only io.EOF ends
// the content; any other error, io.ErrUnexpectedEOF included, is the
// source's and is returned.
func fill(rd io.Reader, p []byte) (n int, eof bool, err error) {
	for n < len(p) {
		m, err := rd.Read(p[n:])
		n += m
		if errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return n, true, nil
		}
		if err != nil {
			return n, false, err
		}
	}
	return n, false, nil
}

// carry sets cur's owned end and starts the next chunk with cur's tail.
func (r *reader) carry(cur *chunk) chunk {
	keep := r.overlap
	cur.ownEnd = cur.offset + int64(len(cur.data)-keep/2)
	buf := r.pool.Get().(*[]byte)
	tail := cur.data[len(cur.data)-keep:]
	copy(*buf, tail)
	first := cur.content.positionIn(cur.data, len(cur.data)-keep, Position{Line: cur.line, Column: cur.column})
	return chunk{
		content: cur.content, buf: buf, data: (*buf)[:keep],
		offset: cur.offset + int64(len(cur.data)-keep), ownStart: cur.ownEnd,
		line: first.Line, column: first.Column, pool: r.pool,
	}
}

func (r *reader) send(c chunk) {
	owned := c.ownEnd - c.ownStart
	r.stats.Bytes += owned
	r.progress.bytes.Add(owned)
	r.jobs <- c
}

// skipFirst counts an item whose first read ends it: failed, binary or empty.
func (r *reader) skipFirst(it Item, n int, err error) {
	switch {
	case err != nil:
		r.fail(it, err)
	case n > 0:
		r.stats.Skipped[SkipBinary]++
	default:
		r.stats.Skipped[SkipEmpty]++
	}
}

// fail records that item could not be read. File sources name their
// paths in err; objects are named by id.
func (r *reader) fail(it Item, err error) {
	e := ScanError{Source: r.name, Op: "read", Object: it.ID, Kind: it.Appearance.Kind, Path: it.Appearance.Path, Err: err}
	r.stats.Errors = append(r.stats.Errors, e)
}

// isBinary reports whether content is a binary format worth no scan:
// it has a NUL in its first binarySniff bytes and starts like an image,
// audio, video, font or compressed archive, whose bytes hold no readable
// text. Other content with NULs (executables, databases, text with a
// stray NUL) is scanned: skipping it would hide what is readable in it.
func isBinary(data []byte) bool {
	if bytes.IndexByte(data[:min(len(data), binarySniff)], 0) < 0 {
		return false
	}
	for _, magic := range binaryMagic {
		if bytes.HasPrefix(data, magic) {
			return true
		}
	}
	return false
}

// binaryMagic are the leading bytes of formats whose content is
// compressed or media.
var binaryMagic = [][]byte{
	[]byte("\x89PNG\r\n\x1a\n"), []byte("\xff\xd8\xff"), []byte("GIF87a"), []byte("GIF89a"),
	[]byte("PK\x03\x04"), []byte("\x1f\x8b"), []byte("7z\xbc\xaf\x27\x1c"), []byte("\xfd7zXZ\x00"),
	[]byte("BZh"), []byte("\x28\xb5\x2f\xfd"), []byte("RIFF"), []byte("OggS"), []byte("fLaC"),
	[]byte("ID3"), []byte("wOFF"), []byte("wOF2"), []byte("\x00\x00\x01\x00"), []byte("BM"),
	[]byte("II*\x00"), []byte("MM\x00*"), []byte("%PDF"), []byte("\x00\x01\x00\x00\x00"),
	[]byte("Rar!\x1a\x07"), []byte("\x1aE\xdf\xa3"), []byte("\x00\x00\x00\x18ftyp"), []byte("\x00\x00\x00\x20ftyp"), []byte("\x00\x00\x00\x1cftyp"),
}
