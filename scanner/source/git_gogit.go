package source

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/format/idxfile"
	"github.com/go-git/go-git/v5/storage/filesystem/dotgit"
)

// goGitPack is one pack file and its entries in pack order, less those
// already present in an earlier pack.
type goGitPack struct {
	dir     *dotgit.DotGit
	hash    plumbing.Hash
	idx     *idxfile.MemoryIndex
	offsets []int64         // every entry's offset, ascending
	hashes  []plumbing.Hash // parallel to offsets
	dup     []bool          // parallel to offsets: also in an earlier pack
}

// indexOf returns the position of the entry at offset, or -1.
func (p *goGitPack) indexOf(offset int64) int {
	i := sort.Search(len(p.offsets), func(i int) bool { return p.offsets[i] >= offset })
	if i < len(p.offsets) && p.offsets[i] == offset {
		return i
	}
	return -1
}

// goGitLoose is a loose object not present in any pack.
type goGitLoose struct {
	dir  *dotgit.DotGit
	hash plumbing.Hash
}

// goGitObjects lists the packs and loose objects of the repository and
// its alternates.
func (g *GitHistory) goGitObjects() ([]*goGitPack, []goGitLoose, error) {
	dirs, err := g.objectDirs()
	if err != nil {
		return nil, nil, err
	}
	var packs []*goGitPack
	for _, d := range dirs {
		hashes, err := d.ObjectPacks()
		if err != nil {
			return nil, nil, err
		}
		for _, h := range hashes {
			p, err := loadGoGitPack(d, h, packs)
			if err != nil {
				return nil, nil, fmt.Errorf("pack %s: %w", h, err)
			}
			packs = append(packs, p)
		}
	}
	loose, err := looseObjects(dirs, packs)
	return packs, loose, err
}

// objectDirs returns the repository's object directory and every
// alternate it borrows from (git_alternates.go), in order.
func (g *GitHistory) objectDirs() ([]*dotgit.DotGit, error) {
	dirs := []*dotgit.DotGit{dotgit.New(g.fs)}
	alts, err := alternateDirs(commonDir(g.gitDir))
	for _, a := range alts {
		if filepath.Base(a) != "objects" {
			return nil, fmt.Errorf("alternate %s: an object directory not named objects is not supported", a)
		}
		dirs = append(dirs, dotgit.New(osfs.New(filepath.Dir(a))))
	}
	return dirs, err
}

func loadGoGitPack(d *dotgit.DotGit, h plumbing.Hash, earlier []*goGitPack) (*goGitPack, error) {
	f, err := d.ObjectPackIdx(h)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	p := &goGitPack{dir: d, hash: h, idx: idxfile.NewMemoryIndex()}
	if err := idxfile.NewDecoder(f).Decode(p.idx); err != nil {
		return nil, err
	}
	iter, err := p.idx.EntriesByOffset()
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	for {
		e, err := iter.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		p.offsets = append(p.offsets, int64(e.Offset))
		p.hashes = append(p.hashes, e.Hash)
		p.dup = append(p.dup, inPacks(earlier, e.Hash))
	}
	return p, nil
}

func inPacks(packs []*goGitPack, h plumbing.Hash) bool {
	for _, p := range packs {
		if ok, _ := p.idx.Contains(h); ok {
			return true
		}
	}
	return false
}

func looseObjects(dirs []*dotgit.DotGit, packs []*goGitPack) ([]goGitLoose, error) {
	var loose []goGitLoose
	seen := map[plumbing.Hash]bool{}
	for _, d := range dirs {
		hashes, err := d.Objects()
		if err != nil {
			return nil, err
		}
		for _, h := range hashes {
			if !seen[h] && !inPacks(packs, h) {
				seen[h] = true
				loose = append(loose, goGitLoose{dir: d, hash: h})
			}
		}
	}
	return loose, nil
}
