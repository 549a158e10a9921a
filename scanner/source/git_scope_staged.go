package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"

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
// diff-index` where git is used, in process with go-git (git_index.go),
// which falls back to git for index formats it does not know.
func (g *GitHistory) stagedObjects(ctx context.Context) (scoped, error) {
	var entries []stagedEntry
	var err error
	if g.gitBin != "" { // the git backend, or auto with git installed
		entries, err = g.stagedGit(ctx)
	} else if entries, err = g.stagedGoGit(); errors.Is(err, errIndexFormat) {
		// A split or sparse index: git reads every format it writes.
		if bin, lerr := exec.LookPath("git"); lerr == nil {
			g.gitBin = bin
			entries, err = g.stagedGit(ctx)
		} else {
			err = fmt.Errorf("%w, and git is not installed to read it", err)
		}
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

// stagedGoGit compares stage-0 index entries with HEAD's tree. The
// index's cache tree names the directories whose staged content is known
// to make a given tree; where that is HEAD's tree there, nothing under the
// directory is staged, so only the directories a change touched are read
// and the cost follows the change, not the size of the repository.
func (g *GitHistory) stagedGoGit() ([]stagedEntry, error) {
	idx, err := readGitIndex(indexPath(g.gitDir))
	if err != nil {
		return nil, fmt.Errorf("read index: %w", err)
	}
	same, head, err := g.headFiles(idx.trees)
	if err != nil {
		return nil, err
	}
	var out []stagedEntry
	for _, e := range idx.entries {
		if e.mode == filemode.Submodule || underSame(e.path, same) || head[e.path] == e.blob {
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

// underSame reports whether path lies in a directory whose staged content
// is HEAD's.
func underSame(path string, same map[string]bool) bool {
	if len(same) == 0 {
		return false
	}
	if same[""] {
		return true
	}
	for i := 0; i < len(path); i++ {
		if path[i] == '/' && same[path[:i]] {
			return true
		}
	}
	return false
}

// headFiles maps the paths of HEAD's tree to their blobs, leaving out the
// directories whose cached tree (from the index) equals HEAD's there; it
// returns those directories too. Both are empty before the first commit.
func (g *GitHistory) headFiles(cached map[string]plumbing.Hash) (map[string]bool, map[string]plumbing.Hash, error) {
	same, files := map[string]bool{}, map[string]plumbing.Hash{}
	ref, err := g.repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return same, files, nil // no commit yet
	}
	if err != nil {
		return nil, nil, fmt.Errorf("HEAD: %w", err)
	}
	c, err := object.GetCommit(g.repo.Storer, ref.Hash())
	if err != nil {
		return nil, nil, fmt.Errorf("HEAD commit %s: %w", ref.Hash(), err)
	}
	var walk func(dir string, h plumbing.Hash) error
	walk = func(dir string, h plumbing.Hash) error {
		if cached[dir] == h {
			same[dir] = true
			return nil
		}
		tree, err := object.GetTree(g.repo.Storer, h)
		if err != nil {
			return fmt.Errorf("HEAD tree %s: %w", h, err)
		}
		for _, e := range tree.Entries {
			path := strings.TrimPrefix(dir+"/"+e.Name, "/")
			if e.Mode == filemode.Dir {
				if err := walk(path, e.Hash); err != nil {
					return err
				}
				continue
			}
			files[path] = e.Hash
		}
		return nil
	}
	return same, files, walk("", c.TreeHash)
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
