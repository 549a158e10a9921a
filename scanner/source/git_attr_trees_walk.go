package source

import (
	"path"

	"github.com/go-git/go-git/v5/plumbing"
)

// introductions walks the commits reachable from tips (skipping parents
// a shallow clone lacks) and returns the wanted blobs each one introduced,
// and the commits that introduced some or are wanted themselves, in the
// order visited.
func (x *treeIndex) introductions(tips []plumbing.Hash) (map[plumbing.Hash][]introduction, []plumbing.Hash) {
	h := x.held
	found := map[plumbing.Hash][]introduction{}
	var order []plumbing.Hash
	seen := make(map[plumbing.Hash]bool, len(x.commits))
	stack := append([]plumbing.Hash(nil), tips...)
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		l, ok := x.commits[c]
		if seen[c] || !ok {
			continue
		}
		seen[c] = true
		stack = append(stack, l.parents...)
		var ins []introduction
		for _, q := range h.under(l.tree) {
			if !h.inAnyParent(x, l.parents, q) {
				ins = append(ins, introduction{path: q.path, blob: q.blob})
			}
		}
		if len(ins) > 0 || x.want[c] {
			found[c] = ins
			order = append(order, c)
		}
	}
	return found, order
}

// holders knows, for each tree that holds a wanted blob at any depth,
// which ones it holds and where.
type holders struct {
	children map[plumbing.Hash][]subtree     // subtree entries among holding trees, by parent
	hits     map[plumbing.Hash][]held        // wanted blobs right inside a tree
	memo     map[plumbing.Hash][]held        // under's answers
	sets     map[plumbing.Hash]map[held]bool // the same as sets, for the parents' checks
}

// subtree is a subtree entry of a holding tree.
type subtree struct {
	child plumbing.Hash
	name  string
}

// holders finds the holding trees: from the trees with a wanted blob
// right inside, up the subtree edges, one pass over the edges per level.
func (x *treeIndex) holders() *holders {
	h := &holders{children: map[plumbing.Hash][]subtree{}, hits: x.hits,
		memo: map[plumbing.Hash][]held{}, sets: map[plumbing.Hash]map[held]bool{}}
	level := map[plumbing.Hash]bool{}
	holding := map[plumbing.Hash]bool{}
	for t := range x.hits {
		level[t], holding[t] = true, true
	}
	for len(level) > 0 {
		next := map[plumbing.Hash]bool{}
		inLevel := prefixBits(level) // most edges are ruled out without a map look-up
		for _, s := range x.shards {
			for _, chunk := range s.edges {
				for _, e := range chunk {
					if !inLevel.has(e.child) || !level[e.child] {
						continue
					}
					parent := s.trees[e.parent]
					h.children[parent] = append(h.children[parent], subtree{child: e.child, name: s.names[e.name]})
					if !holding[parent] {
						holding[parent], next[parent] = true, true
					}
				}
			}
		}
		level = next
	}
	return h
}

// idPrefixes is a set of ids' first two bytes.
type idPrefixes [1 << 16 / 64]uint64

func prefixBits[V any](ids map[plumbing.Hash]V) *idPrefixes {
	b := new(idPrefixes)
	for h := range ids {
		k := uint(h[0])<<8 | uint(h[1])
		b[k/64] |= 1 << (k % 64)
	}
	return b
}

func (b *idPrefixes) has(h plumbing.Hash) bool {
	k := uint(h[0])<<8 | uint(h[1])
	return b[k/64]&(1<<(k%64)) != 0
}

// under returns the wanted blobs in tree t, with their paths in it.
func (h *holders) under(t plumbing.Hash) []held {
	if q, ok := h.memo[t]; ok {
		return q
	}
	if _, ok := h.children[t]; !ok && h.hits[t] == nil {
		return nil // holds none: most trees, not worth a memo entry
	}
	q := append([]held(nil), h.hits[t]...)
	for _, e := range h.children[t] {
		for _, sub := range h.under(e.child) {
			q = append(q, held{path: path.Join(e.name, sub.path), mode: sub.mode, blob: sub.blob})
		}
	}
	h.memo[t] = q
	return q
}

// inAnyParent reports whether some parent commit has q's blob at q's path
// with q's mode: then the commit did not introduce it there.
func (h *holders) inAnyParent(x *treeIndex, parents []plumbing.Hash, q held) bool {
	for _, p := range parents {
		l, ok := x.commits[p]
		if !ok {
			continue
		}
		set, ok := h.sets[l.tree]
		if !ok {
			set = map[held]bool{}
			for _, r := range h.under(l.tree) {
				set[r] = true
			}
			h.sets[l.tree] = set
		}
		if set[q] {
			return true
		}
	}
	return false
}
