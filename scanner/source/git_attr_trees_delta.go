package source

import (
	"fmt"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
)

// A tree built from a delta is mostly its base: git's deltas copy runs
// of the base's entries and insert the few that changed. The pack reader
// hands the tree pass each delta's copies, so a tree's entries that a copy
// brings whole are taken from the base's parse (their starts and tags)
// instead of being parsed again; only inserted bytes and entries cut by a
// copy's edge are parsed. The result is a full parse's: an entry's parse
// depends on its bytes only, and a copied entry is used only where the
// parse in order reaches its start.

// treeParse is where each entry of a tree starts, and the tags of those
// whose tag is not tagPlain; starts ends with the tree's length.
type treeParse struct {
	starts []uint32
	marks  []treeMark // in order of idx
}

// treeMark is the tag of entry idx.
type treeMark struct {
	idx int
	tag uint32
}

func (p *treeParse) add(start int, tag uint32) {
	if tag != tagPlain {
		p.marks = append(p.marks, treeMark{idx: len(p.starts), tag: tag})
	}
	p.starts = append(p.starts, uint32(start))
}

// maxParsedTree is the largest tree whose parse a delta on it can use.
const maxParsedTree = 1<<32 - 1

// parseTree records tree h (the shard's tree parent; with rec unset only
// parsed) into out. With base set, t was built from the tree base parses
// by copies.
func (s *treeShard) parseTree(h plumbing.Hash, parent uint32, t []byte, base *treeParse, copies []deltaCopy, out *treeParse, rec bool) error {
	out.starts, out.marks = out.starts[:0], out.marks[:0]
	if len(t) > maxParsedTree {
		base = nil
	}
	var next replayCursor
	for pos, ci := 0, 0; pos < len(t); {
		if base != nil && len(base.starts) > 0 {
			for ci < len(copies) && copies[ci].dst+copies[ci].n <= pos {
				ci++
			}
			if ci < len(copies) && copies[ci].dst <= pos {
				if n := s.replayRun(h, parent, t, pos, base, copies[ci], out, rec, &next); n > 0 {
					pos += n
					continue
				}
			}
		}
		n, tag, err := s.addEntry(h, parent, t[pos:], rec)
		if err != nil {
			return err
		}
		out.add(pos, tag)
		pos += n
	}
	out.starts = append(out.starts, uint32(len(t)))
	return nil
}

// replayRun takes from base the entries that copy c brings whole to t,
// the first starting at pos, and returns how many bytes they span; zero
// when no base entry starts at the byte c copies to pos.
func (s *treeShard) replayRun(h plumbing.Hash, parent uint32, t []byte, pos int, base *treeParse, c deltaCopy, out *treeParse, rec bool, next *replayCursor) int {
	src := c.src + pos - c.dst
	last := len(base.starts) - 1
	lo, ok := next.entry, next.entry < last && base.starts[next.entry] == uint32(src)
	if !ok {
		if lo, ok = slices.BinarySearch(base.starts[:last], uint32(src)); !ok {
			return 0
		}
	}
	// entries lo..hi-1 end by the copy's end: starts[hi] <= end < starts[hi+1]
	end := uint32(c.src + c.n)
	hi, found := slices.BinarySearch(base.starts[lo:], end)
	hi += lo
	if !found {
		hi--
	}
	if hi <= lo {
		return 0
	}
	shift := uint32(pos - src)
	first := len(out.starts)
	m := next.mark
	if m > len(base.marks) || m > 0 && base.marks[m-1].idx >= lo || m < len(base.marks) && base.marks[m].idx < lo {
		m, _ = slices.BinarySearchFunc(base.marks, lo, func(m treeMark, i int) int { return m.idx - i })
	}
	for ; m < len(base.marks) && base.marks[m].idx < hi; m++ {
		k, tag := base.marks[m].idx, base.marks[m].tag
		if rec {
			s.replay(h, parent, t[base.starts[k]+shift:base.starts[k+1]+shift], tag)
		}
		out.marks = append(out.marks, treeMark{idx: first + k - lo, tag: tag})
	}
	next.entry, next.mark = hi, m
	out.starts = append(out.starts, base.starts[lo:hi]...)
	for i := first; i < len(out.starts); i++ {
		out.starts[i] += shift
	}
	return int(base.starts[hi]+shift) - pos
}

// replayCursor is where the last run replayed ended in the base: the
// next copy mostly starts there.
type replayCursor struct{ entry, mark int }

// replay records entry e of tree h again, knowing its tag.
func (s *treeShard) replay(h plumbing.Hash, parent uint32, e []byte, tag uint32) {
	switch {
	case tag&tagSub != 0:
		s.addEdge(treeEdge{child: plumbing.Hash(e[len(e)-hashSize:]), parent: parent, name: tag &^ tagSub})
	case tag == tagWanted:
		_, _, _ = s.addEntry(h, parent, e, true) // parsed once already
	}
}

// packTrees adds the trees, and the commits when it is told to, that a
// walk builds to a shard; one that cannot be built is counted as broken.
type packTrees struct {
	s       *treeShard
	commits bool
	parses  []treeParse // the last tree parsed at each delta depth
}

func (v *packTrees) want(t objType) bool { return t == objTree || v.commits && t == objCommit }

func (v *packTrees) object(o *packObject) error {
	if o.typ == objCommit {
		if o.dup {
			return nil
		}
		return v.s.addContent(o.id, false, o.content)
	}
	for len(v.parses) <= o.depth {
		v.parses = append(v.parses, treeParse{})
	}
	var base *treeParse
	if o.copies != nil {
		base = &v.parses[o.depth-1]
	}
	parent := uint32(len(v.s.trees))
	if !o.dup {
		v.s.trees = append(v.s.trees, o.id)
	}
	if err := v.s.parseTree(o.id, parent, o.content, base, o.copies, &v.parses[o.depth], !o.dup); err != nil {
		return fmt.Errorf("object %s: %w", o.id, err)
	}
	return nil
}

func (v *packTrees) failed(plumbing.Hash, objType, error) error {
	v.s.broken++ // of unknown type, it may be a tree
	return nil
}
