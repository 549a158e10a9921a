// Package sourcetest builds git repositories and synthetic credentials for
// tests. Repositories get fixed names, emails and dates, so object hashes
// (and golden reports that show them) are the same on every run; secrets
// are generated at test time, so no credential-shaped literal is committed.
package sourcetest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Repo is a repository in a test's temporary directory.
type Repo struct {
	t    testing.TB
	Dir  string
	Git  *git.Repository
	wt   *git.Worktree
	tick int
}

// Epoch is the date of the first signature; each later one is a minute on.
var Epoch = time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("", 3*3600))

// NewRepo initialises a repository with a work tree.
func NewRepo(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	repo, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{t: t, Dir: dir, Git: repo, wt: wt}
}

// Sig returns a signature for name one minute later than the previous one.
func (r *Repo) Sig(name string) *object.Signature {
	r.tick++
	return &object.Signature{Name: name, Email: "dev@example.com", When: Epoch.Add(time.Duration(r.tick) * time.Minute)}
}

// WriteFile writes content to the slash-separated path under root,
// creating its directories.
func WriteFile(t testing.TB, root, path, content string) {
	t.Helper()
	full := filepath.Join(root, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Write writes a file and adds it to the index.
func (r *Repo) Write(path, content string) {
	r.t.Helper()
	WriteFile(r.t, r.Dir, path, content)
	if _, err := r.wt.Add(path); err != nil {
		r.t.Fatal(err)
	}
}

// Add adds a path of the work tree to the index as it is.
func (r *Repo) Add(path string) {
	r.t.Helper()
	if _, err := r.wt.Add(path); err != nil {
		r.t.Fatal(err)
	}
}

// Remove deletes a file from the work tree and the index.
func (r *Repo) Remove(path string) {
	r.t.Helper()
	if _, err := r.wt.Remove(path); err != nil {
		r.t.Fatal(err)
	}
}

// Move renames a file in the work tree and the index.
func (r *Repo) Move(from, to string) {
	r.t.Helper()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(r.Dir, to)), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.wt.Move(from, to); err != nil {
		r.t.Fatal(err)
	}
}

// Commit records the index with the given extra parents after HEAD.
func (r *Repo) Commit(msg string, parents ...plumbing.Hash) plumbing.Hash {
	r.t.Helper()
	opts := &git.CommitOptions{Author: r.Sig("Ann Author"), AllowEmptyCommits: true}
	opts.Committer = opts.Author
	if len(parents) > 0 {
		opts.Parents = append([]plumbing.Hash{r.Head()}, parents...)
	}
	h, err := r.wt.Commit(msg, opts)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// Head returns the commit HEAD points at.
func (r *Repo) Head() plumbing.Hash {
	r.t.Helper()
	ref, err := r.Git.Head()
	if err != nil {
		r.t.Fatal(err)
	}
	return ref.Hash()
}
