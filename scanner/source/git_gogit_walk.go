package source

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/objfile"

	"github.com/b24leaks/b24leaks/scanner"
)

// maxDeltaDepth bounds the delta chains a walk follows.
const maxDeltaDepth = 10000

// goGitWalker holds the state of one walk; nothing in it is shared.
type goGitWalker struct {
	emit     *gitEmitter
	counts   *gitCounters
	buf      []byte
	cur      func() (io.ReadCloser, error) // opens the blob being offered
	rc       io.ReadCloser                 // the reader handed out, closed after yield
	src      errReader
	openBlob func() (io.Reader, error)
	emitted  bool // the current object was offered: a read error reached its reader
}

// walkLoose offers the loose objects; one that cannot be read is offered
// as failed, and the walk goes on.
func walkLoose(ctx context.Context, g *GitHistory, loose []goGitLoose, yield func(scanner.Item) error) error {
	w := &goGitWalker{emit: newGitEmitter(g.counts, yield), counts: g.counts}
	w.openBlob = w.openCurrent
	for _, l := range loose {
		if err := ctx.Err(); err != nil {
			return err
		}
		w.emitted = false
		err := w.walkLoose(l)
		var yerr yieldError
		switch {
		case errors.As(err, &yerr):
			return yerr.err
		case err == nil || w.emitted:
		default: // one bad loose object: name it (the item names its id) and go on
			if inner := errors.Unwrap(err); inner != nil {
				err = fmt.Errorf("loose object: %w", inner)
			}
			if err := w.emit.yield(failedItem(catEntry{id: scanner.ObjectID(l.hash), typ: objBlob}, err)); err != nil {
				return err
			}
		}
	}
	return nil
}

// objTypeOf maps go-git's object type to the lister's.
func objTypeOf(t plumbing.ObjectType) objType {
	switch t {
	case plumbing.CommitObject:
		return objCommit
	case plumbing.TagObject:
		return objTag
	case plumbing.TreeObject:
		return objTree
	case plumbing.BlobObject:
		return objBlob
	}
	return objOther // its header could not be read
}

// errYield marks errors returned by yield, which are passed on unwrapped.
var errYield = errors.New("yield")

type yieldError struct{ err error }

func (e yieldError) Error() string        { return e.err.Error() }
func (e yieldError) Unwrap() error        { return e.err }
func (e yieldError) Is(target error) bool { return target == errYield }

func (w *goGitWalker) walkLoose(l goGitLoose) error {
	err := w.readLoose(l)
	if errors.Is(err, errYield) {
		return err
	}
	if err != nil {
		return fmt.Errorf("read loose object %s: %w", l.hash, err)
	}
	return nil
}

func (w *goGitWalker) readLoose(l goGitLoose) error {
	f, err := l.dir.Object(l.hash)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := objfile.NewReader(f)
	if err != nil {
		return err
	}
	defer r.Close()
	t, size, err := r.Header()
	if err != nil {
		return err
	}
	if t == plumbing.TreeObject {
		w.counts.trees.Add(1)
		return nil
	}
	open := func() (io.ReadCloser, error) {
		return io.NopCloser(&exactReader{r: r, n: size}), nil
	}
	return w.object(scanner.ObjectID(l.hash), t, size, open)
}

// object offers a blob, commit or tag whose content open returns.
func (w *goGitWalker) object(id scanner.ObjectID, t plumbing.ObjectType, size int64, open func() (io.ReadCloser, error)) error {
	if t == plumbing.BlobObject {
		return w.blob(id, size, open)
	}
	if t != plumbing.CommitObject && t != plumbing.TagObject {
		return nil
	}
	rc, err := open()
	if err != nil {
		return err
	}
	w.buf, err = readAllInto(w.buf[:0], rc)
	rc.Close()
	if err != nil {
		return err
	}
	if t == plumbing.CommitObject {
		err = w.emit.commit(id, w.buf)
	} else {
		err = w.emit.tag(id, w.buf)
	}
	if err != nil {
		return yieldError{err}
	}
	return nil
}

func (w *goGitWalker) blob(id scanner.ObjectID, size int64, open func() (io.ReadCloser, error)) error {
	w.cur, w.rc, w.src.err = open, nil, nil
	w.emitted = true
	err := w.emit.blob(id, size, w.openBlob)
	if w.rc != nil {
		w.rc.Close()
	}
	w.cur, w.rc, w.src.r = nil, nil, nil
	if err != nil {
		return yieldError{err}
	}
	return w.src.err
}

// openCurrent opens the blob being offered.
func (w *goGitWalker) openCurrent() (io.Reader, error) {
	if w.cur == nil || w.rc != nil {
		return nil, errors.New("content opened twice or after its item")
	}
	rc, err := w.cur()
	if err != nil {
		w.src.err = err
		return nil, err
	}
	w.rc, w.src.r = rc, rc
	return &w.src, nil
}

// errReader remembers the first read error other than EOF, so that a
// corrupt object fails the walk even when the consumer ignores the error.
type errReader struct {
	r   io.Reader
	err error
}

func (e *errReader) Read(p []byte) (int, error) {
	if e.r == nil {
		return 0, io.EOF
	}
	n, err := e.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) && e.err == nil {
		e.err = err
	}
	return n, err
}

// exactReader reads an object's content of known size n and fails when
// the stream holds fewer or more bytes.
type exactReader struct {
	r io.Reader
	n int64
}

func (x *exactReader) Read(p []byte) (int, error) {
	if x.n <= 0 {
		var one [1]byte
		if n, _ := io.ReadFull(x.r, one[:]); n > 0 {
			return 0, errors.New("object content longer than its size")
		}
		return 0, io.EOF
	}
	if int64(len(p)) > x.n {
		p = p[:x.n]
	}
	n, err := x.r.Read(p)
	x.n -= int64(n)
	if errors.Is(err, io.EOF) {
		if x.n > 0 {
			return n, io.ErrUnexpectedEOF
		}
		err = nil
	}
	return n, err
}

// readAllInto reads r to its end, appending to buf.
func readAllInto(buf []byte, r io.Reader) ([]byte, error) {
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}
