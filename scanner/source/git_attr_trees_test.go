package source

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/b24leaks/b24leaks/scanner"
)

// entry is a file of a generated tree.
type entry struct{ mode, blob string }

// gitIn returns a runner of git in dir with fixed identities and dates:
// stdin, extra environment, arguments in; trimmed output out.
func gitIn(t testing.TB, dir string) func(stdin string, env []string, args ...string) string {
	return func(stdin string, env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(append(os.Environ(), "GIT_AUTHOR_NAME=Ann", "GIT_AUTHOR_EMAIL=a@example.com",
			"GIT_COMMITTER_NAME=Ann", "GIT_COMMITTER_EMAIL=a@example.com",
			"GIT_AUTHOR_DATE=2024-03-01T12:00:00Z", "GIT_COMMITTER_DATE=2024-03-01T12:00:00Z"), env...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
}

// randomHistory builds, with git plumbing, a history of n commits from a
// fixed seed: single-parent commits that set, delete, copy and chmod
// files (at depth up to three, symlinks too), merges of two or three
// parents whose tree takes each path from a random parent (or something
// new), a few new roots, and refs on some commits; even seeds end in one
// pack (what nothing reaches stays loose), odd ones in two packs and loose
// objects. It returns the
// repository's path, every blob it made and every commit.
func randomHistory(t *testing.T, seed uint64, n int) (string, []plumbing.Hash, []plumbing.Hash) {
	t.Helper()
	dir := t.TempDir()
	git := gitIn(t, dir)
	git("", nil, "init", "-q", ".")
	r := rand.New(rand.NewPCG(seed, 7))
	var blobs []plumbing.Hash
	for i := range 8 {
		blobs = append(blobs, plumbing.NewHash(git(fmt.Sprintf("content %d\n", i), nil, "hash-object", "-w", "--stdin")))
	}
	paths := []string{"a.txt", "b.txt", "dir/c.txt", "dir/d.txt", "dir/sub/e.txt", "x/y/z/f.txt", "x/g.txt"}
	modes := []string{"100644", "100644", "100755", "120000"}
	random := func() entry { return entry{modes[r.IntN(len(modes))], blobs[r.IntN(len(blobs))].String()} }
	index := dir + "/.git/tmp-index"
	writeTree := func(files map[string]entry) string {
		var info strings.Builder
		for _, p := range slices.Sorted(maps.Keys(files)) {
			fmt.Fprintf(&info, "%s %s\t%s\n", files[p].mode, files[p].blob, p)
		}
		env := []string{"GIT_INDEX_FILE=" + index}
		git("", env, "read-tree", "--empty")
		git(info.String(), env, "update-index", "--index-info")
		return git("", env, "write-tree")
	}
	var commits []plumbing.Hash
	states := []map[string]entry{}
	for i := range n {
		files := map[string]entry{}
		var parents []int
		switch k := r.IntN(20); {
		case i == 0 || k == 0: // a new root
		case k < 4 && i > 2: // a merge
			for range 2 + r.IntN(2) {
				parents = append(parents, r.IntN(i))
			}
			for _, p := range paths {
				switch src := states[parents[r.IntN(len(parents))]]; {
				case r.IntN(6) == 0:
					files[p] = random()
				default:
					if e, ok := src[p]; ok {
						files[p] = e
					}
				}
			}
		default:
			parents = []int{i - 1 - r.IntN(min(i, 3))}
			maps.Copy(files, states[parents[0]])
		}
		for range 1 + r.IntN(3) {
			p := paths[r.IntN(len(paths))]
			switch r.IntN(5) {
			case 0:
				delete(files, p)
			case 1: // copy another path's content
				if q := paths[r.IntN(len(paths))]; files[q] != (entry{}) {
					files[p] = files[q]
				}
			case 2: // chmod
				if e, ok := files[p]; ok {
					e.mode = map[string]string{"100644": "100755", "100755": "100644", "120000": "100644"}[e.mode]
					files[p] = e
				}
			default:
				files[p] = random()
			}
		}
		if len(files) == 0 {
			files[paths[0]] = random()
		}
		args := []string{"commit-tree", writeTree(files), "-m", fmt.Sprintf("commit %d", i)}
		for _, p := range parents {
			args = append(args, "-p", commits[p].String())
		}
		commits = append(commits, plumbing.NewHash(git("", nil, args...)))
		states = append(states, files)
		if seed%2 == 1 && (i == n/3 || i == 2*n/3) {
			git("", nil, "repack", "-dq") // two packs, the newest objects loose
		}
		if r.IntN(8) == 0 {
			git("", nil, "update-ref", fmt.Sprintf("refs/heads/b%d", i), commits[i].String())
		}
	}
	git("", nil, "update-ref", "refs/heads/main", commits[n-1].String())
	git("", nil, "symbolic-ref", "HEAD", "refs/heads/main")
	if seed%2 == 0 {
		git("", nil, "repack", "-adq", "--depth=60", "--window=100") // one pack
	}
	return dir, blobs, commits
}

// TestTreeIndexAgreesWithGitLog: on random histories, in one pack or in
// two packs and loose objects,
// the tree index — read by several cat-file processes, or by go-git in
// process — attributes every blob and commit exactly as the git log walk
// does, and so does the go-git history walk that ranges use.
func TestTreeIndexAgreesWithGitLog(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs the git binary")
	}
	defer func(b int) { treeBlock = b }(treeBlock)
	for seed := range uint64(4) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			dir, blobs, commits := randomHistory(t, seed, 60)
			packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
			loose, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "[0-9a-f][0-9a-f]", "*"))
			if seed%2 == 1 && (len(packs) < 2 || len(loose) == 0) || seed%2 == 0 && len(packs) != 1 {
				t.Fatalf("seed %d: %d packs and %d loose objects, not the layout this seed is for", seed, len(packs), len(loose))
			}
			var ids []scanner.ObjectID
			for _, h := range slices.Concat(blobs, commits[:5]) {
				ids = append(ids, scanner.ObjectID(h))
			}
			treeBlock = 1 + int(seed)*3 // small blocks: every reader gets some trees
			byTrees := agreeWithLog(t, dir, ids)
			if n := len(byTrees); n < len(blobs)/2 {
				t.Errorf("only %d of %d blobs attributed: the history is too thin to test", n, len(blobs))
			}
		})
	}
}

// agreeWithLog attributes ids in dir four ways — the tree index through
// cat-file (after the walk that lists the objects) and through go-git,
// the go-git history walk — and fails unless each equals the git log
// walk's answer, which it returns.
func agreeWithLog(t *testing.T, dir string, ids []scanner.ObjectID) map[plumbing.Hash][]appKey {
	t.Helper()
	trees := openGit(t, dir, BackendGit)
	walkAll(t, trees)
	if trees.listed == nil {
		t.Fatal("the walk did not list the objects: the tree index would not run")
	}
	byTrees := attributeFlat(t, trees, ids)
	byLog := attributeFlat(t, openGit(t, dir, BackendGit), ids)
	byGoGit := attributeFlat(t, openGit(t, dir, BackendGoGit), ids)
	byWalk := walkFlat(t, openGit(t, dir, BackendGoGit), ids)
	for name, other := range map[string]map[plumbing.Hash][]appKey{
		"the tree index (cat-file)": byTrees, "the tree index (go-git)": byGoGit, "the go-git walk": byWalk} {
		if !reflect.DeepEqual(byLog, other) {
			t.Errorf("git log and %s disagree: only in the log %v; only in %s %v", name, minus(byLog, other), name, minus(other, byLog))
		}
	}
	return byLog
}

// TestTreeIndexDeepDeltas: a config file of which each commit changes one
// line, packed so that its versions form delta chains of 50 and more
// (checked), is attributed the same four ways.
func TestTreeIndexDeepDeltas(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs the git binary")
	}
	dir := t.TempDir()
	git := gitIn(t, dir)
	git("", nil, "init", "-q", ".")
	if err := os.MkdirAll(filepath.Join(dir, "conf"), 0o755); err != nil {
		t.Fatal(err)
	}
	var ids []scanner.ObjectID
	changeALinePerCommit(t, dir, git, "conf/app.conf", 80, func(i int) {
		if i%8 == 0 {
			ids = append(ids, scanner.ObjectID(plumbing.NewHash(git("", nil, "rev-parse", "HEAD:conf/app.conf"))))
		}
	})
	git("", nil, "repack", "-adfq", "--depth=100", "--window=250")
	if d := maxDeltaChain(git("", nil, "verify-pack", "-v", packPath(t, dir))); d < 50 {
		t.Fatalf("longest delta chain %d: too short to test deep deltas", d)
	}
	if got := agreeWithLog(t, dir, ids); len(got) != len(ids) {
		t.Errorf("%d of %d blobs attributed", len(got), len(ids))
	}
}

// changeALinePerCommit commits n versions of a 100-line config file at
// path (under dir), each changing one more line, and calls after(i) after
// commit i: once repacked, its versions form long delta chains.
func changeALinePerCommit(t testing.TB, dir string, git func(string, []string, ...string) string, path string, n int, after func(i int)) {
	t.Helper()
	lines := make([]string, 100)
	for i := range lines {
		lines[i] = fmt.Sprintf("setting %d = a value that stays put\n", i)
	}
	for i := range n {
		lines[i*37%100] = fmt.Sprintf("setting changed in commit %d, padded to its size\n", i)
		if err := os.WriteFile(filepath.Join(dir, path), []byte(strings.Join(lines, "")), 0o644); err != nil {
			t.Fatal(err)
		}
		git("", nil, "add", "-A")
		git("", nil, "commit", "-q", "-m", fmt.Sprintf("commit %d", i))
		if after != nil {
			after(i)
		}
	}
}

// maxDeltaChain reads the longest "chain length = N" of verify-pack -v.
func maxDeltaChain(out string) int {
	most := 0
	for _, line := range strings.Split(out, "\n") {
		var n int
		if _, err := fmt.Sscanf(line, "chain length = %d:", &n); err == nil {
			most = max(most, n)
		}
	}
	return most
}

// walkFlat attributes with the go-git history walk, which ranges use.
func walkFlat(t *testing.T, g *GitHistory, ids []scanner.ObjectID) map[plumbing.Hash][]appKey {
	t.Helper()
	a := g.newAttributor(ids)
	if err := a.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, apps := range a.out {
		sortAppearances(apps)
	}
	return flatten(t, a.out)
}

func attributeFlat(t *testing.T, g *GitHistory, ids []scanner.ObjectID) map[plumbing.Hash][]appKey {
	t.Helper()
	got, err := g.Attribute(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	return flatten(t, got)
}

// minus lists the appearances in a that b lacks.
func minus(a, b map[plumbing.Hash][]appKey) []string {
	var out []string
	for id, apps := range a {
		for _, k := range apps {
			if !slices.Contains(b[id], k) {
				out = append(out, fmt.Sprintf("%.7s@%v", id, k))
			}
		}
	}
	slices.Sort(out)
	return out
}
