package source

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/b24leaks/b24leaks/scanner"
)

// catEntry is an object listed by `git cat-file --batch-check`.
type catEntry struct {
	id   scanner.ObjectID
	typ  objType
	size int64 // on disk when listed, inflated when read
}

type objType uint8

const (
	objOther objType = iota
	objBlob
	objCommit
	objTag
	objTree
)

func parseObjType(b []byte) objType {
	switch string(b) {
	case "blob":
		return objBlob
	case "commit":
		return objCommit
	case "tag":
		return objTag
	case "tree":
		return objTree
	}
	return objOther
}

// catObjectCost is the cost of reading one object from cat-file in bytes
// of pack data: git spends about as long locating and inflating a small
// object (and we handing it on) as inflating this many packed bytes.
const catObjectCost = 300

// catFileParts lists the objects once and deals the non-tree ones, in
// pack order, to n parts in blocks of about equal cost: block k goes to
// part k mod n. Interleaving keeps each part's mix of commits and blobs
// (which cost git very different amounts per byte) like the whole's, and
// blocks keep most delta chains inside one process.
func (g *GitHistory) catFileParts(ctx context.Context, n int) ([]scanner.Source, error) {
	entries, bad, err := g.listObjects(ctx)
	if err != nil && ctx.Err() == nil {
		// git refuses a whole pack it cannot verify (a truncated one);
		// go-git reads every object of it that is still whole.
		g.gitFailed, g.backend = err, BackendGoGit
		return g.goGitParts(ctx, n)
	}
	if err != nil {
		return nil, err
	}
	parts := g.dealCatFile(entries, n, nil)
	for _, p := range parts {
		p := p.(*catFilePart)
		p.links = map[plumbing.Hash]commitLink{}
		g.catParts = append(g.catParts, p)
	}
	if len(bad) > 0 {
		parts = append(parts, bad)
	}
	return parts, nil
}

// dealCatFile deals entries to n cat-file parts in interleaved blocks of
// about equal cost; staged, when set, names the staged paths of blobs.
func (g *GitHistory) dealCatFile(entries []catEntry, n int, staged map[scanner.ObjectID][]string) []scanner.Source {
	var total int64
	for _, e := range entries {
		total += e.size + catObjectCost
	}
	block := max(total/int64(n*catBlocksPerPart), 1)
	parts := make([]*catFilePart, n)
	for i := range parts {
		parts[i] = &catFilePart{g: g, staged: staged}
	}
	k, acc := 0, int64(0)
	for _, e := range entries {
		p := parts[k%n]
		p.entries = append(p.entries, e)
		if acc += e.size + catObjectCost; acc >= block {
			k, acc = k+1, 0
		}
	}
	out := make([]scanner.Source, 0, n)
	for _, p := range parts {
		if len(p.entries) > 0 || len(out) == 0 {
			out = append(out, p)
		}
	}
	return out
}

// catBlocksPerPart is how many interleaved blocks each part gets.
const catBlocksPerPart = 16

// listObjects returns every object but trees, in the order the packs
// store them, with their size on disk (which, unlike the inflated size,
// git can tell without inflating deltas: twice as fast), and counts the
// trees.
//
// An object git cannot even size (a corrupt loose object) is not given to
// cat-file: it comes back in bad, to be offered as unreadable, and the
// listing goes on.
func (g *GitHistory) listObjects(ctx context.Context) ([]catEntry, skippedItems, error) {
	p, err := g.startGit(ctx, nil, "cat-file", "--batch-all-objects", "--unordered",
		"--batch-check=%(objectname) %(objecttype) %(objectsize:disk)")
	if err != nil {
		return nil, nil, err
	}
	defer p.stop()
	r := bufio.NewReaderSize(p.stdout, 256<<10)
	var entries []catEntry
	var bad skippedItems
	var trees int64
	listed := &listedIDs{}
	for {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, io.EOF) && len(line) == 0 {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("list objects of %s: %w", g.gitDir, p.failed(err))
		}
		e, err := parseCatHeader(line)
		if err != nil && len(line) > 41 && strings.HasSuffix(strings.TrimSpace(string(line)), " missing") {
			bad = append(bad, failedItem(e, fmt.Errorf("git cannot read it: the object is corrupt")))
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("list objects of %s: %w", g.gitDir, p.failed(err))
		}
		switch e.typ {
		case objTree:
			trees++
			listed.trees = append(listed.trees, plumbing.Hash(e.id))
			continue
		case objCommit:
			listed.commits = append(listed.commits, plumbing.Hash(e.id))
		}
		entries = append(entries, e)
	}
	if err := p.wait(); err != nil && len(bad) == 0 {
		return nil, nil, fmt.Errorf("list objects: %w", err)
	}
	g.counts.trees.Add(trees)
	if len(bad) == 0 {
		g.listed = listed
	}
	return entries, bad, nil
}

// parseCatHeader parses "<oid> <type> <size>\n".
func parseCatHeader(line []byte) (catEntry, error) {
	var e catEntry
	if len(line) < 42 || line[40] != ' ' {
		return e, fmt.Errorf("bad object header %q", line)
	}
	if _, err := hex.Decode(e.id[:], line[:40]); err != nil {
		return e, fmt.Errorf("bad object header %q", line)
	}
	rest := line[41 : len(line)-1]
	sp := -1
	for i, c := range rest {
		if c == ' ' {
			sp = i
			break
		}
	}
	if sp < 0 {
		if string(rest) == "missing" {
			return e, fmt.Errorf("object %s is missing or corrupt", e.id)
		}
		return e, fmt.Errorf("object %s: %s", e.id, rest)
	}
	e.typ = parseObjType(rest[:sp])
	for _, c := range rest[sp+1:] {
		if c < '0' || c > '9' || e.size > 1<<50 {
			return e, fmt.Errorf("bad object header %q", line)
		}
		e.size = e.size*10 + int64(c-'0')
	}
	return e, nil
}

// catFilePart streams a run of listed objects through `git cat-file
// --batch`, fed the ids from a temporary file.
type catFilePart struct {
	g       *GitHistory
	entries []catEntry
	staged  map[scanner.ObjectID][]string // staged scope: paths of each blob
	links   map[plumbing.Hash]commitLink  // commits offered: their trees and parents, for the tree index
}

// Walk implements scanner.Source. An object git cannot read costs that
// object only: it is offered as an item whose Open fails (named once),
// and a new cat-file goes on with the objects after it.
func (c *catFilePart) Walk(ctx context.Context, yield func(scanner.Item) error) error {
	failedAtOnce := 0
	for from := 0; from < len(c.entries); {
		k, emitted, err := c.stream(ctx, yield, from)
		if err == nil || errors.Is(err, errYield) || ctx.Err() != nil {
			if errors.Is(err, errYield) {
				return errors.Unwrap(err)
			}
			return err
		}
		if k == from {
			if failedAtOnce++; failedAtOnce > 3 {
				return err // git fails at once every time: not one bad object
			}
		} else {
			failedAtOnce = 0
		}
		if !emitted {
			e := c.entries[k]
			if yerr := yield(failedItem(e, err)); yerr != nil {
				return yerr
			}
		}
		from = k + 1
	}
	return nil
}

// failedItem offers an object git could not read, so the scan names it.
func failedItem(e catEntry, err error) scanner.Item {
	kind := scanner.KindHistory
	switch e.typ {
	case objCommit:
		kind = scanner.KindCommitMessage
	case objTag:
		kind = scanner.KindTagMessage
	case objTree, objOther:
		kind = scanner.KindObject
	}
	return scanner.Item{ID: e.id, Size: -1, Deferred: true, Appearance: scanner.Appearance{Kind: kind},
		Open: func() (io.Reader, error) { return nil, err }}
}

// stream reads entries[from:] through one cat-file. It returns the index
// of the entry it failed at, whether that entry was already offered (its
// reader then saw the error), and the error; errYield wraps yield's.
func (c *catFilePart) stream(ctx context.Context, yield func(scanner.Item) error, from int) (int, bool, error) {
	in, err := writeIDs(c.entries[from:])
	if err != nil {
		return from, false, fmt.Errorf("read objects of %s: %w", c.g.gitDir, err)
	}
	p, err := c.g.startGit(ctx, in, "cat-file", "--batch", "--buffer")
	in.Close()
	if err != nil {
		return from, false, err
	}
	defer p.stop()
	emit := newGitEmitter(c.g.counts, yield)
	emit.staged = c.staged
	emit.links = c.links
	s := newCatStream(p.stdout, emit)
	for i := from; i < len(c.entries); i++ {
		if err := ctx.Err(); err != nil {
			return i, false, err
		}
		if err := s.next(&c.entries[i]); err != nil {
			if s.yieldErr {
				return i, true, yieldError{err}
			}
			if ctx.Err() != nil {
				return i, false, ctx.Err()
			}
			return i, s.emitted, p.failed(err)
		}
	}
	if err := p.wait(); err != nil {
		return len(c.entries), false, fmt.Errorf("read objects: %w", err)
	}
	return len(c.entries), false, nil
}

// writeHashes writes commit ids one a line to an unlinked temporary file,
// positioned at its start.
func writeHashes(hs []plumbing.Hash) (*os.File, error) {
	entries := make([]catEntry, len(hs))
	for i, h := range hs {
		entries[i].id = scanner.ObjectID(h)
	}
	return writeIDs(entries)
}

// writeIDs writes the ids one a line to an unlinked temporary file,
// positioned at its start.
func writeIDs(entries []catEntry) (*os.File, error) {
	f, err := os.CreateTemp("", "b24leaks-ids-*")
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name())
	w := bufio.NewWriterSize(f, 64<<10)
	var line [41]byte
	line[40] = '\n'
	for i := range entries {
		hex.Encode(line[:40], entries[i].id[:])
		w.Write(line[:])
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Estimate implements scanner.Estimator: the part's objects. Their
// inflated size is not known in advance.
func (c *catFilePart) Estimate() (objects, bytes int64) {
	return int64(len(c.entries)), 0
}
