package source

import (
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// introduced calls found for each wanted blob in tree (at prefix) that no
// parent tree holds at the same path. Subtrees identical to a parent's
// are skipped whole, so the cost follows the size of the change.
func (a *attributor) introduced(tree *object.Tree, parents []*object.Tree, prefix string, found func(string, plumbing.Hash)) error {
	cursors := make([]int, len(parents))
	var subs []*object.Tree
	for i := range tree.Entries {
		e := &tree.Entries[i]
		isDir := e.Mode == filemode.Dir
		if e.Mode == filemode.Submodule || (!isDir && !a.all && !a.want[e.Hash]) {
			continue
		}
		same := false
		subs = subs[:0]
		for k, p := range parents {
			pe := seekEntry(p, &cursors[k], e.Name, isDir)
			if pe == nil {
				continue
			}
			if pe.Hash == e.Hash && (isDir || pe.Mode == e.Mode) { // git log reports a mode change
				same = true
				break
			}
			if isDir {
				t, err := a.trees.get(pe.Hash)
				if err != nil {
					return err
				}
				subs = append(subs, t)
			}
		}
		if same {
			continue
		}
		if !isDir {
			found(prefix+e.Name, e.Hash)
			continue
		}
		sub, err := a.trees.get(e.Hash)
		if err != nil {
			return err
		}
		if err := a.introduced(sub, append([]*object.Tree(nil), subs...), prefix+e.Name+"/", found); err != nil {
			return err
		}
	}
	return nil
}

// seekEntry advances *cur through the sorted entries of t to the entry
// named name of the same kind (tree or not), returning it or nil. Calls
// must come with names in git's tree order.
func seekEntry(t *object.Tree, cur *int, name string, isDir bool) *object.TreeEntry {
	for *cur < len(t.Entries) {
		pe := &t.Entries[*cur]
		c := compareTreeNames(pe.Name, pe.Mode == filemode.Dir, name, isDir)
		if c > 0 {
			return nil
		}
		*cur++
		if c == 0 {
			if pe.Mode == filemode.Submodule {
				return nil
			}
			return pe
		}
	}
	return nil
}

// compareTreeNames orders entries as git sorts trees: a directory's name
// compares as if it ended in '/'.
func compareTreeNames(a string, aDir bool, b string, bDir bool) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	ca, cb := nameEnd(a, n, aDir), nameEnd(b, n, bDir)
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return 0
}

func nameEnd(s string, n int, dir bool) byte {
	if n < len(s) {
		return s[n]
	}
	if dir {
		return '/'
	}
	return 0
}

// findWanted records the wanted blobs under tree by path.
func (a *attributor) findWanted(h plumbing.Hash, prefix string, into map[string]plumbing.Hash) error {
	found, err := a.wantedUnder(h)
	for _, pb := range found {
		into[prefix+pb.path] = pb.blob
	}
	return err
}

// wantedUnder returns the wanted blobs under tree h with their paths
// relative to it. Results are kept per tree, so the trees of many ref tips
// (which share most subtrees) are each read once.
func (a *attributor) wantedUnder(h plumbing.Hash) ([]pathBlob, error) {
	if found, ok := a.under[h]; ok {
		return found, nil
	}
	if a.index != nil {
		return a.index.pathBlobs(h), nil
	}
	tree, err := a.trees.get(h)
	if err != nil {
		return nil, err
	}
	var found []pathBlob
	for _, e := range tree.Entries {
		switch {
		case e.Mode == filemode.Dir:
			sub, err := a.wantedUnder(e.Hash)
			if err != nil {
				return nil, err
			}
			for _, pb := range sub {
				found = append(found, pathBlob{e.Name + "/" + pb.path, pb.blob})
			}
		case e.Mode != filemode.Submodule && a.want[e.Hash]:
			found = append(found, pathBlob{e.Name, e.Hash})
		}
	}
	a.under[h] = found
	return found, nil
}

// treeCache keeps recently decoded trees: a commit's trees are decoded
// again as its child's parent trees. It holds two generations of up to
// treeCacheGen trees; a full young generation becomes the old one.
type treeCache struct {
	s          storer.EncodedObjectStorer
	young, old map[plumbing.Hash]*object.Tree
}

const treeCacheGen = 4096

func newTreeCache(s storer.EncodedObjectStorer) *treeCache {
	return &treeCache{s: s, young: make(map[plumbing.Hash]*object.Tree)}
}

func (c *treeCache) get(h plumbing.Hash) (*object.Tree, error) {
	if t, ok := c.young[h]; ok {
		return t, nil
	}
	t, ok := c.old[h]
	if !ok {
		var err error
		if t, err = object.GetTree(c.s, h); err != nil {
			return nil, fmt.Errorf("tree %s: %w", h, err)
		}
	}
	if len(c.young) >= treeCacheGen {
		c.old, c.young = c.young, make(map[plumbing.Hash]*object.Tree, treeCacheGen)
	}
	c.young[h] = t
	return t, nil
}
