package source

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/b24leaks/b24leaks/scanner"
)

// GitScope says which objects of a repository a GitHistory offers, and
// which history it attributes findings to. Both backends take the same
// scope and report the same findings; how objects are read is the
// backend's business.
type GitScope struct {
	kind  scopeKind
	revs  []string  // rev-list arguments (range.go)
	since time.Time // commits older than this are left out
	until time.Time // commits newer than this are left out
	paths []string  // only blobs at or under these paths
	ci    *CIRange  // a range a CI system named, with its fallbacks
}

type scopeKind uint8

const (
	scopeAll    scopeKind = iota // every object in the database
	scopeRange                   // the commits of a revision range
	scopeStaged                  // the index against HEAD
)

// AllHistory is every blob, commit message and annotated tag message in
// the object database, attributed to every ref. It is the zero GitScope.
func AllHistory() GitScope { return GitScope{} }

// CommitRange is the commits a rev-list of revs lists: "A..B" (in B, not
// in A), "A...B" (in either, not in both), "^A" (exclude A), "B" (include
// B), "--all", "--branches", "--tags" and "--remotes", in any mix. It
// offers those commits' messages and the blobs they introduced (content
// at a path that no parent has there), each blob once, and attributes to
// those commits only.
func CommitRange(revs ...string) GitScope {
	return GitScope{kind: scopeRange, revs: append([]string(nil), revs...)}
}

// StagedChanges is what `git commit` would record: each blob of the index
// at a path where HEAD (nothing, before the first commit) has other
// content, offered with its path (added, modified, renamed and copied
// files; deletions and mode-only changes have nothing new).
func StagedChanges() GitScope { return GitScope{kind: scopeStaged} }

// String describes the scope for messages.
func (s GitScope) String() string {
	switch s.kind {
	case scopeRange:
		if s.ci != nil {
			return s.ci.String()
		}
		return "commits " + strings.Join(s.revs, " ")
	case scopeStaged:
		return "staged changes"
	}
	return "all history"
}

// scoped is what a scope names: the objects to read and, for staged
// changes, the paths of each blob and the entries passed over.
type scoped struct {
	entries []catEntry
	staged  map[scanner.ObjectID][]string
	skipped []scanner.Item // symlinks staged: offered as skipped items
}

// scopedParts reads a range or the index in up to n parts.
func (g *GitHistory) scopedParts(ctx context.Context, n int) ([]scanner.Source, error) {
	var sc scoped
	var err error
	switch {
	case g.scope.kind == scopeStaged:
		sc, err = g.stagedObjects(ctx)
	default:
		sc.entries, err = g.rangeObjects(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("list %s of %s: %w", g.scope, g.name, err)
	}
	parts := g.readParts(sc, n)
	if len(sc.skipped) > 0 {
		parts = append(parts, skippedItems(sc.skipped))
	}
	return parts, nil
}

// readParts reads listed objects with the backend in use.
func (g *GitHistory) readParts(sc scoped, n int) []scanner.Source {
	if g.backend == BackendGit {
		return g.dealCatFile(sc.entries, n, sc.staged)
	}
	n = max(min(n, len(sc.entries)), 1)
	parts := make([]scanner.Source, n)
	for i := range parts {
		lo, hi := i*len(sc.entries)/n, (i+1)*len(sc.entries)/n
		parts[i] = &goGitListPart{g: g, entries: sc.entries[lo:hi], staged: sc.staged}
	}
	return parts
}

// skippedItems offers items that are only counted.
type skippedItems []scanner.Item

func (s skippedItems) Walk(ctx context.Context, yield func(scanner.Item) error) error {
	for _, it := range s {
		if err := yield(it); err != nil {
			return err
		}
	}
	return ctx.Err()
}
