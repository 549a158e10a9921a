package main

import (
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/b24leaks/b24leaks/scanner/source/sourcetest"
)

var synthCode = sourcetest.SynthCode

// testRepo adds whole-commit helpers to sourcetest.Repo.
type testRepo struct{ *sourcetest.Repo }

func newTestRepo(t *testing.T) *testRepo { return &testRepo{sourcetest.NewRepo(t)} }

// commit writes files (content "" deletes) and commits them; it returns the commit hash.
func (r *testRepo) commit(msg string, files map[string]string) string {
	for name, content := range files {
		if content == "" {
			r.Remove(name)
		} else {
			r.Write(name, content)
		}
	}
	return r.Commit(msg).String()
}

// branch switches to a branch, creating it at HEAD when create is set.
func (r *testRepo) branch(name string, create bool) {
	at := plumbing.ZeroHash
	if create {
		at = r.Head()
	}
	r.Checkout(name, at)
}

// tag tags HEAD; message "" makes a lightweight tag.
func (r *testRepo) tag(name, message string) { r.Tag(name, r.Head(), message) }
