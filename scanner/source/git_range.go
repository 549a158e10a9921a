package source

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// rangeResult is a range resolved to commits, once per GitHistory, so the
// walk and the attribution (and both backends) use the same commits.
type rangeResult struct {
	once    sync.Once
	commits []plumbing.Hash
	notes   []string // what the user must know about what was not reachable
	err     error
}

// rangeCommits returns the commits of the scope's range: reachable from
// the included tips and not from the excluded ones, as git rev-list does,
// within the scope's dates.
func (g *GitHistory) rangeCommits(ctx context.Context) ([]plumbing.Hash, error) {
	r := g.rng
	r.once.Do(func() { r.commits, r.notes, r.err = g.resolveRange(ctx) })
	return r.commits, r.err
}

func (g *GitHistory) resolveRange(ctx context.Context) ([]plumbing.Hash, []string, error) {
	include, exclude, notes, err := g.rangeTips()
	if err != nil {
		return nil, nil, err
	}
	excluded := map[plumbing.Hash]bool{}
	get := func(h plumbing.Hash) (*object.Commit, error) { return object.GetCommit(g.repo.Storer, h) }
	parents := func(c *object.Commit) ([]plumbing.Hash, error) { return c.ParentHashes, nil }
	if _, err := walkHistory(ctx, exclude, excluded, get, parents); err != nil {
		return nil, nil, err
	}
	var out []plumbing.Hash
	missing, err := walkHistory(ctx, include, excluded, get, func(c *object.Commit) ([]plumbing.Hash, error) {
		if g.scope.inDates(c) {
			out = append(out, c.Hash)
		}
		return c.ParentHashes, nil
	})
	if missing > 0 {
		notes = append(notes, fmt.Sprintf("the clone is shallow: the parents of %d commit(s) of the range are not here, "+
			"so older commits were not scanned; run git fetch --unshallow to scan them", missing))
	}
	return out, notes, err
}

func (s GitScope) inDates(c *object.Commit) bool {
	when := c.Committer.When
	return (s.since.IsZero() || !when.Before(s.since)) && (s.until.IsZero() || !when.After(s.until))
}

// rangeTips resolves the scope's revisions with go-git into commits to
// include and exclude.
func (g *GitHistory) rangeTips() (include, exclude []plumbing.Hash, notes []string, err error) {
	if g.scope.ci != nil {
		return g.ciTips(*g.scope.ci)
	}
	for _, rev := range g.scope.revs {
		in, ex, err := g.revTips(rev)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("revision %q: %w", rev, err)
		}
		include, exclude = append(include, in...), append(exclude, ex...)
	}
	if len(include) == 0 {
		return nil, nil, nil, errors.New("no revision to include")
	}
	return include, exclude, nil, nil
}

// revTips resolves one rev-list argument.
func (g *GitHistory) revTips(rev string) (include, exclude []plumbing.Hash, err error) {
	switch {
	case rev == "--all":
		return g.refCommits("refs/", true)
	case rev == "--branches":
		return g.refCommits("refs/heads/", false)
	case rev == "--tags":
		return g.refCommits("refs/tags/", false)
	case rev == "--remotes":
		return g.refCommits("refs/remotes/", false)
	case strings.Contains(rev, "..."):
		from, to, _ := strings.Cut(rev, "...")
		a, b, err := g.resolvePair(from, to)
		if err != nil {
			return nil, nil, err
		}
		bases, err := mergeBases(g, a, b)
		return []plumbing.Hash{a, b}, bases, err
	case strings.Contains(rev, ".."):
		from, to, _ := strings.Cut(rev, "..")
		a, b, err := g.resolvePair(from, to)
		return []plumbing.Hash{b}, []plumbing.Hash{a}, err
	case strings.HasPrefix(rev, "^"):
		a, err := g.resolve(rev[1:])
		return nil, []plumbing.Hash{a}, err
	}
	b, err := g.resolve(rev)
	return []plumbing.Hash{b}, nil, err
}

// resolvePair resolves the two ends of a range; an empty end is HEAD.
func (g *GitHistory) resolvePair(from, to string) (a, b plumbing.Hash, err error) {
	if a, err = g.resolve(cmp.Or(from, "HEAD")); err != nil {
		return a, b, err
	}
	b, err = g.resolve(cmp.Or(to, "HEAD"))
	return a, b, err
}

// resolve turns a revision (name, id, HEAD~2) into a commit id.
func (g *GitHistory) resolve(rev string) (plumbing.Hash, error) {
	h, err := g.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("%s: %w", rev, err)
	}
	return *h, nil
}

// refCommits returns the commits the refs under prefix point to (tags
// peeled), and HEAD's when withHead is set.
func (g *GitHistory) refCommits(prefix string, withHead bool) ([]plumbing.Hash, []plumbing.Hash, error) {
	iter, err := g.repo.Storer.IterReferences()
	if err != nil {
		return nil, nil, err
	}
	var out []plumbing.Hash
	err = iter.ForEach(func(ref *plumbing.Reference) error {
		name := ref.Name().String()
		if !(strings.HasPrefix(name, prefix) || withHead && ref.Name() == plumbing.HEAD) {
			return nil
		}
		if ref.Type() == plumbing.SymbolicReference {
			if ref, err = storer.ResolveReference(g.repo.Storer, ref.Name()); err != nil {
				return nil // dangling, such as an unborn HEAD
			}
		}
		if c, err := g.resolve(ref.Hash().String()); err == nil {
			out = append(out, c)
		}
		return nil
	})
	return out, nil, err
}

// mergeBases returns the best common ancestors of a and b.
func mergeBases(g *GitHistory, a, b plumbing.Hash) ([]plumbing.Hash, error) {
	ca, err := object.GetCommit(g.repo.Storer, a)
	if err != nil {
		return nil, err
	}
	cb, err := object.GetCommit(g.repo.Storer, b)
	if err != nil {
		return nil, err
	}
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return nil, fmt.Errorf("merge base of %s and %s: %w", a, b, err)
	}
	out := make([]plumbing.Hash, len(bases))
	for i, c := range bases {
		out[i] = c.Hash
	}
	return out, nil
}

// pathLimit reports whether path is at or under one of the scope's paths;
// true for every path when there are none.
func (s GitScope) pathLimit(path string) bool {
	if len(s.paths) == 0 {
		return true
	}
	for _, p := range s.paths {
		p = strings.Trim(p, "/")
		if p == "" || p == "." || path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// Notices says what a scan of this history should tell the user: a range
// a CI system named that could not be followed, a shallow clone.
func (g *GitHistory) Notices() []string {
	var notes []string
	if g.scope.kind == scopeAll {
		if data, err := os.ReadFile(filepath.Join(commonDir(g.gitDir), "shallow")); err == nil {
			n := len(strings.Fields(string(data)))
			notes = append(notes, fmt.Sprintf("the clone is shallow (history cut at %d commit(s)): older commits are not here "+
				"and were not scanned; run git fetch --unshallow to scan them", n))
		}
	}
	notes = append(notes, g.objectNotice()...)
	if g.gitFailed != nil {
		notes = append(notes, fmt.Sprintf("git could not read the repository (%s): it was read with go-git instead", gitReason(g.gitFailed)))
	}
	if g.rng != nil {
		notes = append(notes, g.rng.notes...)
	}
	if g.scope.kind == scopeStaged {
		return notes // a pre-commit hook pays for every lookup: no submodule note there
	}
	return append(notes, g.submoduleNotice()...)
}

// gitReason is the gist of a git failure: its fatal message when it
// printed one.
func gitReason(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, "fatal: "); i >= 0 {
		msg = msg[i+len("fatal: "):]
	}
	return msg
}
