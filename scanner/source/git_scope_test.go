package source

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/b24leaks/b24leaks/scanner"
)

// offered is what a scoped walk offered: content and kind by id, and the
// staged paths in order.
type offered struct {
	contents map[scanner.ObjectID]string
	kinds    map[scanner.ObjectID]scanner.Kind
	paths    []string // staged: "path=content" per item, sorted
	deferred bool
}

func walkScope(t *testing.T, g *GitHistory) offered {
	t.Helper()
	got := offered{contents: map[scanner.ObjectID]string{}, kinds: map[scanner.ObjectID]scanner.Kind{}}
	err := g.Walk(context.Background(), func(it scanner.Item) error {
		got.deferred = got.deferred || it.Deferred
		if it.Skip != "" {
			got.paths = append(got.paths, it.Appearance.Path+"="+string(it.Skip))
			return nil
		}
		data := got.contents[it.ID]
		if _, ok := got.contents[it.ID]; !ok {
			var err error
			if data, err = readItem(it); err != nil {
				return err
			}
		}
		got.contents[it.ID], got.kinds[it.ID] = data, it.Appearance.Kind
		if it.Appearance.Kind == scanner.KindStaged {
			got.paths = append(got.paths, it.Appearance.Path+"="+strings.TrimSpace(data))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	slices.Sort(got.paths)
	return got
}

// rangeRepo: c1 adds a.txt and b.txt; c2 changes a.txt; c3 adds c.txt and
// restores a.txt's first content; c4 is a message-only commit.
func rangeRepo(t *testing.T) (*testRepo, [4]plumbing.Hash) {
	r := newRepo(t)
	var c [4]plumbing.Hash
	r.Write("a.txt", "one\n")
	r.Write("b.txt", "bee\n")
	c[0] = r.Commit("first\n")
	r.Write("a.txt", "two\n")
	c[1] = r.Commit("second\n")
	r.Write("a.txt", "one\n")
	r.Write("c.txt", "sea\n")
	c[2] = r.Commit("third\n")
	c[3] = r.Commit("fourth: nothing changed\n")
	return r, c
}

func TestGitCommitRangeOffersOnlyTheRange(t *testing.T) {
	r, c := rangeRepo(t)
	want := map[scanner.ObjectID]string{
		scanner.ObjectID(c[2]):            "third\n",
		scanner.ObjectID(c[3]):            "fourth: nothing changed\n",
		scanner.ObjectID(blobID("one\n")): "one\n", // re-introduced at a.txt by c3
		scanner.ObjectID(blobID("sea\n")): "sea\n",
	}
	for _, rev := range [][]string{{c[1].String() + ".." + c[3].String()}, {c[3].String(), "^" + c[1].String()}, {"HEAD~2..HEAD"}} {
		var walks []offered
		for _, b := range backends {
			t.Run(strings.Join(rev, " ")+"/"+string(b), func(t *testing.T) {
				g := openGit(t, r.Dir, b)
				g.scope = CommitRange(rev...)
				got := walkScope(t, g)
				if !reflect.DeepEqual(got.contents, want) || !got.deferred {
					t.Errorf("offered %q (deferred %v), want %q", got.contents, got.deferred, want)
				}
				walks = append(walks, got)
			})
		}
		if len(walks) == 2 && !reflect.DeepEqual(walks[0], walks[1]) {
			t.Errorf("%v: backends disagree", rev)
		}
	}
}

// Attribution follows the scope: content introduced before the range is
// placed only where the range introduced it again.
func TestGitCommitRangeAttributesWithinTheRange(t *testing.T) {
	r, c := rangeRepo(t)
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			g := openGit(t, r.Dir, b)
			g.scope = CommitRange(c[1].String() + "..HEAD")
			got, err := g.Attribute(context.Background(), []scanner.ObjectID{
				scanner.ObjectID(blobID("one\n")), scanner.ObjectID(blobID("bee\n")), scanner.ObjectID(c[0]), scanner.ObjectID(c[2]),
			})
			if err != nil {
				t.Fatal(err)
			}
			one := got[scanner.ObjectID(blobID("one\n"))]
			if len(one) != 1 || one[0].Commit.Hash != c[2].String() || one[0].Path != "a.txt" || !one[0].AtHead {
				t.Errorf("one: %+v, want only c3's a.txt at HEAD", one)
			}
			if len(got[scanner.ObjectID(blobID("bee\n"))]) != 0 || len(got[scanner.ObjectID(c[0])]) != 0 {
				t.Errorf("objects outside the range placed: %+v", got)
			}
			if m := got[scanner.ObjectID(c[2])]; len(m) != 1 || m[0].Kind != scanner.KindCommitMessage {
				t.Errorf("c3's message: %+v", m)
			}
		})
	}
}

func TestGitCommitRangeBadRevision(t *testing.T) {
	r, _ := rangeRepo(t)
	for _, rev := range []string{"nope..HEAD", "HEAD...nope", "^nope"} {
		g, err := OpenGit(r.Dir, GitOptions{Backend: BackendGoGit, Scope: CommitRange(rev)})
		if err != nil {
			t.Fatal(err)
		}
		err = g.Walk(context.Background(), func(scanner.Item) error { return nil })
		if err == nil || !strings.Contains(err.Error(), rev) {
			t.Errorf("%s: err = %v, want one naming the revision", rev, err)
		}
	}
}

// stagedRepo has a commit, then a staged modification, a new file, a
// rename, a copy of one blob to two new paths, a deletion and a symlink;
// the work tree holds other content than the index for one file.
func stagedRepo(t *testing.T) *testRepo {
	r := newRepo(t)
	r.Write("keep.txt", "unchanged\n")
	r.Write("mod.txt", "old\n")
	r.Write("gone.txt", "deleted\n")
	r.Write("from.txt", "moving\n")
	r.Commit("base\n")
	r.Write("mod.txt", "staged version\n")
	if err := os.WriteFile(filepath.Join(r.Dir, "mod.txt"), []byte("work tree version, not staged\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.Write("new/added.txt", "added\n")
	r.Move("from.txt", "to.txt")
	r.Write("copy1.txt", "twice\n")
	r.Write("copy2.txt", "twice\n")
	r.Remove("gone.txt")
	if err := os.Symlink("keep.txt", filepath.Join(r.Dir, "link")); err != nil {
		t.Fatal(err)
	}
	r.Add("link")
	return r
}

func TestGitStagedOffersTheIndexAgainstHead(t *testing.T) {
	r := stagedRepo(t)
	want := []string{"copy1.txt=twice", "copy2.txt=twice", "link=symlink", "mod.txt=staged version", "new/added.txt=added", "to.txt=moving"}
	var walks []offered
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			g := openGit(t, r.Dir, b)
			g.scope = StagedChanges()
			got := walkScope(t, g)
			if !reflect.DeepEqual(got.paths, want) || got.deferred {
				t.Errorf("staged %q (deferred %v), want %q", got.paths, got.deferred, want)
			}
			walks = append(walks, got)
		})
	}
	if len(walks) == 2 && !reflect.DeepEqual(walks[0], walks[1]) {
		t.Error("backends disagree")
	}
}

func TestGitStagedBeforeTheFirstCommit(t *testing.T) {
	r := newRepo(t)
	r.Write("first.txt", "hello\n")
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			g := openGit(t, r.Dir, b)
			g.scope = StagedChanges()
			if got := walkScope(t, g); !reflect.DeepEqual(got.paths, []string{"first.txt=hello"}) {
				t.Errorf("staged %q", got.paths)
			}
		})
	}
}

// Through the scanner: a range scan reports only what the range added,
// attributed to its commits; an index scan reports each staged path of a
// blob, with kind staged and the line of the staged content.
func TestScanWithScopes(t *testing.T) {
	hook := func(seed uint64) string {
		return "https://b24-k3v9q2.bitrix24.ru/rest/1/" + synthCode(seed) + "/"
	}
	r := newRepo(t)
	r.Write("old.env", "HOOK="+hook(80)+"\n")
	base := r.Commit("old leak\n")
	r.Write("new.env", "# added\nHOOK="+hook(81)+"\n")
	r.Commit("new leak\n")
	r.Write("a/staged.py", "x = 1\nURL = '"+hook(82)+"'\n")
	r.Write("b/staged.py", "x = 1\nURL = '"+hook(82)+"'\n")
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			rng := openGit(t, r.Dir, b)
			rng.scope = CommitRange(base.String() + "..HEAD")
			res, err := scanner.Scan(context.Background(), []scanner.Source{rng}, scanner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 || res.Findings[0].Secret.Reveal() != synthCode(81) {
				t.Fatalf("range: %+v, want only the leak the range added", res.Findings)
			}
			if l := res.Findings[0].Locations[0]; l.Appearance.Path != "new.env" || l.Start.Line != 2 || l.Appearance.Commit.Message != "new leak" {
				t.Errorf("range location %+v", l)
			}
			idx, err := OpenGit(r.Dir, GitOptions{Backend: b, Scope: StagedChanges()})
			if err != nil {
				t.Fatal(err)
			}
			res, err = scanner.Scan(context.Background(), []scanner.Source{idx}, scanner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 || len(res.Findings[0].Locations) != 2 || res.Stats.BlobsScanned != 1 {
				t.Fatalf("staged: %+v (scanned %d), want one finding at both paths, read once", res.Findings, res.Stats.BlobsScanned)
			}
			for i, want := range []string{"a/staged.py", "b/staged.py"} {
				l := res.Findings[0].Locations[i]
				if l.Appearance.Kind != scanner.KindStaged || l.Appearance.Path != want || l.Start.Line != 2 || l.Appearance.Commit != nil {
					t.Errorf("staged location %d: %+v", i, l)
				}
			}
		})
	}
}

// Identical content at two paths of one commit is one blob, read once and
// reported at both paths.
func TestScanSameBlobAtTwoPathsOfOneCommit(t *testing.T) {
	r := newRepo(t)
	data := "HOOK=https://b24-k3v9q2.bitrix24.ru/rest/1/" + synthCode(83) + "/\n"
	r.Write("dev.env", data)
	r.Write("prod.env", data)
	c := r.Commit("two envs\n")
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			g := openGit(t, r.Dir, b)
			res, err := scanner.Scan(context.Background(), []scanner.Source{g}, scanner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 || res.Stats.BlobsScanned != 1 {
				t.Fatalf("findings %+v, scanned %d", res.Findings, res.Stats.BlobsScanned)
			}
			var got []string
			for _, l := range res.Findings[0].Locations {
				got = append(got, l.Appearance.Path+"@"+l.Appearance.Commit.Hash)
			}
			if want := []string{"dev.env@" + c.String(), "prod.env@" + c.String()}; !slices.Equal(got, want) {
				t.Errorf("locations %v, want %v", got, want)
			}
		})
	}
}
