package source

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// catStreamBuffer is the read buffer over cat-file's output. Small enough
// that most blob bytes are read straight into the scanner's chunk buffers
// (bufio skips its buffer for reads larger than it) instead of being
// copied out of it: on git/git 64 KiB beat 256 KiB and 1 MiB by 3-7%.
const catStreamBuffer = 64 << 10

// catStream parses `git cat-file --batch` output: for each object
// "<oid> <type> <size>\n<content>\n". Blob content is streamed to the
// consumer and whatever it leaves unread is skipped.
type catStream struct {
	r        *bufio.Reader
	emit     *gitEmitter
	blob     limitedReader
	openBlob func() (io.Reader, error)
	buf      []byte // commit and tag content
	yieldErr bool   // the last error came from yield
	emitted  bool   // the current object was offered (a read error then reached its reader)
}

func newCatStream(r io.Reader, emit *gitEmitter) *catStream {
	s := &catStream{r: bufio.NewReaderSize(r, catStreamBuffer), emit: emit}
	s.blob.r = s.r
	s.openBlob = s.open
	return s
}

func (s *catStream) open() (io.Reader, error) { return &s.blob, nil }

// next reads the object want from the stream and offers it.
func (s *catStream) next(want *catEntry) error {
	s.emitted = false
	line, err := s.r.ReadSlice('\n')
	if err != nil {
		return err
	}
	got, err := parseCatHeader(line)
	if err != nil {
		return err
	}
	if got.id != want.id {
		return fmt.Errorf("cat-file returned %s", got.id)
	}
	switch got.typ {
	case objBlob:
		err = s.nextBlob(got)
	case objCommit, objTag:
		err = s.nextMessage(got)
	default:
		_, err = s.r.Discard(int(got.size))
	}
	if err != nil || s.yieldErr {
		return err
	}
	return s.endOfObject()
}

func (s *catStream) nextBlob(e catEntry) error {
	s.blob.n = e.size
	s.emitted = true
	err := s.emit.blob(e.id, e.size, s.openBlob)
	left := s.blob.n
	s.blob.n = 0
	if err != nil {
		s.yieldErr = true
		return err
	}
	if s.blob.err != nil {
		return s.blob.err
	}
	_, err = s.r.Discard(int(left))
	return err
}

func (s *catStream) nextMessage(e catEntry) error {
	if int64(cap(s.buf)) < e.size {
		s.buf = make([]byte, e.size)
	}
	content := s.buf[:e.size]
	if _, err := io.ReadFull(s.r, content); err != nil {
		return err
	}
	var err error
	if e.typ == objCommit {
		err = s.emit.commit(e.id, content)
	} else {
		err = s.emit.tag(e.id, content)
	}
	if err != nil {
		s.yieldErr = true
	}
	return err
}

func (s *catStream) endOfObject() error {
	c, err := s.r.ReadByte()
	if err != nil {
		return err
	}
	if c != '\n' {
		return errors.New("object content longer than its size")
	}
	return nil
}

// limitedReader reads at most n bytes of the current object from r.
// Unlike io.LimitedReader, a stream ending early is an error.
type limitedReader struct {
	r   *bufio.Reader
	n   int64
	err error // sticky read error
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if l.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		l.err = err
	}
	return n, err
}

// WriteTo hands out the buffered bytes directly, saving a copy.
func (l *limitedReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for l.n > 0 && l.err == nil {
		b, err := l.r.Peek(int(min(l.n, int64(l.r.Size()))))
		if len(b) == 0 && err != nil {
			if errors.Is(err, io.EOF) {
				err = io.ErrUnexpectedEOF
			}
			l.err = err
			break
		}
		n, werr := w.Write(b)
		l.r.Discard(n)
		l.n -= int64(n)
		total += int64(n)
		if werr != nil {
			return total, werr
		}
	}
	return total, l.err
}
