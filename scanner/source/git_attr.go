package source

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"

	"github.com/b24leaks/b24leaks/scanner"
)

// Attribute returns, for each id reachable from some ref or HEAD, where it
// appears: for a blob, every (commit, path) where a commit introduced it;
// for a commit or an annotated tag, its message. Unreachable ids get no
// entry.
func (g *GitHistory) Attribute(ctx context.Context, ids []scanner.ObjectID) (map[scanner.ObjectID][]scanner.Appearance, error) {
	a := g.newAttributor(ids)
	run := a.run
	switch {
	case g.scope.kind != scopeRange && (g.backend != BackendGit || g.listed != nil):
		run = func(ctx context.Context) error { return a.runTreeIndex(ctx, g) }
	case g.backend == BackendGit:
		run = func(ctx context.Context) error { return a.runGitLog(ctx, g) }
	case g.scope.kind == scopeRange:
		run = func(ctx context.Context) error { return a.runRange(ctx, g) }
	}
	if err := run(ctx); err != nil {
		return nil, fmt.Errorf("attribute objects in %s: %w", g.gitDir, err)
	}
	for _, apps := range a.out {
		sortAppearances(apps)
	}
	return a.out, nil
}

// newAttributor returns an attributor looking for ids.
func (g *GitHistory) newAttributor(ids []scanner.ObjectID) *attributor {
	a := &attributor{
		refs:    g.listRefs(),
		s:       g.repo.Storer,
		want:    make(map[plumbing.Hash]bool, len(ids)),
		out:     make(map[scanner.ObjectID][]scanner.Appearance),
		pending: make(map[plumbing.Hash]*object.Commit),
		trees:   newTreeCache(g.repo.Storer),
		tips:    make(map[plumbing.Hash][]string),
		tipRefs: make(map[pathBlob][]string),
		under:   make(map[plumbing.Hash][]pathBlob),
	}
	for _, id := range ids {
		a.want[plumbing.Hash(id)] = true
	}
	if len(g.scope.paths) > 0 {
		a.limit = g.scope.pathLimit
	}
	return a
}

// attributor walks all history reachable from the refs (or the commits
// of a range) once.
type attributor struct {
	s        storer.Storer
	want     map[plumbing.Hash]bool
	all      bool                   // introduced reports every blob, wanted or not (range listing)
	refs     refList                // the repository's refs (listRefs)
	headTip  plumbing.Hash          // the commit HEAD resolves to; zero when unborn
	limit    func(path string) bool // the scope's path limits; nil for none
	out      map[scanner.ObjectID][]scanner.Appearance
	trees    *treeCache
	pending  map[plumbing.Hash]*object.Commit // parents decoded, not yet visited
	head     plumbing.Hash                    // zero when HEAD does not resolve
	headBlob map[string]plumbing.Hash         // wanted blobs in HEAD's tree, by path
	tips     map[plumbing.Hash][]string       // ref tip commit → full ref names
	tipRefs  map[pathBlob][]string            // wanted blob at path → refs (not HEAD's commit) whose tip holds it
	under    map[plumbing.Hash][]pathBlob     // wantedUnder's memo
	index    *treeIndex                       // when set, wantedUnder asks it instead of decoding trees
}

// pathBlob is a blob at a path.
type pathBlob struct {
	path string
	blob plumbing.Hash
}

func (a *attributor) run(ctx context.Context) error {
	tips, err := a.start()
	if err != nil {
		return err
	}
	_, err = walkHistory(ctx, tips, map[plumbing.Hash]bool{}, a.commit, a.visitCommit)
	return err
}

// walkHistory visits, depth first, every commit reachable from tips that
// is not in seen (which it fills), skipping parents that a shallow clone
// lacks, and returns how many it skipped. get reads a commit; visit
// returns the parents to follow.
func walkHistory(ctx context.Context, tips []plumbing.Hash, seen map[plumbing.Hash]bool,
	get func(plumbing.Hash) (*object.Commit, error), visit func(*object.Commit) ([]plumbing.Hash, error)) (int, error) {
	missing := 0
	isTip := make(map[plumbing.Hash]bool, len(tips))
	for _, t := range tips {
		isTip[t] = true
	}
	stack := append([]plumbing.Hash(nil), tips...)
	for len(stack) > 0 {
		if err := ctx.Err(); err != nil {
			return missing, err
		}
		h := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[h] {
			continue
		}
		seen[h] = true
		c, err := get(h)
		if errors.Is(err, plumbing.ErrObjectNotFound) && !isTip[h] {
			missing++ // a parent beyond a shallow clone's boundary
			continue
		}
		if err != nil {
			return missing, fmt.Errorf("commit %s: %w", h, err)
		}
		parents, err := visit(c)
		if err != nil {
			return missing, fmt.Errorf("commit %s: %w", h, err)
		}
		stack = append(stack, parents...)
	}
	return missing, nil
}

// start records the ref tips, HEAD's tree and what the other tips hold,
// and returns the tips.
func (a *attributor) start() ([]plumbing.Hash, error) {
	tips, err := a.refTips()
	if err != nil {
		return nil, err
	}
	return tips, a.loadHeadAndTips()
}

// loadHeadAndTips records what HEAD and the ref tips hold, once refTips
// has found them.
func (a *attributor) loadHeadAndTips() error {
	if err := a.loadHead(); err != nil {
		return err
	}
	return a.loadTips()
}

// runRange attributes within the commits of a range: each is visited
// once, its parents only diffed against.
func (a *attributor) runRange(ctx context.Context, g *GitHistory) error {
	if _, err := a.start(); err != nil {
		return err
	}
	commits, err := g.rangeCommits(ctx)
	if err != nil {
		return err
	}
	for _, h := range commits {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := a.commit(h)
		if err != nil {
			return fmt.Errorf("commit %s: %w", h, err)
		}
		if _, err := a.visitCommit(c); err != nil {
			return fmt.Errorf("commit %s: %w", h, err)
		}
	}
	return nil
}

// refTips returns the commits that refs and HEAD point to, peeling tags
// (and recording the wanted tags met on the way).
func (a *attributor) refTips() ([]plumbing.Hash, error) {
	var tips []plumbing.Hash
	for _, ref := range a.refs.refs {
		tip, err := a.peel(ref.Name().String(), ref.Hash())
		if err != nil {
			return nil, fmt.Errorf("ref %s: %w", ref.Name(), err)
		}
		if tip.IsZero() {
			continue
		}
		tips = append(tips, tip)
		if name := ref.Name(); name != plumbing.HEAD {
			a.tips[tip] = append(a.tips[tip], name.String())
		} else {
			a.headTip = tip
		}
	}
	return tips, nil
}

// peel follows tags from h to a commit; it returns the zero hash when the
// chain ends at a tree or blob (which it attributes to the ref name), or at
// a missing object.
func (a *attributor) peel(ref string, h plumbing.Hash) (plumbing.Hash, error) {
	for depth := 0; depth < 100; depth++ {
		obj, err := a.s.EncodedObject(plumbing.AnyObject, h)
		if errors.Is(err, plumbing.ErrObjectNotFound) {
			return plumbing.ZeroHash, nil
		}
		if err != nil {
			return plumbing.ZeroHash, err
		}
		switch obj.Type() {
		case plumbing.CommitObject:
			return h, nil
		case plumbing.TagObject:
			t, err := object.DecodeTag(a.s, obj)
			if err != nil {
				return plumbing.ZeroHash, fmt.Errorf("tag %s: %w", h, err)
			}
			a.tagAppearance(t)
			h = t.Target
		default:
			return plumbing.ZeroHash, a.refTarget(ref, h, obj.Type())
		}
	}
	return plumbing.ZeroHash, errors.New("tag chain too long")
}

// refTarget attributes wanted blobs that a ref reaches without a commit:
// a tag of a blob (git/git's junio-gpg-pub) at the ref's name, a tag of a
// tree at the ref's name joined with the path inside it.
func (a *attributor) refTarget(ref string, h plumbing.Hash, typ plumbing.ObjectType) error {
	if ref == "" {
		return nil
	}
	found := map[string]plumbing.Hash{}
	switch typ {
	case plumbing.BlobObject:
		found[ref] = h
	case plumbing.TreeObject:
		if err := a.findWanted(h, ref+"/", found); err != nil {
			return err
		}
	}
	for path, blob := range found {
		if a.want[blob] {
			a.add(blob, scanner.Appearance{Kind: scanner.KindHistory, Path: path})
		}
	}
	return nil
}

func (a *attributor) tagAppearance(t *object.Tag) {
	id := scanner.ObjectID(t.Hash)
	if !a.want[t.Hash] || len(a.out[id]) > 0 {
		return
	}
	a.out[id] = []scanner.Appearance{{
		Kind: scanner.KindTagMessage,
		Commit: &scanner.Commit{
			Hash:    t.Hash.String(),
			Author:  t.Tagger.Name,
			Email:   t.Tagger.Email,
			Date:    t.Tagger.When,
			Message: strings.TrimRight(t.Message, "\n"),
		},
	}}
}

// loadHead records HEAD's commit and the wanted blobs in its tree.
func (a *attributor) loadHead() error {
	head := a.headTip
	if head.IsZero() {
		return nil // unborn or missing HEAD: nothing is at HEAD
	}
	c, err := object.GetCommit(a.s, head)
	if err != nil {
		return fmt.Errorf("HEAD commit %s: %w", head, err)
	}
	a.head = head
	a.headBlob = make(map[string]plumbing.Hash)
	return a.findWanted(c.TreeHash, "", a.headBlob)
}

// loadTips records, for each wanted blob at a path, the refs whose tip
// holds it there, leaving out refs whose tip is HEAD's commit.
func (a *attributor) loadTips() error {
	for tip, names := range a.tips {
		if tip == a.head {
			continue
		}
		c, err := object.GetCommit(a.s, tip)
		if err != nil {
			return fmt.Errorf("ref %s: commit %s: %w", names[0], tip, err)
		}
		found, err := a.wantedUnder(c.TreeHash)
		if err != nil {
			return fmt.Errorf("ref %s: %w", names[0], err)
		}
		for _, pb := range found {
			a.tipRefs[pb] = append(a.tipRefs[pb], names...)
		}
	}
	for pb, refs := range a.tipRefs {
		slices.Sort(refs)
		a.tipRefs[pb] = slices.Compact(refs)
	}
	return nil
}

// historyAppearance is blob at path in commit c, with where it still is.
func (a *attributor) historyAppearance(path string, blob plumbing.Hash, c *scanner.Commit) scanner.Appearance {
	return scanner.Appearance{
		Kind: scanner.KindHistory, Path: path, Commit: c,
		AtHead: a.headBlob[path] == blob, Refs: a.tipRefs[pathBlob{path, blob}],
	}
}

// visitCommit records the commit's message and the wanted blobs it
// introduced, and returns its parents.
func (a *attributor) visitCommit(c *object.Commit) ([]plumbing.Hash, error) {
	var meta *scanner.Commit
	commit := func() *scanner.Commit {
		if meta == nil {
			meta = commitMeta(c)
		}
		return meta
	}
	if a.want[c.Hash] {
		a.add(c.Hash, scanner.Appearance{
			Kind:   scanner.KindCommitMessage,
			Commit: commit(), AtHead: c.Hash == a.head,
		})
	}
	err := a.introducedBy(c, func(path string, blob plumbing.Hash) {
		a.add(blob, a.historyAppearance(path, blob, commit()))
	})
	return c.ParentHashes, err
}

// introducedBy calls found for each wanted blob (every blob, with all
// set) that commit c has at a path where none of its parents has it.
func (a *attributor) introducedBy(c *object.Commit, found func(string, plumbing.Hash)) error {
	if a.limit != nil {
		all := found
		found = func(path string, blob plumbing.Hash) {
			if a.limit(path) {
				all(path, blob)
			}
		}
	}
	parents, err := a.parentTrees(c)
	if err != nil {
		return err
	}
	tree, err := a.trees.get(c.TreeHash)
	if err != nil {
		return err
	}
	return a.introduced(tree, parents, "", found)
}

// commitMeta is the metadata reported with a commit's appearances.
func commitMeta(c *object.Commit) *scanner.Commit {
	return &scanner.Commit{
		Hash:    c.Hash.String(),
		Author:  c.Author.Name,
		Email:   c.Author.Email,
		Date:    c.Author.When,
		Message: strings.TrimRight(c.Message, "\n"),
	}
}

// parentTrees returns the root trees of the commit's parents that exist
// (a shallow clone lacks some).
func (a *attributor) parentTrees(c *object.Commit) ([]*object.Tree, error) {
	var trees []*object.Tree
	for _, p := range c.ParentHashes {
		pc, ok := a.pending[p]
		if !ok {
			var err error
			pc, err = object.GetCommit(a.s, p)
			if errors.Is(err, plumbing.ErrObjectNotFound) {
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("parent %s: %w", p, err)
			}
			a.pending[p] = pc
		}
		t, err := a.trees.get(pc.TreeHash)
		if err != nil {
			return nil, err
		}
		trees = append(trees, t)
	}
	return trees, nil
}

// commit returns the commit h, decoded already if it was a parent.
func (a *attributor) commit(h plumbing.Hash) (*object.Commit, error) {
	if c, ok := a.pending[h]; ok {
		delete(a.pending, h)
		return c, nil
	}
	return object.GetCommit(a.s, h)
}

func (a *attributor) add(h plumbing.Hash, app scanner.Appearance) {
	id := scanner.ObjectID(h)
	a.out[id] = append(a.out[id], app)
}

// sortAppearances orders appearances by date, commit and path, so results
// do not depend on the walk order.
func sortAppearances(apps []scanner.Appearance) {
	sort.SliceStable(apps, func(i, j int) bool {
		ci, cj := apps[i].Commit, apps[j].Commit
		if ci == nil || cj == nil { // a ref that points straight at a blob: no commit, last
			if (ci == nil) != (cj == nil) {
				return cj == nil
			}
			return apps[i].Path < apps[j].Path
		}
		if !ci.Date.Equal(cj.Date) {
			return ci.Date.Before(cj.Date)
		}
		if ci.Hash != cj.Hash {
			return ci.Hash < cj.Hash
		}
		return apps[i].Path < apps[j].Path
	})
}
