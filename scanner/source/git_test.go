package source

import (
	"context"
	"errors"
	"io"
	"maps"
	"os/exec"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/b24leaks/b24leaks/scanner"
)

var backends = []GitBackend{BackendGit, BackendGoGit}

// history is a repository with modifications, a move, a delete and
// re-add, a merge, tags (one on a tag), a stash ref, a custom ref, a
// detached HEAD and an unreferenced blob.
type history struct {
	*testRepo
	c1, c2, c3, c4, c5, f1, m, s1, x1, d1 plumbing.Hash
	v1, outer, dangling                   plumbing.Hash
	bare                                  string // bare clone made after the tags
}

func buildHistory(t *testing.T) *history {
	r := newRepo(t)
	h := &history{testRepo: r}
	r.Write("a.txt", "alpha\n")
	r.Write("dir/b.txt", "bravo\n")
	h.c1 = r.Commit("first\n")
	r.Write("a.txt", "alpha 2\n")
	h.c2 = r.Commit("modify a\n")
	r.Checkout("feature", h.c2)
	r.Write("shared.txt", "shared\n")
	h.f1 = r.Commit("feature work\n")
	r.Checkout("master", plumbing.ZeroHash)
	r.Move("dir/b.txt", "moved/b.txt")
	h.c3 = r.Commit("move b\n")
	r.Remove("a.txt")
	h.c4 = r.Commit("delete a\n")
	r.Write("a.txt", "alpha\n")
	h.c5 = r.Commit("re-add a\n")
	r.Write("shared.txt", "shared\n")
	r.Write("merge.txt", "merge only\n")
	h.m = r.Commit("merge feature\n\nwith a body\n", h.f1)
	r.Tag("light", h.c1, "")
	h.v1 = r.Tag("v1", h.m, "release one\n")
	h.outer = r.Tag("v1-outer", h.v1, "outer tag\n")
	h.bare = r.CloneBare()
	h.s1 = h.sideCommit("tmp-stash", "stash.txt", "stashed\n", "WIP on master\n")
	h.x1 = h.sideCommit("tmp-custom", "custom.txt", "custom\n", "custom ref\n")
	r.SetRef("refs/stash", h.s1)
	r.SetRef("refs/custom/x", h.x1)
	r.Checkout("", h.m)
	r.Write("detached.txt", "detached\n")
	h.d1 = r.Commit("detached work\n")
	h.dangling = r.LooseBlob("dangling\n")
	return h
}

// sideCommit commits one file on a temporary branch off the merge and
// deletes the branch, leaving the commit to be referenced otherwise.
func (h *history) sideCommit(branch, path, content, msg string) plumbing.Hash {
	h.Checkout(branch, h.m)
	h.Write(path, content)
	c := h.Commit(msg)
	h.Checkout("master", plumbing.ZeroHash)
	h.RemoveRef("refs/heads/" + branch)
	return c
}

// walked is what Walk offered for one id.
type walked struct {
	kind    scanner.Kind
	size    int64
	content string
	count   int
}

func walkAll(t *testing.T, src scanner.Source) map[scanner.ObjectID]walked {
	t.Helper()
	got := map[scanner.ObjectID]walked{}
	err := src.Walk(context.Background(), func(it scanner.Item) error {
		b, err := readItem(it)
		if err != nil {
			return err
		}
		if it.Appearance.Path != "" || it.Appearance.Commit != nil {
			t.Errorf("item %s has a location %+v", it.ID, it.Appearance)
		}
		w := got[it.ID]
		got[it.ID] = walked{it.Appearance.Kind, it.Size, b, w.count + 1}
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return got
}

// readItem opens an item and reads all of it.
func readItem(it scanner.Item) (string, error) {
	r, err := it.Open()
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(r)
	return string(b), err
}

// expectedWalk lists blobs, commits and tags with go-git's own iterators.
func expectedWalk(t *testing.T, r *testRepo) map[scanner.ObjectID]walked {
	t.Helper()
	want := map[scanner.ObjectID]walked{}
	s := r.Git.Storer
	each := func(typ plumbing.ObjectType, f func(plumbing.EncodedObject) walked) {
		iter, err := s.IterEncodedObjects(typ)
		if err != nil {
			t.Fatal(err)
		}
		err = iter.ForEach(func(o plumbing.EncodedObject) error {
			want[scanner.ObjectID(o.Hash())] = f(o)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	each(plumbing.BlobObject, func(o plumbing.EncodedObject) walked {
		rd, _ := o.Reader()
		b, _ := io.ReadAll(rd)
		return walked{scanner.KindHistory, o.Size(), string(b), 1}
	})
	each(plumbing.CommitObject, func(o plumbing.EncodedObject) walked {
		c, _ := object.DecodeCommit(s, o)
		return walked{scanner.KindCommitMessage, int64(len(c.Message)), c.Message, 1}
	})
	each(plumbing.TagObject, func(o plumbing.EncodedObject) walked {
		tg, _ := object.DecodeTag(s, o)
		return walked{scanner.KindTagMessage, int64(len(tg.Message)), tg.Message, 1}
	})
	return want
}

// openGit opens path with backend b, skipping the test where b is the git
// binary and none is installed (CI installs it, so there it always runs).
func openGit(t *testing.T, path string, b GitBackend) *GitHistory {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil && b == BackendGit {
		t.Skip("needs the git binary")
	}
	g, err := OpenGit(path, GitOptions{Backend: b})
	if err != nil {
		t.Fatalf("OpenGit(%s): %v", b, err)
	}
	if g.Backend() != b {
		t.Fatalf("Backend() = %s, want %s", g.Backend(), b)
	}
	return g
}

func TestGitWalkOffersEveryObjectOnce(t *testing.T) {
	h := buildHistory(t)
	want := expectedWalk(t, h.testRepo)
	spot := map[plumbing.Hash]walked{
		blobID("alpha\n"):    {scanner.KindHistory, 6, "alpha\n", 1},
		blobID("dangling\n"): {scanner.KindHistory, 9, "dangling\n", 1},
		h.c1:                 {scanner.KindCommitMessage, 6, "first\n", 1},
		h.m:                  {scanner.KindCommitMessage, 27, "merge feature\n\nwith a body\n", 1},
		h.v1:                 {scanner.KindTagMessage, 12, "release one\n", 1},
		h.outer:              {scanner.KindTagMessage, 10, "outer tag\n", 1},
	}
	for id, w := range spot {
		if want[scanner.ObjectID(id)] != w {
			t.Fatalf("oracle disagrees on %s: %+v", id, want[scanner.ObjectID(id)])
		}
	}
	// 10 commits, 2 tags, 9 distinct blobs (with the dangling one).
	if len(want) != 10+2+9 {
		t.Fatalf("oracle has %d objects", len(want))
	}
	var first map[scanner.ObjectID]walked
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			g := openGit(t, h.Dir, b)
			got := walkAll(t, g)
			if !maps.Equal(got, want) {
				t.Errorf("Walk offered:\n%v\nwant:\n%v", got, want)
			}
			c := g.Counts()
			if c.Commits != 10 || c.Tags != 2 || c.Blobs != 9 || c.Trees == 0 {
				t.Errorf("Counts() = %+v", c)
			}
			if first == nil {
				first = got
			} else if !maps.Equal(got, first) {
				t.Errorf("backends disagree")
			}
		})
	}
}

func TestGitWalkStopsOnYieldError(t *testing.T) {
	h := buildHistory(t)
	stop := errors.New("stop")
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			n := 0
			err := openGit(t, h.Dir, b).Walk(context.Background(), func(scanner.Item) error {
				n++
				if n == 3 {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) || n != 3 {
				t.Fatalf("Walk = %v after %d items, want stop after 3", err, n)
			}
		})
	}
}

func TestGitWalkSkipsUnopenedContent(t *testing.T) {
	h := buildHistory(t)
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			seen := map[scanner.ObjectID]bool{}
			err := openGit(t, h.Dir, b).Walk(context.Background(), func(it scanner.Item) error {
				if seen[it.ID] {
					t.Errorf("%s offered twice", it.ID)
				}
				seen[it.ID] = true
				if it.Size > 0 && it.ID[0]%2 == 0 { // read a little of some
					r, _ := it.Open()
					var one [1]byte
					if _, err := r.Read(one[:]); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil || len(seen) != 21 {
				t.Fatalf("Walk = %v, %d items", err, len(seen))
			}
		})
	}
}

func TestGitSplitPartitionsTheWalk(t *testing.T) {
	h := buildHistory(t)
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			g := openGit(t, h.Dir, b)
			want := walkAll(t, g)
			parts, err := g.Split(context.Background(), 2)
			if err != nil {
				t.Fatal(err)
			}
			got := map[scanner.ObjectID]walked{}
			for _, p := range parts {
				for id, w := range walkAll(t, p) {
					if _, dup := got[id]; dup {
						t.Errorf("%s in two partitions", id)
					}
					got[id] = w
				}
			}
			if !maps.Equal(got, want) {
				t.Errorf("partitions offer %d objects, Walk %d", len(got), len(want))
			}
		})
	}
}

func TestGitOpenErrors(t *testing.T) {
	dir := t.TempDir()
	for _, b := range append(backends, BackendAuto) {
		_, err := OpenGit(dir, GitOptions{Backend: b})
		if err == nil || err.Error() != "open repository "+dir+": not a git repository" {
			t.Errorf("%s: OpenGit(empty dir) = %v", b, err)
		}
		missing := dir + "/nope"
		_, err = OpenGit(missing, GitOptions{Backend: b})
		if err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("%s: OpenGit(missing) = %v", b, err)
		}
	}
	h := newRepo(t)
	if _, err := OpenGit(h.Dir, GitOptions{Backend: "svn"}); err == nil {
		t.Error("unknown backend accepted")
	}
}

// Auto reads a whole history in process, git or no git, and a range
// with git when it is on PATH.
func TestGitAutoChoosesByScope(t *testing.T) {
	h := buildHistory(t)
	g, err := OpenGit(h.Dir, GitOptions{})
	if err != nil || g.Backend() != BackendGoGit {
		t.Errorf("auto on the whole history: %v, %v", g, err)
	}
	g, err = OpenGit(h.Dir, GitOptions{Scope: CommitRange("HEAD")})
	if _, lookErr := exec.LookPath("git"); lookErr == nil && (err != nil || g.Backend() != BackendGit) {
		t.Errorf("auto on a range with git on PATH: %v, %v", g, err)
	}
	t.Setenv("PATH", t.TempDir())
	g, err = OpenGit(h.Dir, GitOptions{Backend: BackendAuto, Scope: CommitRange("HEAD")})
	if err != nil || g.Backend() != BackendGoGit {
		t.Errorf("auto on a range without git: %v, %v", g, err)
	}
}
