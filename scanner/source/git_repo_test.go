package source

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// testRepo builds a repository with fixed names, emails and dates, so
// object hashes are the same on every run.
type testRepo struct {
	t    *testing.T
	dir  string
	repo *git.Repository
	wt   *git.Worktree
	tick int
}

var testEpoch = time.Date(2024, 3, 1, 12, 0, 0, 0, time.FixedZone("", 3*3600))

func newRepo(t *testing.T) *testRepo {
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

// sig returns a signature one minute later than the previous one.
func (r *testRepo) sig(name string) *object.Signature {
	r.tick++
	return &object.Signature{
		Name:  name,
		Email: "dev@example.com",
		When:  testEpoch.Add(time.Duration(r.tick) * time.Minute),
	}
}

func (r *testRepo) write(path, content string) {
	r.t.Helper()
	full := filepath.Join(r.dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.wt.Add(path); err != nil {
		r.t.Fatal(err)
	}
}

func (r *testRepo) remove(path string) {
	r.t.Helper()
	if _, err := r.wt.Remove(path); err != nil {
		r.t.Fatal(err)
	}
}

func (r *testRepo) move(from, to string) {
	r.t.Helper()
	if err := os.MkdirAll(filepath.Dir(filepath.Join(r.dir, to)), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if _, err := r.wt.Move(from, to); err != nil {
		r.t.Fatal(err)
	}
}

// commit records the index with the given extra parents after HEAD.
func (r *testRepo) commit(msg string, parents ...plumbing.Hash) plumbing.Hash {
	r.t.Helper()
	opts := &git.CommitOptions{Author: r.sig("Ann Author"), AllowEmptyCommits: true}
	opts.Committer = opts.Author
	if len(parents) > 0 {
		opts.Parents = append([]plumbing.Hash{r.head()}, parents...)
	}
	h, err := r.wt.Commit(msg, opts)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

func (r *testRepo) head() plumbing.Hash {
	r.t.Helper()
	ref, err := r.repo.Head()
	if err != nil {
		r.t.Fatal(err)
	}
	return ref.Hash()
}

// checkout switches to branch (created at at when at is set), or detaches
// HEAD at at when branch is empty.
func (r *testRepo) checkout(branch string, at plumbing.Hash) {
	r.t.Helper()
	opts := &git.CheckoutOptions{Force: true}
	if branch == "" {
		opts.Hash = at
	} else {
		opts.Branch = plumbing.NewBranchReferenceName(branch)
		opts.Create = !at.IsZero()
		opts.Hash = at
	}
	if err := r.wt.Checkout(opts); err != nil {
		r.t.Fatal(err)
	}
}

// tag creates a lightweight tag, or an annotated one when msg is set.
func (r *testRepo) tag(name string, target plumbing.Hash, msg string) plumbing.Hash {
	r.t.Helper()
	var opts *git.CreateTagOptions
	if msg != "" {
		opts = &git.CreateTagOptions{Tagger: r.sig("Tom Tagger"), Message: msg}
	}
	ref, err := r.repo.CreateTag(name, target, opts)
	if err != nil {
		r.t.Fatal(err)
	}
	return ref.Hash()
}

func (r *testRepo) setRef(name string, h plumbing.Hash) {
	r.t.Helper()
	ref := plumbing.NewHashReference(plumbing.ReferenceName(name), h)
	if err := r.repo.Storer.SetReference(ref); err != nil {
		r.t.Fatal(err)
	}
}

func (r *testRepo) removeRef(name string) {
	r.t.Helper()
	if err := r.repo.Storer.RemoveReference(plumbing.ReferenceName(name)); err != nil {
		r.t.Fatal(err)
	}
}

// looseBlob stores a blob that nothing refers to.
func (r *testRepo) looseBlob(content string) plumbing.Hash {
	r.t.Helper()
	obj := r.repo.Storer.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, err := obj.Writer()
	if err != nil {
		r.t.Fatal(err)
	}
	w.Write([]byte(content))
	w.Close()
	h, err := r.repo.Storer.SetEncodedObject(obj)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// cloneBare clones the repository into a new bare repository (a pack).
func (r *testRepo) cloneBare() string {
	r.t.Helper()
	dst := filepath.Join(r.t.TempDir(), "bare.git")
	if _, err := git.PlainClone(dst, true, &git.CloneOptions{URL: r.dir}); err != nil {
		r.t.Fatal(err)
	}
	return dst
}

func blobID(content string) plumbing.Hash {
	return plumbing.ComputeHash(plumbing.BlobObject, []byte(content))
}
