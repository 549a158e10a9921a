package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
)

// The tree index attributes the wanted blobs of a whole-history scan
// without diffing every commit. `git log --raw` reads the root tree of
// every commit and diffs it against its parents' (on git/git: 85,000 root
// trees of 15 KB, as long as the whole scan). Instead, every tree is read
// once, by two cat-file processes, and only its subtree edges and the
// wanted blobs in it are kept; the trees that hold a wanted blob, at any
// depth, are found by walking those edges up from the blobs, and only the
// commits whose root is such a tree are compared with their parents. The
// answer is the log's: a commit introduces a blob at a path when no
// parent has that blob there with that mode (git log -c --raw --root
// --no-renames).

// listedIDs are the trees and commits the object listing saw.
type listedIDs struct {
	trees, commits []plumbing.Hash
}

// treeIndex is what the tree pass keeps.
type treeIndex struct {
	want    map[plumbing.Hash]bool
	wantBit *idPrefixes                  // first two bytes of the wanted ids: the cheap test before want
	shards  []*treeShard                 // one per cat-file process
	hits    map[plumbing.Hash][]held     // wanted blobs right inside a tree, by name
	commits map[plumbing.Hash]commitLink // every commit read
	held    *holders                     // set once every tree is read
}

// treeShard is what one cat-file process's objects gave.
type treeShard struct {
	x       *treeIndex
	trees   []plumbing.Hash // in the order read: treeEdge.parent indexes it
	edges   [][]treeEdge    // in chunks of edgeChunk: never copied as they grow
	names   []string        // treeEdge.name indexes it
	nameIDs map[string]uint32
	hits    map[plumbing.Hash][]held
	commits map[plumbing.Hash]commitLink
	broken  int // trees and commits that could not be read
}

// edgeChunk is how many edges a chunk holds.
const edgeChunk = 1 << 16

// treeEdge is a subtree entry: child sits in the shard's tree parent
// under the shard's name name.
type treeEdge struct {
	child        plumbing.Hash
	parent, name uint32
}

// held is a wanted blob at a path with a mode: git log reports a mode
// change as a change, so the mode is part of what a parent must match.
type held struct {
	path, mode string
	blob       plumbing.Hash
}

// commitLink is what a commit points to.
type commitLink struct {
	tree    plumbing.Hash
	parents []plumbing.Hash
}

func newTreeIndex(want map[plumbing.Hash]bool) *treeIndex {
	return &treeIndex{want: want, wantBit: prefixBits(want), hits: map[plumbing.Hash][]held{},
		commits: map[plumbing.Hash]commitLink{}}
}

// pathBlobs returns the wanted blobs under tree h with their paths.
func (x *treeIndex) pathBlobs(h plumbing.Hash) []pathBlob {
	var out []pathBlob
	for _, q := range x.held.under(h) {
		out = append(out, pathBlob{path: q.path, blob: q.blob})
	}
	return out
}

// runTreeIndex attributes with the tree index; see above. The index also
// answers what the ref tips and HEAD hold (wantedUnder), which go-git
// would otherwise decode tree by tree.
func (a *attributor) runTreeIndex(ctx context.Context, g *GitHistory) error {
	x := newTreeIndex(a.want)
	read := g.readTrees
	if g.backend != BackendGit || g.listed == nil {
		read = g.readTreesGoGit
	}
	// The ref tips are peeled while the trees are read: go-git reads
	// tags one at a time, and the pack reader's only use of go-git, a
	// delta base from another pack, waits for it (g.storer).
	var tips []plumbing.Hash
	var tipsErr error
	peeled := make(chan struct{})
	go func() {
		defer close(peeled)
		g.storer.Lock()
		defer g.storer.Unlock()
		tips, tipsErr = a.refTips()
	}()
	err := read(ctx, x, treeReaders)
	<-peeled
	if err != nil {
		return err
	}
	if tipsErr != nil {
		return tipsErr
	}
	if n := x.broken(); n > 0 {
		// Without them some appearances cannot be found, and a finding
		// with none would pass for unreachable: fail, so the scan keeps
		// the findings unplaced and says why.
		return fmt.Errorf("%d trees or commits could not be read", n)
	}
	x.held = x.holders()
	a.index = x
	if err := a.loadHeadAndTips(); err != nil {
		return err
	}
	found, commits := x.introductions(tips)
	for _, h := range commits {
		ins := found[h]
		if a.limit != nil {
			ins = slices.DeleteFunc(ins, func(in introduction) bool { return !a.limit(in.path) })
		}
		if err := a.logCommit(h, ins); err != nil {
			return fmt.Errorf("commit %s: %w", h, err)
		}
	}
	return nil
}

// treeReaders is how many cat-file processes read the trees: one per core
// of the machines this is built for; git inflates while Go parses.
const treeReaders = 2

// treeBlock is how many ids go to one reader before the next: whole
// blocks keep most delta chains (adjacent in pack order) in one process.
var treeBlock = 4096

// readTrees reads every listed tree, and the commits the scan did not
// link (catFilePart records them as it offers their messages), dealt in
// blocks to n cat-file processes, each parsed by its own goroutine into
// its shard.
func (g *GitHistory) readTrees(ctx context.Context, x *treeIndex, n int) error {
	for _, p := range g.catParts {
		x.addLinks(p.links)
	}
	ids := slices.Clone(g.listed.trees)
	for _, c := range g.listed.commits {
		if _, ok := x.commits[c]; !ok { // not read by the scan (one before it had seen it)
			ids = append(ids, c)
		}
	}
	parts := make([][]plumbing.Hash, n)
	for i := 0; i < len(ids); i += treeBlock {
		k := (i / treeBlock) % n
		parts[k] = append(parts[k], ids[i:min(i+treeBlock, len(ids))]...)
	}
	return x.readShards(n, func(k int, s *treeShard) error { return g.readShard(ctx, s, parts[k]) })
}

// readShards runs read for shards 0..n-1, each in its own goroutine
// into its own shard, and then gathers the shards' hits and commits.
func (x *treeIndex) readShards(n int, read func(k int, s *treeShard) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for k := range n {
		s := newTreeShard(x)
		x.shards = append(x.shards, s)
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[k] = read(k, s)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	x.mergeShards()
	return nil
}

func newTreeShard(x *treeIndex) *treeShard {
	return &treeShard{x: x, nameIDs: map[string]uint32{}, hits: map[plumbing.Hash][]held{},
		commits: map[plumbing.Hash]commitLink{}}
}

func (x *treeIndex) broken() int {
	n := 0
	for _, s := range x.shards {
		n += s.broken
	}
	return n
}

// mergeShards gathers the shards' hits and commits into x.
func (x *treeIndex) mergeShards() {
	for _, s := range x.shards {
		for h, q := range s.hits {
			x.hits[h] = q
		}
		for h, l := range s.commits {
			x.commits[h] = l
		}
	}
}

// readShard streams ids through one `git cat-file --batch` into s.
func (g *GitHistory) readShard(ctx context.Context, s *treeShard, ids []plumbing.Hash) error {
	if len(ids) == 0 {
		return nil
	}
	stdin, err := writeHashes(ids)
	if err != nil {
		return err
	}
	defer stdin.Close()
	p, err := g.startGit(ctx, stdin, "cat-file", "--batch", "--buffer")
	if err != nil {
		return err
	}
	defer p.stop()
	r := bufio.NewReaderSize(p.stdout, 1<<20)
	var big []byte
	for range ids {
		line, err := r.ReadSlice('\n')
		if err != nil {
			return fmt.Errorf("read trees: %w", p.failed(err))
		}
		e, err := parseCatHeader(line)
		if err != nil {
			s.broken++ // missing or corrupt
			continue
		}
		body, inBuf, err := nextBody(r, int(e.size), &big)
		if err != nil {
			return fmt.Errorf("read trees: %w", p.failed(err))
		}
		if e.typ == objTree || e.typ == objCommit {
			err = s.addContent(plumbing.Hash(e.id), e.typ == objTree, body)
		}
		if err != nil {
			return fmt.Errorf("object %s: %w", e.id, err)
		}
		if inBuf {
			_, _ = r.Discard(len(body) + 1) // peeked: cannot fail
		}
	}
	return p.wait()
}

// nextBody returns the next n bytes of r, an object's content: in r's
// buffer when they fit with the newline after them (inBuf: the caller
// discards n+1 bytes), else read, newline included, into *big.
func nextBody(r *bufio.Reader, n int, big *[]byte) (body []byte, inBuf bool, err error) {
	if n+1 <= r.Size() {
		b, err := r.Peek(n + 1)
		return b[:min(len(b), n)], true, err
	}
	if cap(*big) < n+1 {
		*big = make([]byte, n+1)
	}
	b := (*big)[:n+1]
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, false, err
	}
	return b[:n], false, nil
}

// addTree records tree h's subtree edges and the wanted blobs in it.
func (s *treeShard) addTree(h plumbing.Hash, t []byte) error {
	parent := uint32(len(s.trees))
	s.trees = append(s.trees, h)
	for len(t) > 0 {
		n, _, err := s.addEntry(h, parent, t, true)
		if err != nil {
			return err
		}
		t = t[n:]
	}
	return nil
}

// Entry tags say what an entry of a tree is to the index.
const (
	tagPlain  = 0
	tagWanted = 1 << 30
	tagSub    = 1 << 31 // or'ed with the name's id
)

// addEntry parses the entry at the start of t, in tree h (the shard's
// tree parent), records it when rec is set, and returns its length and
// tag. An entry is "<mode> <name>\0<20-byte id>"; a tree's mode is 40000,
// every other mode has six digits.
func (s *treeShard) addEntry(h plumbing.Hash, parent uint32, t []byte, rec bool) (int, uint32, error) {
	m := 7
	if t[0] == '4' {
		m = 6
	}
	if len(t) < m || t[m-1] != ' ' {
		return 0, 0, errors.New("bad tree entry")
	}
	nul := bytes.IndexByte(t[m:], 0) + m
	if nul < m || len(t) < nul+21 {
		return 0, 0, errors.New("bad tree entry")
	}
	id := plumbing.Hash(t[nul+1 : nul+21])
	tag := uint32(tagPlain)
	switch {
	case m == 6:
		name := s.intern(t[m:nul])
		if rec {
			s.addEdge(treeEdge{child: id, parent: parent, name: name})
		}
		tag = tagSub | name
	case t[0] == '1' && t[1] == '6': // 160000: a submodule's commit
	case s.x.maybeWanted(id) && s.x.want[id]:
		if rec {
			s.hits[h] = append(s.hits[h], held{path: string(t[m:nul]), mode: string(t[:m-1]), blob: id})
		}
		tag = tagWanted
	}
	return nul + 21, tag, nil
}

func (s *treeShard) addEdge(e treeEdge) {
	if n := len(s.edges); n == 0 || len(s.edges[n-1]) == edgeChunk {
		s.edges = append(s.edges, make([]treeEdge, 0, edgeChunk))
	}
	last := &s.edges[len(s.edges)-1]
	*last = append(*last, e)
}

func (x *treeIndex) maybeWanted(h plumbing.Hash) bool { return x.wantBit.has(h) }

func (s *treeShard) intern(b []byte) uint32 {
	if i, ok := s.nameIDs[string(b)]; ok {
		return i
	}
	i := uint32(len(s.names))
	s.names = append(s.names, string(b))
	s.nameIDs[s.names[i]] = i
	return i
}

// addLinks records commits' trees and parents that a scan read.
func (x *treeIndex) addLinks(links map[plumbing.Hash]commitLink) {
	for h, l := range links {
		x.commits[h] = l
	}
}

// addContent records the raw content of tree or commit h.
func (s *treeShard) addContent(h plumbing.Hash, tree bool, b []byte) error {
	if tree {
		return s.addTree(h, b)
	}
	return s.addCommit(h, b)
}

// addCommit records commit h's tree and parents.
func (s *treeShard) addCommit(h plumbing.Hash, c []byte) error {
	l, err := parseCommitLink(c)
	if err != nil {
		return err
	}
	s.commits[h] = l
	return nil
}

// parseCommitLink reads the tree and parents of a raw commit object.
func parseCommitLink(c []byte) (commitLink, error) {
	var l commitLink
	for len(c) > 0 {
		nl := bytes.IndexByte(c, '\n')
		if nl <= 0 {
			break // the blank line before the message
		}
		line := c[:nl]
		c = c[nl+1:]
		var dst *plumbing.Hash
		switch {
		case bytes.HasPrefix(line, []byte("tree ")):
			dst = &l.tree
		case bytes.HasPrefix(line, []byte("parent ")):
			l.parents = append(l.parents, plumbing.ZeroHash)
			dst = &l.parents[len(l.parents)-1]
		default:
			continue
		}
		id, ok := parseHex(line[bytes.IndexByte(line, ' ')+1:])
		if !ok {
			return l, fmt.Errorf("bad commit header %q", line)
		}
		*dst = id
	}
	return l, nil
}

func parseHex(b []byte) (plumbing.Hash, bool) {
	var h plumbing.Hash
	_, err := hex.Decode(h[:], b)
	return h, err == nil && len(b) == 40
}
