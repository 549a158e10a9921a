package source

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/b24leaks/b24leaks/scanner"
)

// Faults implements scanner.Faulter for a whole-history scan: every ref
// that points to an object the repository does not have (directly, or
// through an annotated tag). The rest of history is scanned; the missing
// part is named, so the scan is incomplete, never "no leaks".
func (g *GitHistory) Faults() []scanner.ScanError {
	if g.scope.kind != scopeAll {
		return nil
	}
	out := g.partialClone()
	refs := g.listRefs()
	for _, bad := range refs.bad {
		out = append(out, scanner.ScanError{Source: g.path, Op: "ref", Err: fmt.Errorf("%s; the refs on the other lines were scanned", bad)})
	}
	seen := map[plumbing.ReferenceName]bool{}
	for _, ref := range refs.refs {
		if seen[ref.Name()] {
			continue
		}
		seen[ref.Name()] = true
		if missing, ok := g.missingTarget(ref.Hash()); ok {
			out = append(out, scanner.ScanError{Source: g.path, Op: "ref", Path: ref.Name().String(),
				Err: fmt.Errorf("ref %s points to object %s, which is not in the repository", ref.Name(), missing)})
		}
	}
	return out
}

// missingTarget follows h through annotated tags and reports the first
// object that is missing.
func (g *GitHistory) missingTarget(h plumbing.Hash) (plumbing.Hash, bool) {
	for range 100 {
		obj, err := g.repo.Storer.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			return h, true
		}
		if obj.Type() != plumbing.TagObject {
			return h, false
		}
		tag, err := object.DecodeTag(g.repo.Storer, obj)
		if err != nil {
			return h, true
		}
		h = tag.Target
	}
	return h, false
}

// partialClone reports a partial clone (a .promisor pack: git clone
// --filter), whose missing blobs were never scanned: how many history
// refers to (counted with git when it is installed), and how to get them.
func (g *GitHistory) partialClone() []scanner.ScanError {
	packs, _ := filepath.Glob(filepath.Join(commonDir(g.gitDir), "objects", "pack", "*.promisor"))
	if len(packs) == 0 {
		return nil
	}
	count := "some"
	if bin, err := exec.LookPath("git"); err == nil {
		cmd := exec.Command(bin, "--git-dir="+g.gitDir, "rev-list", "--objects", "--all", "--missing=print")
		cmd.Env = append(gitEnv(), "GIT_NO_LAZY_FETCH=1")
		if out, err := cmd.Output(); err == nil {
			n := 0
			for _, line := range strings.Split(string(out), "\n") {
				if strings.HasPrefix(line, "?") {
					n++
				}
			}
			if n == 0 {
				return nil // every object is here after all
			}
			count = strconv.Itoa(n)
		}
	}
	return []scanner.ScanError{{Source: g.path, Op: "walk", Path: g.gitDir, Err: fmt.Errorf(
		"partial clone: %s objects that history refers to are not here and were not scanned; "+
			"fetch them with 'git fetch --refetch' (or clone without --filter) and scan again", count)}}
}
