package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"
)

// fileSnapshot reads a regular file as it was when opened: at most its
// size then (a file that keeps growing cannot make the scan endless), and
// it ends with an error, after everything it read, when the file shrank,
// grew or was rewritten meanwhile: the scan then covered a state of the
// file that may no longer exist, and says so.
type fileSnapshot struct {
	f    *os.File
	name string
	size int64 // when opened
	mod  time.Time
	left int64
}

// errChanged marks a file that changed while it was being read.
var errChanged = errors.New("changed while being read")

// openSnapshot opens name without blocking (a path swapped for a FIFO
// after the walk saw a regular file must not hang the scan) and refuses
// anything but a regular file.
func openSnapshot(name string) (*fileSnapshot, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|openNonBlocking, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = &fs.PathError{Op: "open", Path: name, Err: errNotRegular}
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return &fileSnapshot{f: f, name: name, size: fi.Size(), mod: fi.ModTime(), left: fi.Size()}, nil
}

func (s *fileSnapshot) Read(p []byte) (int, error) {
	if s.left <= 0 {
		return 0, s.end()
	}
	if int64(len(p)) > s.left {
		p = p[:s.left]
	}
	n, err := s.f.Read(p)
	s.left -= int64(n)
	if errors.Is(err, io.EOF) {
		return n, s.changed(fmt.Sprintf("%d of its %d bytes were left; scanned as read, scan again", s.size-s.left, s.size))
	}
	return n, err
}

// end is the error at the snapshot's end: io.EOF, unless the file's size
// or modification time differs from when it was opened.
func (s *fileSnapshot) end() error {
	fi, err := s.f.Stat()
	if err != nil {
		return &fs.PathError{Op: "stat", Path: s.name, Err: err}
	}
	if fi.Size() != s.size || !fi.ModTime().Equal(s.mod) {
		return s.changed(fmt.Sprintf("%d bytes when opened, %d now; scanned as it was, scan again", s.size, fi.Size()))
	}
	return io.EOF
}

func (s *fileSnapshot) changed(detail string) error {
	return &fs.PathError{Op: "read", Path: s.name, Err: fmt.Errorf("%w (%s)", errChanged, detail)}
}

func (s *fileSnapshot) Close() error { return s.f.Close() }
