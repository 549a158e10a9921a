package source

import (
	"context"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/b24leaks/b24leaks/scanner"
)

// rangeObjects lists the commits of the range and the blobs they
// introduced, each once: with `git log` for the git backend, by diffing
// trees with go-git otherwise (the same rule: content at a path that no
// parent holds there).
func (g *GitHistory) rangeObjects(ctx context.Context) ([]catEntry, error) {
	if g.backend == BackendGit {
		return g.rangeObjectsGitLog(ctx)
	}
	commits, err := g.rangeCommits(ctx)
	if err != nil {
		return nil, err
	}
	a := g.newAttributor(nil)
	a.all = true
	lister := newObjectLister()
	for _, h := range commits {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		lister.add(h, objCommit)
		c, err := a.commit(h)
		if err != nil {
			return nil, err
		}
		if err := a.introducedBy(c, func(_ string, blob plumbing.Hash) { lister.add(blob, objBlob) }); err != nil {
			return nil, err
		}
	}
	return lister.entries, nil
}

func (g *GitHistory) rangeObjectsGitLog(ctx context.Context) ([]catEntry, error) {
	found, commits, err := g.gitLog(ctx, nil, true, nil)
	if err != nil {
		return nil, err
	}
	lister := newObjectLister()
	for _, h := range commits {
		lister.add(h, objCommit)
		for _, in := range found[h] {
			lister.add(in.blob, objBlob)
		}
	}
	return lister.entries, nil
}

// objectLister collects objects to read, each once, in the order met.
type objectLister struct {
	seen    map[plumbing.Hash]bool
	entries []catEntry
}

func newObjectLister() *objectLister { return &objectLister{seen: map[plumbing.Hash]bool{}} }

func (l *objectLister) add(h plumbing.Hash, t objType) {
	if !l.seen[h] {
		l.seen[h] = true
		l.entries = append(l.entries, catEntry{id: scanner.ObjectID(h), typ: t})
	}
}
