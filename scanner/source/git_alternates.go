package source

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/cache"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"
)

// alternateDirs returns the object directories a repository borrows from
// (git clone --shared or --reference, CI caches), as git reads them: each
// line of objects/info/alternates is absolute or relative to the objects
// directory, and alternates have alternates of their own.
func alternateDirs(gitDir string) ([]string, error) {
	var out []string
	seen := map[string]bool{filepath.Join(gitDir, "objects"): true}
	queue := []string{filepath.Join(gitDir, "objects")}
	for len(queue) > 0 && len(out) < 64 {
		objects := queue[0]
		queue = queue[1:]
		f, err := os.Open(filepath.Join(objects, "info", "alternates"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("alternates: %w", err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			dir := line
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(objects, dir)
			}
			dir = filepath.Clean(dir)
			if seen[dir] {
				continue
			}
			seen[dir] = true
			if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
				f.Close()
				return nil, fmt.Errorf("alternate object directory %s (in %s): not a directory", dir, objects)
			}
			out = append(out, dir)
			queue = append(queue, dir)
		}
		f.Close()
	}
	return out, nil
}

// commonDir is the directory holding a git directory's objects: itself,
// or for a linked work tree the main repository's (its commondir file).
func commonDir(gitDir string) string {
	data, err := os.ReadFile(filepath.Join(gitDir, "commondir"))
	if err != nil {
		return gitDir
	}
	dir := strings.TrimSpace(string(data))
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(gitDir, dir)
	}
	return filepath.Clean(dir)
}

// withAlternates gives a repository that borrows objects a storer that
// also looks in every alternate: go-git's own follows only absolute
// paths inside its directory, and one level.
func withAlternates(repo *git.Repository, gitDir string) (*git.Repository, error) {
	dirs, err := alternateDirs(commonDir(gitDir))
	if err != nil || len(dirs) == 0 {
		return repo, err
	}
	st, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return repo, nil
	}
	multi := &alternatesStorer{Storage: st}
	for _, d := range dirs {
		multi.alts = append(multi.alts, filesystem.NewStorage(osfs.New(filepath.Dir(d)), cache.NewObjectLRU(8*cache.MiByte)))
	}
	var wt billy.Filesystem
	if w, err := repo.Worktree(); err == nil {
		wt = w.Filesystem
	}
	return git.Open(multi, wt)
}

// alternatesStorer is a repository's storage that looks up objects it
// lacks in its alternates, in order.
type alternatesStorer struct {
	*filesystem.Storage
	alts []*filesystem.Storage
}

// EncodedObject implements storer.EncodedObjectStorer.
func (s *alternatesStorer) EncodedObject(t plumbing.ObjectType, h plumbing.Hash) (plumbing.EncodedObject, error) {
	obj, err := s.Storage.EncodedObject(t, h)
	if !errors.Is(err, plumbing.ErrObjectNotFound) {
		return obj, err
	}
	for _, a := range s.alts {
		if obj, aerr := a.EncodedObject(t, h); aerr == nil || !errors.Is(aerr, plumbing.ErrObjectNotFound) {
			return obj, aerr
		}
	}
	return nil, err
}

// HasEncodedObject implements storer.EncodedObjectStorer.
func (s *alternatesStorer) HasEncodedObject(h plumbing.Hash) error {
	if err := s.Storage.HasEncodedObject(h); !errors.Is(err, plumbing.ErrObjectNotFound) {
		return err
	}
	for _, a := range s.alts {
		if err := a.HasEncodedObject(h); err == nil {
			return nil
		}
	}
	return plumbing.ErrObjectNotFound
}

var _ storer.EncodedObjectStorer = (*alternatesStorer)(nil)
