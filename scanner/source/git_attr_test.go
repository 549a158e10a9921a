package source

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/b24leaks/b24leaks/scanner"
)

// appKey is an Appearance flattened for comparison.
type appKey struct {
	Kind    scanner.Kind
	Path    string
	Hash    string
	Author  string
	Email   string
	Date    int64
	Message string
	AtHead  bool
	Refs    string // comma-separated
}

func (k appKey) String() string {
	return fmt.Sprintf("{%d %s %.7s %s %v %q [%s]}", k.Kind, k.Path, k.Hash, k.Author, k.AtHead, k.Message, k.Refs)
}

func flatten(t *testing.T, m map[scanner.ObjectID][]scanner.Appearance) map[plumbing.Hash][]appKey {
	t.Helper()
	out := map[plumbing.Hash][]appKey{}
	for id, apps := range m {
		for _, a := range apps {
			if a.Commit == nil {
				t.Fatalf("%s: appearance without commit", id)
			}
			c := a.Commit
			out[plumbing.Hash(id)] = append(out[plumbing.Hash(id)], appKey{
				a.Kind, a.Path, c.Hash, c.Author, c.Email, c.Date.Unix(), c.Message, a.AtHead, strings.Join(a.Refs, ","),
			})
		}
		slices.SortFunc(out[plumbing.Hash(id)], func(a, b appKey) int {
			return strings.Compare(a.Hash+a.Path, b.Hash+b.Path)
		})
	}
	return out
}

func (h *history) commitApp(kind scanner.Kind, c plumbing.Hash, path string, atHead bool, refs ...string) appKey {
	obj, err := object.GetCommit(h.Git.Storer, c)
	if err != nil {
		panic(err)
	}
	return appKey{kind, path, c.String(), "Ann Author", "dev@example.com",
		obj.Author.When.Unix(), strings.TrimRight(obj.Message, "\n"), atHead, strings.Join(refs, ",")}
}

func (h *history) tagApp(id plumbing.Hash, msg string) appKey {
	tag, err := object.GetTag(h.Git.Storer, id)
	if err != nil {
		panic(err)
	}
	return appKey{scanner.KindTagMessage, "", id.String(), "Tom Tagger",
		"dev@example.com", tag.Tagger.When.Unix(), msg, false, ""}
}

func (h *history) wantAttribution() map[plumbing.Hash][]appKey {
	blob := func(c plumbing.Hash, path string, atHead bool, refs ...string) appKey {
		return h.commitApp(scanner.KindHistory, c, path, atHead, refs...)
	}
	msg := func(c plumbing.Hash, atHead bool) appKey {
		return h.commitApp(scanner.KindCommitMessage, c, "", atHead)
	}
	// HEAD is detached at d1, a child of the merge m. The other tips:
	// master, v1 and v1-outer at m; feature at f1; light at c1; stash and
	// custom/x at children of m.
	atMerge := []string{"refs/custom/x", "refs/heads/master", "refs/stash", "refs/tags/v1", "refs/tags/v1-outer"}
	alphaRefs := []string{"refs/custom/x", "refs/heads/master", "refs/stash", "refs/tags/light", "refs/tags/v1", "refs/tags/v1-outer"}
	sharedRefs := []string{"refs/custom/x", "refs/heads/feature", "refs/heads/master", "refs/stash", "refs/tags/v1", "refs/tags/v1-outer"}
	return map[plumbing.Hash][]appKey{
		blobID("alpha\n"):      {blob(h.c1, "a.txt", true, alphaRefs...), blob(h.c5, "a.txt", true, alphaRefs...)},
		blobID("alpha 2\n"):    {blob(h.c2, "a.txt", false, "refs/heads/feature")},
		blobID("bravo\n"):      {blob(h.c1, "dir/b.txt", false, "refs/heads/feature", "refs/tags/light"), blob(h.c3, "moved/b.txt", true, atMerge...)},
		blobID("shared\n"):     {blob(h.f1, "shared.txt", true, sharedRefs...)},
		blobID("merge only\n"): {blob(h.m, "merge.txt", true, atMerge...)},
		blobID("stashed\n"):    {blob(h.s1, "stash.txt", false, "refs/stash")},
		blobID("custom\n"):     {blob(h.x1, "custom.txt", false, "refs/custom/x")},
		blobID("detached\n"):   {blob(h.d1, "detached.txt", true)},
		h.c1:                   {msg(h.c1, false)},
		h.m:                    {msg(h.m, false)},
		h.d1:                   {msg(h.d1, true)},
		h.v1:                   {h.tagApp(h.v1, "release one")},
		h.outer:                {h.tagApp(h.outer, "outer tag")},
	}
}

// queryIDs asks for everything in want plus objects that must get no
// entry: an unreferenced blob and an unknown id.
func queryIDs(want map[plumbing.Hash][]appKey, extra ...plumbing.Hash) []scanner.ObjectID {
	var ids []scanner.ObjectID
	for h := range want {
		ids = append(ids, scanner.ObjectID(h))
	}
	for _, h := range extra {
		ids = append(ids, scanner.ObjectID(h))
	}
	return append(ids, scanner.ObjectID(blobID("never stored\n")))
}

func checkAttribution(t *testing.T, g *GitHistory, ids []scanner.ObjectID, want map[plumbing.Hash][]appKey) {
	t.Helper()
	got, err := g.Attribute(context.Background(), ids)
	if err != nil {
		t.Fatalf("Attribute: %v", err)
	}
	flat := flatten(t, got)
	for id := range want {
		slices.SortFunc(want[id], func(a, b appKey) int { return strings.Compare(a.Hash+a.Path, b.Hash+b.Path) })
	}
	if !reflect.DeepEqual(flat, want) {
		for id := range union(flat, want) {
			if !reflect.DeepEqual(flat[id], want[id]) {
				t.Errorf("%s:\n got %v\nwant %v", id, flat[id], want[id])
			}
		}
	}
}

func union(a, b map[plumbing.Hash][]appKey) map[plumbing.Hash]bool {
	u := map[plumbing.Hash]bool{}
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}

func TestGitAttribute(t *testing.T) {
	h := buildHistory(t)
	want := h.wantAttribution()
	ids := queryIDs(want, h.dangling)
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			checkAttribution(t, openGit(t, h.Dir, b), ids, want)
		})
	}
}

func TestGitOpenVariants(t *testing.T) {
	h := buildHistory(t)
	want := h.wantAttribution()
	ids := queryIDs(want, h.dangling)
	walkWant := expectedWalk(t, h.testRepo)
	paths := map[string]string{
		"subdirectory": filepath.Join(h.Dir, "moved"),
		"dot git":      filepath.Join(h.Dir, ".git"),
	}
	for name, path := range paths {
		for _, b := range backends {
			t.Run(name+"/"+string(b), func(t *testing.T) {
				g := openGit(t, path, b)
				if got := walkAll(t, g); len(got) != len(walkWant) {
					t.Errorf("Walk offered %d objects, want %d", len(got), len(walkWant))
				}
				checkAttribution(t, g, ids, want)
			})
		}
	}
}

func TestGitBareClone(t *testing.T) {
	h := buildHistory(t)
	full := h.wantAttribution()
	want := map[plumbing.Hash][]appKey{}
	for _, id := range []plumbing.Hash{
		blobID("alpha\n"), blobID("alpha 2\n"), blobID("bravo\n"), blobID("shared\n"),
		blobID("merge only\n"), h.c1, h.v1, h.outer,
	} {
		want[id] = full[id]
	}
	// The clone's HEAD is the merge on master, where the tags v1 and
	// v1-outer also point; feature is a remote-tracking branch.
	want[h.m] = []appKey{h.commitApp(scanner.KindCommitMessage, h.m, "", true)}
	bareRefs := map[string]string{
		"a.txt@" + h.c1.String(): "refs/tags/light", "a.txt@" + h.c2.String(): "refs/remotes/origin/feature",
		"a.txt@" + h.c5.String(): "refs/tags/light", "dir/b.txt@" + h.c1.String(): "refs/remotes/origin/feature,refs/tags/light",
		"shared.txt@" + h.f1.String(): "refs/remotes/origin/feature",
	}
	for id, apps := range want {
		for i := range apps {
			if apps[i].Kind == scanner.KindHistory {
				apps[i].Refs = bareRefs[apps[i].Path+"@"+apps[i].Hash]
			}
		}
		want[id] = apps
	}
	ids := queryIDs(full, h.dangling)
	var walks []map[scanner.ObjectID]walked
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			g := openGit(t, h.bare, b)
			got := walkAll(t, g)
			if len(got) != 7+2+5 {
				t.Errorf("Walk offered %d objects, want 14", len(got))
			}
			walks = append(walks, got)
			checkAttribution(t, g, ids, want)
		})
	}
	if len(walks) == 2 && !reflect.DeepEqual(walks[0], walks[1]) {
		t.Error("backends disagree on the bare clone")
	}
}

func TestGitCorruptObject(t *testing.T) {
	cases := map[string]func(path string) error{
		"garbled": func(path string) error {
			return os.WriteFile(path, []byte("this is not zlib data"), 0o644)
		},
		"truncated": func(path string) error {
			return os.Truncate(path, 12)
		},
	}
	for name, corrupt := range cases {
		r := newRepo(t)
		r.Write("a.txt", "alpha\n")
		r.Commit("first\n")
		bad := r.LooseBlob(strings.Repeat("some harmless text to be damaged\n", 20))
		path := filepath.Join(r.Dir, ".git", "objects", bad.String()[:2], bad.String()[2:])
		os.Chmod(path, 0o644)
		if err := corrupt(path); err != nil {
			t.Fatal(err)
		}
		for _, b := range backends {
			t.Run(name+"/"+string(b), func(t *testing.T) {
				// The bad object must be named: by Walk's error, or as an
				// item of its own whose content cannot be read, and the
				// walk goes on past it.
				named := false
				err := openGit(t, r.Dir, b).Walk(context.Background(), func(it scanner.Item) error {
					rd, err := it.Open()
					if err == nil {
						_, err = io.Copy(io.Discard, rd)
					}
					named = named || err != nil && it.ID == scanner.ObjectID(bad)
					return nil
				})
				if !named && (err == nil || !strings.Contains(err.Error(), bad.String())) {
					t.Fatalf("Walk = %v and no unreadable item %s", err, bad)
				}
			})
		}
	}
}
