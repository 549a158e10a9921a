package source

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/b24leaks/b24leaks/scanner"
)

// ObjectCheck says when a whole-history scan checks that every object
// history refers to is in the repository. Reading the object store finds
// only the objects that are there; a blob deleted from it, or never
// fetched (a partial clone), would otherwise pass as "no leaks".
type ObjectCheck string

const (
	// CheckObjectsAuto checks partial clones always, and other
	// repositories when their history has at most CheckObjectsLimit
	// objects; larger ones get a notice instead.
	CheckObjectsAuto ObjectCheck = ""
	// CheckObjectsAlways checks every repository.
	CheckObjectsAlways ObjectCheck = "always"
	// CheckObjectsNever checks none.
	CheckObjectsNever ObjectCheck = "never"
)

// CheckObjectsLimit is the size of history, in objects, up to which the
// check runs unasked: walking every tree costs about as much as reading
// every object (9.9 s against 11.2 s on git/git's 419,403 objects), so on
// small histories it is lost in the scan's own time.
const CheckObjectsLimit = 50_000

// objectFaults reports the objects that history refers to and the
// repository lacks: a partial clone's unfetched blobs, or objects lost
// from an ordinary one. The rest of history has been scanned.
func (g *GitHistory) objectFaults(ctx context.Context) []scanner.ScanError {
	packs, _ := filepath.Glob(filepath.Join(commonDir(g.gitDir), "objects", "pack", "*.promisor"))
	partial := len(packs) > 0
	if !partial && !g.checksObjects() {
		return nil
	}
	fault := func(err error) []scanner.ScanError {
		return []scanner.ScanError{{Source: g.name, Op: "check", Path: g.gitDir, Err: err}}
	}
	n, first, err := g.countMissing(ctx)
	switch {
	case err != nil && partial:
		return fault(errors.New("partial clone: some objects that history refers to are not here and were not scanned; " +
			"fetch them with 'git fetch --refetch' (or clone without --filter) and scan again"))
	case err != nil:
		return fault(fmt.Errorf("could not check that every object history refers to is here: %w", err))
	case n == 0:
		return nil
	case partial:
		return fault(fmt.Errorf("partial clone: %d objects that history refers to are not here and were not scanned; "+
			"fetch them with 'git fetch --refetch' (or clone without --filter) and scan again", n))
	}
	return fault(fmt.Errorf("%d object(s) that history refers to are missing from the repository (%s first) and were not scanned; "+
		"git fsck names them; restore them from another clone (git fetch from it) or clone again", n, first))
}

// checksObjects reports whether the object check runs on an ordinary
// (not partial) clone, after the walk has counted the objects.
func (g *GitHistory) checksObjects() bool {
	switch g.checkObjects {
	case CheckObjectsAlways:
		return true
	case CheckObjectsNever:
		return false
	}
	return g.historyObjects() <= CheckObjectsLimit
}

// historyObjects is how many objects the walk saw.
func (g *GitHistory) historyObjects() int64 {
	c := g.counts.snapshot()
	return c.Commits + c.Tags + c.Trees + c.Blobs
}

// objectNotice says, for a large history checked unasked, that the check
// did not run and how to run it.
func (g *GitHistory) objectNotice() []string {
	if g.scope.kind != scopeAll || g.checkObjects != CheckObjectsAuto || g.historyObjects() <= CheckObjectsLimit {
		return nil
	}
	return []string{fmt.Sprintf("history has %d objects: b24leaks did not check that every object it refers to is here "+
		"(only a damaged or partial clone lacks some); --check-objects checks it, at about the cost of the scan", g.historyObjects())}
}

// countMissing counts the objects reachable from the ref tips that the
// repository lacks, and names the first: with git rev-list when git is
// installed (it never fetches), and by walking history with go-git
// otherwise.
func (g *GitHistory) countMissing(ctx context.Context) (int, string, error) {
	tips := g.resolvedTips()
	if len(tips) == 0 {
		return 0, "", nil
	}
	bin := g.gitBin
	if bin == "" {
		bin, _ = exec.LookPath("git")
	}
	if bin == "" || g.gitFailed != nil {
		return g.walkMissing(ctx, tips)
	}
	withGit := *g
	withGit.gitBin = bin
	return withGit.revListMissing(ctx, tips)
}

// resolvedTips returns the objects the refs point to that are here.
func (g *GitHistory) resolvedTips() []plumbing.Hash {
	var tips []plumbing.Hash
	seen := map[plumbing.Hash]bool{}
	for _, ref := range g.listRefs().refs {
		h := ref.Hash()
		if seen[h] {
			continue
		}
		seen[h] = true
		if _, missing := g.missingTarget(h); !missing {
			tips = append(tips, h)
		}
	}
	return tips
}

// revListMissing runs git rev-list --objects --missing=print over tips
// (gitEnv turns lazy fetching off: a partial clone is not filled in
// behind the user's back).
func (g *GitHistory) revListMissing(ctx context.Context, tips []plumbing.Hash) (int, string, error) {
	stdin, err := writeHashes(tips)
	if err != nil {
		return 0, "", err
	}
	defer stdin.Close()
	p, err := g.startGit(ctx, stdin, "rev-list", "--objects", "--missing=print", "--stdin")
	if err != nil {
		return 0, "", err
	}
	defer p.stop()
	n, first := 0, ""
	sc := bufio.NewScanner(p.stdout)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "?") {
			if n++; first == "" {
				first = strings.TrimPrefix(line, "?")
			}
		}
	}
	if err := sc.Err(); err != nil {
		return 0, "", p.failed(err)
	}
	return n, first, p.wait()
}

// walkMissing is countMissing without git: every commit reachable from
// tips, every tree once, every blob looked up. The parents of a shallow
// clone's boundary commits are not counted (Notices names the clone).
func (g *GitHistory) walkMissing(ctx context.Context, tips []plumbing.Hash) (int, string, error) {
	s := g.repo.Storer
	n, first := 0, ""
	lost := func(h plumbing.Hash) {
		if n++; first == "" {
			first = h.String()
		}
	}
	seen := map[plumbing.Hash]bool{} // trees and blobs
	var walkTree func(h plumbing.Hash) error
	walkTree = func(h plumbing.Hash) error {
		if seen[h] {
			return nil
		}
		seen[h] = true
		t, err := object.GetTree(s, h)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			lost(h)
			return nil
		}
		if err != nil {
			return fmt.Errorf("tree %s: %w", h, err)
		}
		for _, e := range t.Entries {
			switch {
			case e.Mode == filemode.Dir:
				if err := walkTree(e.Hash); err != nil {
					return err
				}
			case e.Mode != filemode.Submodule && !seen[e.Hash]:
				seen[e.Hash] = true
				if s.HasEncodedObject(e.Hash) != nil {
					lost(e.Hash)
				}
			}
		}
		return nil
	}
	get := func(h plumbing.Hash) (*object.Commit, error) { return object.GetCommit(s, h) }
	var commits []plumbing.Hash
	for _, tip := range tips {
		if c, err := get(tip); err == nil {
			commits = append(commits, c.Hash)
		} else if t, err := object.GetTag(s, tip); err == nil && t.TargetType == plumbing.CommitObject {
			commits = append(commits, t.Target)
		}
	}
	parents, err := walkHistory(ctx, commits, map[plumbing.Hash]bool{}, get, func(c *object.Commit) ([]plumbing.Hash, error) {
		return c.ParentHashes, walkTree(c.TreeHash)
	})
	if err != nil {
		return 0, "", err
	}
	if _, err := os.Stat(filepath.Join(commonDir(g.gitDir), "shallow")); err != nil {
		n += parents // not a shallow clone: a missing parent is lost
	}
	return n, first, nil
}

// packIndexFaults names every pack index whose checksum does not match:
// git then ignores its pack (or reads it wrongly), so objects it holds
// were not scanned, and nothing else would say so.
func (g *GitHistory) packIndexFaults() []scanner.ScanError {
	idxs, _ := filepath.Glob(filepath.Join(commonDir(g.gitDir), "objects", "pack", "*.idx"))
	var out []scanner.ScanError
	for _, idx := range idxs {
		if err := checkPackIndex(idx); err != nil {
			pack := strings.TrimSuffix(idx, ".idx") + ".pack"
			out = append(out, scanner.ScanError{Source: g.name, Op: "check", Path: idx, Err: fmt.Errorf(
				"pack index %s is corrupt (%v): objects of its pack may not have been scanned; move it away, "+
					"rebuild it with 'git index-pack %s' and scan again", idx, err, pack)})
		}
	}
	return out
}

// checkPackIndex verifies a pack index's trailing SHA-1 of its contents.
func checkPackIndex(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	const minIndex = 8 + 256*4 + 40 // version 2 header, fan-out, checksums
	if fi.Size() < minIndex {
		return fmt.Errorf("%d bytes, too short", fi.Size())
	}
	h := sha1.New()
	if _, err := io.CopyN(h, f, fi.Size()-sha1.Size); err != nil {
		return err
	}
	want := make([]byte, sha1.Size)
	if _, err := io.ReadFull(f, want); err != nil {
		return err
	}
	if !bytes.Equal(h.Sum(nil), want) {
		return errors.New("its checksum does not match")
	}
	return nil
}
