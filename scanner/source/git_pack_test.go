package source

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/b24leaks/b24leaks/scanner"
)

// hashVisitor wants every object and checks each against its id: the
// content the pack reader builds must hash to the id the index gives.
type hashVisitor struct {
	t       *testing.T
	built   map[plumbing.Hash]objType
	fails   map[plumbing.Hash]error
	dups    int
	streams int
}

func newHashVisitor(t *testing.T) *hashVisitor {
	return &hashVisitor{t: t, built: map[plumbing.Hash]objType{}, fails: map[plumbing.Hash]error{}}
}

func (v *hashVisitor) want(objType) bool { return true }

func (v *hashVisitor) object(o *packObject) error {
	content := o.content
	if o.stream != nil {
		v.streams++
		var err error
		if content, err = io.ReadAll(o.stream); err != nil {
			v.t.Errorf("object %s: stream: %v", o.id, err)
		}
	}
	if got := plumbing.ComputeHash(plumbingType(o.typ), content); got != o.id || int64(len(content)) != o.size {
		v.t.Errorf("object %s (%v, %d bytes, said %d): content hashes to %s", o.id, o.typ, len(content), o.size, got)
	}
	if o.dup {
		v.dups++
		return nil
	}
	if _, ok := v.built[o.id]; ok {
		v.t.Errorf("object %s built twice", o.id)
	}
	v.built[o.id] = o.typ
	return nil
}

func (v *hashVisitor) failed(id plumbing.Hash, _ objType, err error) error {
	v.fails[id] = err
	return nil
}

func plumbingType(t objType) plumbing.ObjectType {
	switch t {
	case objBlob:
		return plumbing.BlobObject
	case objTree:
		return plumbing.TreeObject
	case objCommit:
		return plumbing.CommitObject
	case objTag:
		return plumbing.TagObject
	}
	return plumbing.InvalidObject
}

// walkPacks walks every pack of dir with v in n runs and returns the
// forests and the loose objects.
func walkPacks(t *testing.T, dir string, v packVisitor, n int) ([]*packForest, []goGitLoose) {
	t.Helper()
	g, err := OpenGit(dir, GitOptions{Backend: BackendGoGit})
	if err != nil {
		t.Fatal(err)
	}
	forests, loose, err := g.forests()
	if err != nil {
		t.Fatal(err)
	}
	for _, runs := range splitRoots(forests, v.want, n) {
		if err := walkRuns(context.Background(), runs, v, g.externalBase); err != nil {
			t.Fatal(err)
		}
	}
	return forests, loose
}

// deltaHistory builds a history whose config file changes a line per
// commit (deep delta chains once repacked), with a 9 MiB random blob (a
// whole object too large to hold in memory) and a tag.
func deltaHistory(t *testing.T) (string, func(stdin string, env []string, args ...string) string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs the git binary")
	}
	dir := t.TempDir()
	git := gitIn(t, dir)
	git("", nil, "init", "-q", ".")
	big := make([]byte, 9<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range big {
		big[i] = byte(r.Uint32())
	}
	if err := os.WriteFile(filepath.Join(dir, "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	changeALinePerCommit(t, dir, git, "app.conf", 70, nil)
	git("", nil, "tag", "-a", "-m", "a tag", "v1")
	return dir, git
}

// allObjects returns every object id git sees, with its type.
func allObjects(t *testing.T, git func(string, []string, ...string) string) map[plumbing.Hash]string {
	out := map[plumbing.Hash]string{}
	for _, line := range strings.Split(git("", nil, "cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)"), "\n") {
		id, typ, _ := strings.Cut(line, " ")
		out[plumbing.NewHash(id)] = typ
	}
	return out
}

// checkEveryObject requires the walk to build every packed object once,
// each hashing to its id, and to fail none; loose objects make up the
// rest.
func checkEveryObject(t *testing.T, dir string, git func(string, []string, ...string) string, runs int) ([]*packForest, *hashVisitor) {
	t.Helper()
	v := newHashVisitor(t)
	forests, loose := walkPacks(t, dir, v, runs)
	for id, err := range v.fails {
		t.Errorf("object %s failed: %v", id, err)
	}
	want := allObjects(t, git)
	for _, l := range loose {
		delete(want, l.hash)
	}
	for id, typ := range want {
		if got, ok := v.built[id]; !ok || plumbingType(got).String() != typ {
			t.Errorf("object %s (%s): built as %v, %v", id, typ, got, ok)
		}
	}
	if len(v.built) != len(want) {
		t.Errorf("built %d objects, git has %d packed", len(v.built), len(want))
	}
	return forests, v
}

func countKind(forests []*packForest, kind uint8) int {
	n := 0
	for _, f := range forests {
		for _, e := range f.entries {
			if e.kind == kind {
				n++
			}
		}
	}
	return n
}

// The pack reader builds every object of a pack, each once and each
// hashing to its id: OFS_DELTA chains of depth 50 and more, REF_DELTAs,
// several packs holding the same objects, and a large whole blob that is
// streamed.
func TestPackReaderBuildsEveryObject(t *testing.T) {
	dir, git := deltaHistory(t)
	t.Run("ofs-deltas", func(t *testing.T) {
		git("", nil, "repack", "-adfq", "--depth=100", "--window=250")
		if n := maxDeltaChain(git("", nil, "verify-pack", "-v", packPath(t, dir))); n < 50 {
			t.Fatalf("longest delta chain %d, want 50 or more", n)
		}
		for _, runs := range []int{1, 2, 5} {
			forests, v := checkEveryObject(t, dir, git, runs)
			if countKind(forests, packOfsDelta) == 0 || v.streams != 1 {
				t.Errorf("%d OFS_DELTAs, %d streams: the pack does not test what it should", countKind(forests, packOfsDelta), v.streams)
			}
		}
	})
	t.Run("ref-deltas", func(t *testing.T) {
		git("", nil, "-c", "repack.useDeltaBaseOffset=false", "repack", "-adfq", "--depth=100")
		forests, _ := checkEveryObject(t, dir, git, 2)
		if countKind(forests, packRefDelta) == 0 || countKind(forests, packOfsDelta) != 0 {
			t.Errorf("%d REF_DELTAs, %d OFS_DELTAs: not a REF_DELTA pack", countKind(forests, packRefDelta), countKind(forests, packOfsDelta))
		}
	})
	t.Run("packs-and-loose", func(t *testing.T) {
		git("", nil, "repack", "-adq")
		if err := os.WriteFile(filepath.Join(dir, "app.conf"), []byte("new\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		git("", nil, "commit", "-qam", "after the pack")
		git("", nil, "repack", "-aq") // a second full pack; the first stays
		git("", nil, "commit", "-q", "--allow-empty", "-m", "loose")
		forests, v := checkEveryObject(t, dir, git, 2)
		if len(forests) != 2 || v.dups == 0 {
			t.Errorf("%d packs, %d duplicates built as bases: not what the test needs", len(forests), v.dups)
		}
	})
}

func packPath(t *testing.T, dir string) string {
	t.Helper()
	idx, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.idx"))
	if len(idx) != 1 {
		t.Fatalf("%d packs", len(idx))
	}
	return idx[0]
}

// sortByOffset takes the short way for keys that fit and the long one
// for offsets past 1 TiB; both sort.
func TestSortByOffset(t *testing.T) {
	for _, base := range []int64{0, 1 << 41} {
		r := rand.New(rand.NewPCG(uint64(base), 3))
		entries := make([]idxEntry, 500)
		for i := range entries {
			entries[i] = idxEntry{offset: base + r.Int64N(1<<30), hash: plumbing.Hash{byte(i), byte(i >> 8)}}
		}
		want := map[int64]plumbing.Hash{}
		for _, e := range entries {
			want[e.offset] = e.hash
		}
		sortByOffset(entries)
		for i, e := range entries {
			if i > 0 && entries[i-1].offset > e.offset || want[e.offset] != e.hash {
				t.Fatalf("base %d: entry %d is %v", base, i, e)
			}
		}
	}
}

// A kept pack and a promisor pack (their marker files beside them, as
// git writes them) are read like any other: the pack reader builds every
// object, and the cat-file backend offers the same items with the same
// content.
func TestKeptAndPromisorPacks(t *testing.T) {
	dir, git := deltaHistory(t)
	git("", nil, "repack", "-adq")
	git("", nil, "commit", "-q", "--allow-empty", "-m", "a second pack")
	git("", nil, "repack", "-q") // the new objects only
	idx, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.idx"))
	if len(idx) != 2 {
		t.Fatalf("%d packs", len(idx))
	}
	for i, marker := range []string{".keep", ".promisor"} {
		if err := os.WriteFile(strings.TrimSuffix(idx[i], ".idx")+marker, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	checkEveryObject(t, dir, git, 2)
	var walks []map[scanner.ObjectID]walked
	for _, b := range []GitBackend{BackendGoGit, BackendGit} {
		g, err := OpenGit(dir, GitOptions{Backend: b})
		if err != nil {
			t.Fatal(err)
		}
		walks = append(walks, walkAll(t, g))
	}
	if !reflect.DeepEqual(walks[0], walks[1]) || len(walks[0]) == 0 {
		t.Errorf("the backends offer different items: %d and %d", len(walks[0]), len(walks[1]))
	}
}
