package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/b24leaks/b24leaks/scanner"
)

// packRun is the roots of one forest that one walker builds, in pack
// order.
type packRun struct {
	f       *packForest
	roots   []int32
	orphans []int32 // reported as unreadable
}

// packObjectCost is the weight of building one object, in bytes of pack
// data, when splitting the roots into partitions.
const packObjectCost = 200

// forests loads every pack's forest once, with the loose objects.
func (g *GitHistory) forests() ([]*packForest, []goGitLoose, error) {
	if g.packsRead {
		return g.packs, g.loose, g.packsErr
	}
	g.packsRead = true
	packs, loose, err := g.goGitObjects()
	if err != nil {
		g.packsErr = fmt.Errorf("list objects of %s: %w", g.gitDir, err)
		return nil, nil, g.packsErr
	}
	for _, p := range packs {
		f, err := loadPackForest(p)
		if err != nil {
			g.packsErr = fmt.Errorf("pack %s of %s: %w", p.hash, g.gitDir, err)
			return nil, nil, g.packsErr
		}
		g.packs = append(g.packs, f)
	}
	g.loose = loose
	return g.packs, g.loose, nil
}

func loadPackForest(p *goGitPack) (*packForest, error) {
	file, err := p.dir.ObjectPack(p.hash)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return loadForest(p, file)
}

// splitRoots deals the roots of every forest whose objects want takes,
// in pack order, into up to n runs of about equal weight: the pack bytes
// under each root that the walk will build. Orphans go to the last run.
func splitRoots(forests []*packForest, want func(objType) bool, n int) [][]packRun {
	weights := make([][]int64, len(forests))
	var total int64
	for k, f := range forests {
		weights[k] = f.rootWeights(want)
		for _, w := range weights[k] {
			total += w
		}
	}
	out := make([][]packRun, 1, n)
	var acc int64
	for k, f := range forests {
		run := packRun{f: f}
		for i, w := range weights[k] {
			if w == 0 {
				continue
			}
			run.roots = append(run.roots, int32(i))
			acc += w
			if len(out) < n && acc*int64(n) >= total*int64(len(out)) {
				out[len(out)-1] = append(out[len(out)-1], run)
				out, run = append(out, nil), packRun{f: f}
			}
		}
		out[len(out)-1] = append(out[len(out)-1], run)
	}
	last := &out[len(out)-1]
	for _, f := range forests {
		if len(f.orphans) > 0 {
			*last = append(*last, packRun{f: f, orphans: f.orphans})
		}
	}
	return out
}

// rootWeights returns, for every entry, zero unless it is a root whose
// objects want takes, and then the pack bytes of it and its deltas.
func (f *packForest) rootWeights(want func(objType) bool) []int64 {
	w := make([]int64, len(f.entries))
	order := make([]int32, 0, len(f.entries))
	for i := range f.entries {
		if t := f.entries[i].typ; f.isRoot(int32(i)) && (t == objOther || want(t)) {
			order = append(order, int32(i))
		}
	}
	for j := 0; j < len(order); j++ { // breadth first: bases before their deltas
		order = append(order, f.children(order[j])...)
	}
	for j := len(order) - 1; j >= 0; j-- {
		i := order[j]
		_, n := f.extent(i)
		w[i] += n + packObjectCost
		if b := f.entries[i].base; b != noBase {
			w[b] += w[i]
			w[i] = 0
		}
	}
	return w
}

// packPart is one partition of a whole-history scan read in process.
type packPart struct {
	g     *GitHistory
	runs  []packRun
	loose []goGitLoose
	trees int64                        // trees it skips, for the counts
	links map[plumbing.Hash]commitLink // the commits it offered: their trees and parents
}

// goGitParts splits the packed objects but trees into n parts of about
// equal weight; loose objects go to the last.
func (g *GitHistory) goGitParts(ctx context.Context, n int) ([]scanner.Source, error) {
	forests, loose, err := g.forests()
	if err != nil {
		return nil, err
	}
	runs := splitRoots(forests, func(t objType) bool { return t != objTree }, n)
	parts := make([]scanner.Source, len(runs))
	g.packParts = g.packParts[:0]
	for k, r := range runs {
		p := &packPart{g: g, runs: r, links: map[plumbing.Hash]commitLink{}}
		parts[k] = p
		g.packParts = append(g.packParts, p)
	}
	parts[len(parts)-1].(*packPart).loose = loose
	for _, f := range forests {
		parts[0].(*packPart).trees += f.trees
	}
	return parts, nil
}

// Walk implements scanner.Source.
func (p *packPart) Walk(ctx context.Context, yield func(scanner.Item) error) error {
	p.g.counts.trees.Add(p.trees)
	v := &packScan{emit: newGitEmitter(p.g.counts, yield)}
	v.emit.links = p.links
	v.openBlob = v.openCurrent
	if err := walkRuns(ctx, p.runs, v, p.g.externalBase); err != nil {
		return err
	}
	return walkLoose(ctx, p.g, p.loose, yield)
}

// walkRuns builds what v wants of the runs' roots and reports their
// orphans to v.
func walkRuns(ctx context.Context, runs []packRun, v packVisitor, ext packExternalBase) error {
	for _, r := range runs {
		for _, i := range r.orphans {
			if err := v.failed(r.f.pack.hashes[i], objOther, r.f.whyOrphan(i)); err != nil {
				return err
			}
		}
		if len(r.roots) == 0 {
			continue
		}
		w, err := newPackWalker(r.f, v, ext)
		if err != nil {
			return err
		}
		err = w.walkRoots(ctx, r.roots)
		w.close()
		if err != nil {
			return err
		}
	}
	return nil
}

// externalBase reads a delta base that is not in the delta's pack.
func (g *GitHistory) externalBase(id plumbing.Hash) (objType, []byte, error) {
	g.storer.Lock()
	defer g.storer.Unlock()
	obj, err := g.repo.Storer.EncodedObject(plumbing.AnyObject, id)
	if err != nil {
		return objOther, nil, err
	}
	r, err := obj.Reader()
	if err != nil {
		return objOther, nil, err
	}
	defer r.Close()
	b, err := readAllInto(nil, r)
	return objTypeOf(obj.Type()), b, err
}

// packScan offers the blobs, commits and tags a walk builds.
type packScan struct {
	emit     *gitEmitter
	content  bytes.Reader
	cur      io.Reader // the blob being offered, until it is opened
	openBlob func() (io.Reader, error)
}

func (v *packScan) want(t objType) bool { return t != objTree }

func (v *packScan) object(o *packObject) error {
	if o.dup {
		return nil
	}
	switch o.typ {
	case objCommit:
		return v.emit.commit(scanner.ObjectID(o.id), o.content)
	case objTag:
		return v.emit.tag(scanner.ObjectID(o.id), o.content)
	case objBlob:
		v.cur = o.stream
		if o.stream == nil {
			v.content.Reset(o.content)
			v.cur = &v.content
		}
		err := v.emit.blob(scanner.ObjectID(o.id), o.size, v.openBlob)
		v.cur = nil
		v.content.Reset(nil)
		return err
	}
	return nil
}

func (v *packScan) openCurrent() (io.Reader, error) {
	if v.cur == nil {
		return nil, errors.New("content opened twice or after its item")
	}
	r := v.cur
	v.cur = nil
	return r, nil
}

func (v *packScan) failed(id plumbing.Hash, t objType, err error) error {
	return v.emit.yield(failedItem(catEntry{id: scanner.ObjectID(id), typ: t}, err))
}
