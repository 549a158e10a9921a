package source

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// refList is every ref of a repository with the commit-ish it names, and
// HEAD's target, read so that one bad line does not hide the others.
type refList struct {
	refs []*plumbing.Reference // hash refs (symbolic ones resolved), HEAD included when it resolves
	bad  []string              // what could not be read, for Faults
}

// listRefs returns the repository's refs: go-git's reading, or, when it
// fails (garbage in packed-refs), a reading of loose refs and of the good
// lines of packed-refs.
func (g *GitHistory) listRefs() refList {
	var out refList
	iter, err := g.repo.Storer.IterReferences()
	if err == nil {
		err = iter.ForEach(func(ref *plumbing.Reference) error {
			if ref.Type() == plumbing.SymbolicReference {
				r, rerr := storer.ResolveReference(g.repo.Storer, ref.Name())
				if rerr != nil {
					return nil // dangling, such as an unborn HEAD
				}
				ref = plumbing.NewHashReference(ref.Name(), r.Hash())
			}
			out.refs = append(out.refs, ref)
			return nil
		})
	}
	if err == nil {
		return out
	}
	return g.readRefsByHand()
}

// readRefsByHand reads loose refs, packed-refs line by line and HEAD.
func (g *GitHistory) readRefsByHand() refList {
	var out refList
	common := commonDir(g.gitDir)
	hashes, bad := readPackedRefs(filepath.Join(common, "packed-refs"))
	out.bad = bad
	_ = filepath.WalkDir(filepath.Join(common, "refs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(common, p)
		name := filepath.ToSlash(rel)
		if h, ok := hexHash(strings.TrimSpace(string(data))); ok && !strings.HasSuffix(name, ".lock") {
			hashes[name] = h
		}
		return nil
	})
	for name, h := range hashes {
		out.refs = append(out.refs, plumbing.NewHashReference(plumbing.ReferenceName(name), h))
	}
	if data, err := os.ReadFile(filepath.Join(g.gitDir, "HEAD")); err == nil {
		head := strings.TrimSpace(string(data))
		if target, ok := strings.CutPrefix(head, "ref: "); ok {
			if h, ok := hashes[target]; ok {
				out.refs = append(out.refs, plumbing.NewHashReference(plumbing.HEAD, h))
			}
		} else if h, ok := hexHash(head); ok {
			out.refs = append(out.refs, plumbing.NewHashReference(plumbing.HEAD, h))
		}
	}
	return out
}

func hexHash(s string) (plumbing.Hash, bool) {
	if len(s) != 40 {
		return plumbing.ZeroHash, false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return plumbing.ZeroHash, false
		}
	}
	return plumbing.NewHash(s), true
}

func shorten(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// readPackedRefs reads the good lines of a packed-refs file and names the
// bad ones.
func readPackedRefs(path string) (map[string]plumbing.Hash, []string) {
	hashes := map[string]plumbing.Hash{}
	var bad []string
	f, err := os.Open(path)
	if err != nil {
		return hashes, nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "^") {
			continue
		}
		id, name, ok := strings.Cut(line, " ")
		if h, valid := hexHash(id); ok && valid && strings.HasPrefix(name, "refs/") {
			hashes[name] = h
			continue
		}
		bad = append(bad, fmt.Sprintf("%s:%d: not a ref: %q", path, n, shorten(line)))
	}
	return hashes, bad
}

// packedRefsBroken reports whether packed-refs has a line git will not
// read (then every git command fails, and git runs against a shadow git
// directory that holds only the objects: see startGit).
func (g *GitHistory) packedRefsBroken() bool {
	_, bad := readPackedRefs(filepath.Join(commonDir(g.gitDir), "packed-refs"))
	return len(bad) > 0
}
