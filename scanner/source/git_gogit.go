package source

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
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
	entries, err := idxEntries(p.idx)
	if err != nil {
		return nil, err
	}
	sortByOffset(entries)
	p.offsets = make([]int64, len(entries))
	p.hashes = make([]plumbing.Hash, len(entries))
	p.dup = make([]bool, len(entries))
	for i, e := range entries {
		p.offsets[i], p.hashes[i] = e.offset, e.hash
		p.dup[i] = len(earlier) > 0 && inPacks(earlier, e.hash)
	}
	return p, nil
}

// sortByOffset sorts a pack's entries by offset: as keys of offset and
// position when they fit in 64 bits (packs under 1 TiB with under 16 M
// objects), which sorts four times faster than the entries themselves.
func sortByOffset(entries []idxEntry) {
	const posBits = 24
	if len(entries) >= 1<<posBits || slices.ContainsFunc(entries, func(e idxEntry) bool { return e.offset >= 1<<(64-posBits) }) {
		slices.SortFunc(entries, func(a, b idxEntry) int { return cmp.Compare(a.offset, b.offset) })
		return
	}
	keys := make([]uint64, len(entries))
	for i, e := range entries {
		keys[i] = uint64(e.offset)<<posBits | uint64(i)
	}
	slices.Sort(keys)
	sorted := make([]idxEntry, len(entries))
	for i, k := range keys {
		sorted[i] = entries[k&(1<<posBits-1)]
	}
	copy(entries, sorted)
}

// idxEntry is one object of a pack index.
type idxEntry struct {
	offset int64
	hash   plumbing.Hash
}

// idxEntries lists a decoded pack index's objects in id order, read
// straight from its tables: go-git's EntriesByOffset allocates an entry
// for each and sorts them through an interface, a third of a second on
// git/git.
func idxEntries(idx *idxfile.MemoryIndex) ([]idxEntry, error) {
	out := make([]idxEntry, 0, idx.Fanout[255])
	for k := range 256 {
		m := idx.FanoutMapping[k]
		if m < 0 {
			continue
		}
		names, offs := idx.Names[m], idx.Offset32[m]
		if len(offs)*hashSize != len(names)*4 {
			return nil, errors.New("malformed pack index")
		}
		for j := 0; j < len(names)/hashSize; j++ {
			off := int64(be32(offs[4*j:]))
			if off&(1<<31) != 0 {
				at := 8 * (off &^ (1 << 31))
				if at+8 > int64(len(idx.Offset64)) {
					return nil, errors.New("malformed pack index: a large offset out of range")
				}
				off = int64(binary.BigEndian.Uint64(idx.Offset64[at:]))
			}
			out = append(out, idxEntry{offset: off, hash: plumbing.Hash(names[hashSize*j : hashSize*(j+1)])})
		}
	}
	return out, nil
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
