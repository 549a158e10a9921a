package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/b24leaks/b24leaks/scanner"
)

// stagedEntry is a blob of the index at a path where HEAD differs.
type stagedEntry struct {
	path string
	blob plumbing.Hash
	mode filemode.FileMode
}

// stagedObjects lists what the index holds that HEAD does not: with `git
// diff-index` for the git backend (which knows every index format git
// writes), with go-git's index reader otherwise.
func (g *GitHistory) stagedObjects(ctx context.Context) (scoped, error) {
	var entries []stagedEntry
	var err error
	if g.backend == BackendGit {
		entries, err = g.stagedGit(ctx)
	} else {
		entries, err = g.stagedGoGit()
	}
	if err != nil {
		return scoped{}, err
	}
	sc := scoped{staged: map[scanner.ObjectID][]string{}}
	lister := newObjectLister()
	for _, e := range entries {
		if e.mode == filemode.Symlink {
			sc.skipped = append(sc.skipped, scanner.Item{
				ID: scanner.ObjectID(e.blob), Skip: scanner.SkipSymlink,
				Appearance: scanner.Appearance{Kind: scanner.KindStaged, Path: e.path},
			})
			continue
		}
		id := scanner.ObjectID(e.blob)
		sc.staged[id] = append(sc.staged[id], e.path)
		lister.add(e.blob, objBlob)
	}
	sc.entries = lister.entries
	return sc, nil
}

// stagedGoGit compares stage-0 index entries with HEAD's tree.
func (g *GitHistory) stagedGoGit() ([]stagedEntry, error) {
	idx, err := g.repo.Storer.Index()
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	head, err := g.headFiles()
	if err != nil {
		return nil, err
	}
	var out []stagedEntry
	for _, e := range idx.Entries {
		if e.Stage != 0 || e.Mode == filemode.Submodule || head[e.Name] == e.Hash {
			continue
		}
		out = append(out, stagedEntry{path: e.Name, blob: e.Hash, mode: e.Mode})
	}
	return out, nil
}

// headFiles maps the paths of HEAD's tree to their blobs; empty before
// the first commit.
func (g *GitHistory) headFiles() (map[string]plumbing.Hash, error) {
	files := map[string]plumbing.Hash{}
	ref, err := g.repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return files, nil // no commit yet
	}
	if err != nil {
		return nil, fmt.Errorf("HEAD: %w", err)
	}
	c, err := object.GetCommit(g.repo.Storer, ref.Hash())
	if err != nil {
		return nil, fmt.Errorf("HEAD commit %s: %w", ref.Hash(), err)
	}
	tree, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("HEAD tree: %w", err)
	}
	walker := object.NewTreeWalker(tree, true, nil)
	defer walker.Close()
	for {
		name, e, err := walker.Next()
		if errors.Is(err, io.EOF) {
			return files, nil
		}
		if err != nil {
			return nil, fmt.Errorf("HEAD tree: %w", err)
		}
		if e.Mode != filemode.Dir {
			files[name] = e.Hash
		}
	}
}

// emptyTree is the id of the tree with no entries, which git knows
// without storing it: what HEAD is compared as before the first commit.
const emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

// stagedGit lists the index against HEAD with git diff-index --cached.
func (g *GitHistory) stagedGit(ctx context.Context) ([]stagedEntry, error) {
	base := "HEAD"
	if _, err := g.repo.Head(); errors.Is(err, plumbing.ErrReferenceNotFound) {
		base = emptyTree
	}
	p, err := g.startGit(ctx, nil, "diff-index", "--cached", "--raw", "-z", "--no-renames", "--no-abbrev", base, "--")
	if err != nil {
		return nil, err
	}
	defer p.stop()
	out, err := parseDiffIndex(bufio.NewReaderSize(p.stdout, 64<<10))
	if err != nil {
		return nil, p.failed(err)
	}
	return out, p.wait()
}

// parseDiffIndex reads ":oldmode newmode old new status\0path\0" records,
// keeping new content: not deletions, unmerged paths, submodules or
// entries whose content is unchanged (a mode change).
func parseDiffIndex(r *bufio.Reader) ([]stagedEntry, error) {
	var out []stagedEntry
	for {
		rec, err := readToken(r)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		path, err := readToken(r)
		if err != nil {
			return nil, fmt.Errorf("path after %q: %w", rec, err)
		}
		f := bytes.Fields(bytes.TrimPrefix(rec, []byte(":")))
		if len(f) != 5 {
			return nil, fmt.Errorf("bad diff-index line %q", rec)
		}
		mode, err := filemode.New(string(f[1]))
		if err != nil {
			return nil, fmt.Errorf("bad diff-index line %q: %w", rec, err)
		}
		old, cur := plumbing.NewHash(string(f[2])), plumbing.NewHash(string(f[3]))
		if f[4][0] == 'D' || f[4][0] == 'U' || mode == filemode.Submodule || cur.IsZero() || old == cur {
			continue
		}
		out = append(out, stagedEntry{path: string(path), blob: cur, mode: mode})
	}
}
