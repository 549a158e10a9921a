package source

import (
	"context"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/b24leaks/b24leaks/scanner"
)

// Faults implements scanner.Faulter for a whole-history scan: every ref
// that points to an object the repository does not have (directly, or
// through an annotated tag). The rest of history is scanned; the missing
// part is named, so the scan is incomplete, never "no leaks". Objects
// history refers to that are not here are counted (objectFaults).
func (g *GitHistory) Faults(ctx context.Context) []scanner.ScanError {
	if g.scope.kind != scopeAll {
		return nil
	}
	out := append(g.packIndexFaults(), g.objectFaults(ctx)...)
	refs := g.listRefs()
	for _, bad := range refs.bad {
		out = append(out, scanner.ScanError{Source: g.name, Op: "ref", Err: fmt.Errorf("%s; the refs on the other lines were scanned", bad)})
	}
	seen := map[plumbing.ReferenceName]bool{}
	for _, ref := range refs.refs {
		if seen[ref.Name()] {
			continue
		}
		seen[ref.Name()] = true
		if missing, ok := g.missingTarget(ref.Hash()); ok {
			out = append(out, scanner.ScanError{Source: g.name, Op: "ref", Path: ref.Name().String(),
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
