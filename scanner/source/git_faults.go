package source

import (
	"fmt"

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
	iter, err := g.repo.Storer.IterReferences()
	if err != nil {
		return []scanner.ScanError{{Source: g.path, Op: "walk", Err: fmt.Errorf("list refs: %w", err)}}
	}
	var out []scanner.ScanError
	_ = iter.ForEach(func(ref *plumbing.Reference) error {
		if ref.Type() != plumbing.HashReference {
			return nil // symbolic: its target is checked as a ref of its own
		}
		if missing, ok := g.missingTarget(ref.Hash()); ok {
			out = append(out, scanner.ScanError{Source: g.path, Op: "ref", Path: ref.Name().String(),
				Err: fmt.Errorf("ref %s points to object %s, which is not in the repository", ref.Name(), missing)})
		}
		return nil
	})
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
