package source

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/b24leaks/b24leaks/scanner"
)

// goGitListPart reads listed objects (a range's, the index's) with
// go-git, by id.
type goGitListPart struct {
	g       *GitHistory
	entries []catEntry
	staged  map[scanner.ObjectID][]string
}

// Walk implements scanner.Source.
func (p *goGitListPart) Walk(ctx context.Context, yield func(scanner.Item) error) error {
	w := &goGitWalker{
		emit:   newGitEmitter(p.g.counts, yield),
		counts: p.g.counts,
	}
	w.emit.staged = p.staged
	w.openBlob = w.openCurrent
	for _, e := range p.entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		obj, err := p.g.repo.Storer.EncodedObject(plumbing.AnyObject, plumbing.Hash(e.id))
		if err == nil {
			err = w.object(e.id, obj.Type(), obj.Size(), obj.Reader)
		}
		if errors.Is(err, errYield) {
			return errors.Unwrap(err)
		}
		if err != nil {
			return fmt.Errorf("read object %s of %s: %w", e.id, p.g.gitDir, err)
		}
	}
	return nil
}

// Estimate implements scanner.Estimator.
func (p *goGitListPart) Estimate() (objects, bytes int64) { return int64(len(p.entries)), 0 }
