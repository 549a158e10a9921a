package source

import (
	"bytes"
	"io"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/b24leaks/b24leaks/scanner"
)

// gitEmitter turns objects read by either backend into Items. It reuses
// one reader and one Open function for all messages, so offering an item
// does not allocate.
type gitEmitter struct {
	yield   func(scanner.Item) error
	counts  *gitCounters
	staged  map[scanner.ObjectID][]string // staged scope: the paths each blob is staged at
	msg     bytes.Reader
	openMsg func() (io.Reader, error)
	links   map[plumbing.Hash]commitLink // when set, each commit's tree and parents are recorded (git_attr_trees.go)
}

func newGitEmitter(counts *gitCounters, yield func(scanner.Item) error) *gitEmitter {
	e := &gitEmitter{yield: yield, counts: counts}
	e.openMsg = e.openMessage
	return e
}

func (e *gitEmitter) openMessage() (io.Reader, error) { return &e.msg, nil }

// commit offers the message of the raw commit object content.
func (e *gitEmitter) commit(id scanner.ObjectID, content []byte) error {
	e.counts.commits.Add(1)
	if e.links != nil {
		if l, err := parseCommitLink(content); err == nil {
			e.links[plumbing.Hash(id)] = l
		}
	}
	return e.message(id, scanner.KindCommitMessage, commitMessage(content))
}

// tag offers the message of the raw tag object content.
func (e *gitEmitter) tag(id scanner.ObjectID, content []byte) error {
	e.counts.tags.Add(1)
	return e.message(id, scanner.KindTagMessage, tagMessage(content))
}

func (e *gitEmitter) message(id scanner.ObjectID, kind scanner.Kind, msg []byte) error {
	e.msg.Reset(msg)
	err := e.yield(scanner.Item{
		ID:         id,
		Size:       int64(len(msg)),
		Appearance: scanner.Appearance{Kind: kind},
		Deferred:   true,
		Open:       e.openMsg,
	})
	e.msg.Reset(nil)
	return err
}

// blob offers a blob whose content open returns: once for history, to be
// attributed later, or once per path it is staged at (the scanner reads
// the first and records the others).
func (e *gitEmitter) blob(id scanner.ObjectID, size int64, open func() (io.Reader, error)) error {
	e.counts.blobs.Add(1)
	e.counts.blobBytes.Add(size)
	if e.staged != nil {
		for _, path := range e.staged[id] {
			err := e.yield(scanner.Item{
				ID: id, Size: size, Open: open,
				Appearance: scanner.Appearance{Kind: scanner.KindStaged, Path: path},
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	return e.yield(scanner.Item{
		ID:         id,
		Size:       size,
		Appearance: scanner.Appearance{Kind: scanner.KindHistory},
		Deferred:   true,
		Open:       open,
	})
}

// commitMessage returns what follows the header of a raw commit object.
// Header continuation lines (such as gpgsig) start with a space, so the
// first empty line ends the header.
func commitMessage(content []byte) []byte {
	if bytes.HasPrefix(content, []byte("\n")) {
		return content[1:]
	}
	i := bytes.Index(content, []byte("\n\n"))
	if i < 0 {
		return nil
	}
	return content[i+2:]
}

// signatureStarts are the armour lines git appends to signed tag messages.
var signatureStarts = [][]byte{
	[]byte("-----BEGIN PGP SIGNATURE-----"),
	[]byte("-----BEGIN PGP MESSAGE-----"),
	[]byte("-----BEGIN SSH SIGNATURE-----"),
	[]byte("-----BEGIN SIGNED MESSAGE-----"),
}

// tagMessage returns the message of a raw tag object without its
// signature.
func tagMessage(content []byte) []byte {
	msg := commitMessage(content)
	for start := 0; start < len(msg); {
		line := msg[start:]
		for _, sig := range signatureStarts {
			if bytes.HasPrefix(line, sig) {
				return msg[:start]
			}
		}
		nl := bytes.IndexByte(line, '\n')
		if nl < 0 {
			break
		}
		start += nl + 1
	}
	return msg
}
