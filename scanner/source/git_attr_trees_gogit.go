package source

import (
	"context"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/objfile"
)

// readTreesGoGit fills x without git: the pack reader builds the trees
// and commits of n runs of roots, each run on its own goroutine into its
// shard; loose objects go with the last run.
func (g *GitHistory) readTreesGoGit(ctx context.Context, x *treeIndex, n int) error {
	forests, loose, err := g.forests()
	if err != nil {
		return err
	}
	commits := !g.linkedPackCommits(x, forests)
	runs := splitRoots(forests, (&packTrees{commits: commits}).want, n)
	return x.readShards(len(runs), func(k int, s *treeShard) error {
		if err := walkRuns(ctx, runs[k], &packTrees{s: s, commits: commits}, g.externalBase); err != nil {
			return err
		}
		if k < len(runs)-1 {
			return nil
		}
		var buf []byte
		for _, l := range loose {
			if err := s.readLoose(l, &buf); err != nil {
				return fmt.Errorf("loose object %s: %w", l.hash, err)
			}
		}
		return nil
	})
}

// linkedPackCommits adds to x the commits the scan's parts linked and
// reports whether that is every packed commit: the tree pass then reads
// trees only.
func (g *GitHistory) linkedPackCommits(x *treeIndex, forests []*packForest) bool {
	n := 0
	for _, p := range g.packParts {
		n += len(p.links)
	}
	x.commits = make(map[plumbing.Hash]commitLink, n)
	for _, p := range g.packParts {
		x.addLinks(p.links)
	}
	var packed int
	for _, f := range forests {
		packed += f.commits
	}
	return len(x.commits) >= packed
}

// readLoose adds a loose tree or commit; one that cannot be read is
// counted as broken.
func (s *treeShard) readLoose(l goGitLoose, buf *[]byte) error {
	f, err := l.dir.Object(l.hash)
	if err != nil {
		s.broken++
		return nil
	}
	defer f.Close()
	r, err := objfile.NewReader(f)
	if err != nil {
		s.broken++
		return nil
	}
	defer r.Close()
	t, _, err := r.Header()
	if err != nil {
		s.broken++
		return nil
	}
	if t != plumbing.TreeObject && t != plumbing.CommitObject {
		return nil
	}
	b, err := readAllInto((*buf)[:0], r)
	*buf = b
	if err != nil {
		s.broken++
		return nil
	}
	return s.addContent(l.hash, t == plumbing.TreeObject, b)
}
