package source

import (
	"context"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/format/objfile"
	"github.com/go-git/go-git/v5/plumbing/format/packfile"
)

// readTreesGoGit fills x without git: the packs are split into n runs,
// as the go-git walk splits them, and each run's trees and commits are
// read in process by its own goroutine into its shard; loose objects go
// with the last run.
func (g *GitHistory) readTreesGoGit(ctx context.Context, x *treeIndex, n int) error {
	parts, err := g.goGitParts(ctx, n)
	if err != nil {
		return err
	}
	return x.readShards(len(parts), func(k int, s *treeShard) error {
		return s.readGoGitPart(ctx, parts[k].(*goGitPart))
	})
}

func (s *treeShard) readGoGitPart(ctx context.Context, p *goGitPart) error {
	c := cache.NewObjectLRU(goGitCacheSize)
	var buf []byte
	for _, sp := range p.spans {
		if err := s.readGoGitSpan(ctx, sp, c, &buf); err != nil {
			return err
		}
	}
	for _, l := range p.loose {
		if err := s.readLoose(l, &buf); err != nil {
			return fmt.Errorf("loose object %s: %w", l.hash, err)
		}
	}
	return nil
}

func (s *treeShard) readGoGitSpan(ctx context.Context, sp goGitSpan, c cache.Object, buf *[]byte) error {
	return eachInSpan(ctx, sp, c, func(pf *packfile.Packfile, types []plumbing.ObjectType, i int) error {
		t, err := packedType(pf, sp.pack, types, i, 0)
		if err != nil {
			s.broken++ // of unknown type: it may be a tree
			return nil
		}
		if t != plumbing.TreeObject && t != plumbing.CommitObject {
			return nil
		}
		obj, err := pf.GetByOffset(sp.pack.offsets[i])
		if err != nil {
			s.broken++
			return nil
		}
		r, err := obj.Reader()
		if err != nil {
			s.broken++
			return nil
		}
		defer r.Close()
		if err := s.add(sp.pack.hashes[i], t, r, buf); err != nil {
			return fmt.Errorf("object %s: %w", sp.pack.hashes[i], err)
		}
		return nil
	})
}

// readLoose adds a loose tree or commit; one that cannot be read is
// counted as broken, as in readGoGitSpan.
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

// add reads a tree's or commit's content from r into the shard.
func (s *treeShard) add(h plumbing.Hash, t plumbing.ObjectType, r io.Reader, buf *[]byte) error {
	b, err := readAllInto((*buf)[:0], r)
	*buf = b
	if err != nil {
		s.broken++
		return nil
	}
	return s.addContent(h, t == plumbing.TreeObject, b)
}
