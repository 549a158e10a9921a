package sourcetest

import (
	"path/filepath"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// Checkout switches to branch (created at at when at is set), or detaches
// HEAD at at when branch is empty.
func (r *Repo) Checkout(branch string, at plumbing.Hash) {
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

// Tag creates a lightweight tag, or an annotated one when msg is set.
func (r *Repo) Tag(name string, target plumbing.Hash, msg string) plumbing.Hash {
	r.t.Helper()
	var opts *git.CreateTagOptions
	if msg != "" {
		opts = &git.CreateTagOptions{Tagger: r.Sig("Tom Tagger"), Message: msg}
	}
	ref, err := r.Git.CreateTag(name, target, opts)
	if err != nil {
		r.t.Fatal(err)
	}
	return ref.Hash()
}

// SetRef points the reference name at h.
func (r *Repo) SetRef(name string, h plumbing.Hash) {
	r.t.Helper()
	ref := plumbing.NewHashReference(plumbing.ReferenceName(name), h)
	if err := r.Git.Storer.SetReference(ref); err != nil {
		r.t.Fatal(err)
	}
}

// RemoveRef deletes the reference name.
func (r *Repo) RemoveRef(name string) {
	r.t.Helper()
	if err := r.Git.Storer.RemoveReference(plumbing.ReferenceName(name)); err != nil {
		r.t.Fatal(err)
	}
}

// LooseBlob stores a blob that nothing refers to.
func (r *Repo) LooseBlob(content string) plumbing.Hash {
	r.t.Helper()
	obj := r.Git.Storer.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, err := obj.Writer()
	if err != nil {
		r.t.Fatal(err)
	}
	w.Write([]byte(content))
	w.Close()
	h, err := r.Git.Storer.SetEncodedObject(obj)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// CloneBare clones the repository into a new bare repository (a pack).
func (r *Repo) CloneBare() string {
	r.t.Helper()
	dst := filepath.Join(r.t.TempDir(), "bare.git")
	if _, err := git.PlainClone(dst, true, &git.CloneOptions{URL: r.Dir}); err != nil {
		r.t.Fatal(err)
	}
	return dst
}

// BlobID is the hash git gives content stored as a blob.
func BlobID(content string) plumbing.Hash {
	return plumbing.ComputeHash(plumbing.BlobObject, []byte(content))
}
