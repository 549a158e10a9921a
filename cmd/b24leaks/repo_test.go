package main

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// synthCode returns a deterministic random-looking 16-char webhook code.
// Fixtures are built at test time so no secret-shaped literal is committed.
func synthCode(seed uint64) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	r := rand.New(rand.NewPCG(seed, 0xb24))
	for {
		b := make([]byte, 16)
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		if s := string(b); strings.ContainsAny(s, "0123456789") && strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") {
			return s
		}
	}
}

// testRepo builds a git repository commit by commit with fixed identities
// and dates, so hashes and reports are stable.
type testRepo struct {
	t    *testing.T
	dir  string
	repo *git.Repository
	wt   *git.Worktree
	tick int
}

func newTestRepo(t *testing.T) *testRepo {
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
	return &testRepo{t: t, dir: dir, repo: repo, wt: wt}
}

func (r *testRepo) when() time.Time {
	r.tick++
	return time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(r.tick) * time.Hour)
}

func (r *testRepo) sig() *object.Signature {
	return &object.Signature{Name: "Dev One", Email: "dev@example.test", When: r.when()}
}

// write sets files (content "" deletes) and commits them; it returns the commit hash.
func (r *testRepo) commit(msg string, files map[string]string) string {
	r.t.Helper()
	for name, content := range files {
		path := filepath.Join(r.dir, name)
		if content == "" {
			if _, err := r.wt.Remove(name); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
		if _, err := r.wt.Add(name); err != nil {
			r.t.Fatal(err)
		}
	}
	sig := r.sig()
	h, err := r.wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatal(err)
	}
	return h.String()
}

func (r *testRepo) branch(name string, create bool) {
	r.t.Helper()
	err := r.wt.Checkout(&git.CheckoutOptions{Branch: plumbing.NewBranchReferenceName(name), Create: create})
	if err != nil {
		r.t.Fatal(err)
	}
}

func (r *testRepo) tag(name, message string) {
	r.t.Helper()
	head, err := r.repo.Head()
	if err != nil {
		r.t.Fatal(err)
	}
	var opts *git.CreateTagOptions
	if message != "" {
		opts = &git.CreateTagOptions{Tagger: r.sig(), Message: message}
	}
	if _, err := r.repo.CreateTag(name, head.Hash(), opts); err != nil {
		r.t.Fatal(err)
	}
}
