package source_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/b24leaks/b24leaks/scanner"
	"github.com/b24leaks/b24leaks/scanner/source"
)

// writeTree creates files (path → content) under root; a content starting
// with "->" makes a symlink to the rest.
func writeTree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(body, "->"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Skipf("symlinks unavailable: %v", err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// relative strips root from the item paths.
func relative(root string, items []got) []got {
	prefix := filepath.ToSlash(root) + "/"
	for i := range items {
		items[i].Path = strings.TrimPrefix(items[i].Path, prefix)
	}
	return items
}

var ignoreTree = map[string]string{
	".git/info/exclude": "excluded.dat\n",
	".git/HEAD":         "ref: refs/heads/main\n",
	".gitignore": "# comment\n*.log\nbuild/\n/root-only.cfg\nsecret*.txt\n!secret-keep.txt\n" +
		"guide/frotz.md\r\n*+\n(tmp)\n",
	"a.js":                "a",
	"app.log":             "log",
	"build/out.js":        "out",
	"c++":                 "plus",
	"(tmp)":               "paren",
	"docs/guide/frotz.md": "frotz",
	"empty.txt":           "",
	"excluded.dat":        "dat",
	"guide/frotz.md":      "frotz",
	"other/x.js":          "x",
	"root-only.cfg":       "cfg",
	"secret-keep.txt":     "keep",
	"secret1.txt":         "s1",
	"sub/.gitignore":      "*.js\n!app.log\nlocal/\n",
	"sub/app.log":         "sublog",
	"sub/build":           "a file, not a directory",
	"sub/deep/ok.md":      "ok",
	"sub/deep/z.js":       "z",
	"sub/local/y.txt":     "y",
	"sub/root-only.cfg":   "subcfg",
	"sub/x.js":            "subx",
}

func TestDirGitignore(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, ignoreTree)
	items, errs := walk(t, source.NewDir([]string{root}, source.DirOptions{}), nil)
	check(t, relative(root, items), []got{
		{"(tmp)", scanner.SkipIgnored, ""}, // regexp characters are literal
		{".gitignore", "", ignoreTree[".gitignore"]},
		{"a.js", "", "a"},
		{"app.log", scanner.SkipIgnored, ""},
		{"build", scanner.SkipIgnored, ""}, // one item for the whole directory
		{"c++", scanner.SkipIgnored, ""},   // git's own "*+" ignores it, and only it
		{"docs/guide/frotz.md", "", "frotz"},
		{"empty.txt", scanner.SkipEmpty, ""},
		{"excluded.dat", scanner.SkipIgnored, ""},   // .git/info/exclude
		{"guide/frotz.md", scanner.SkipIgnored, ""}, // a middle slash anchors
		{"other/x.js", "", "x"},                     // sub's rules stay in sub
		{"root-only.cfg", scanner.SkipIgnored, ""},  // anchored
		{"secret-keep.txt", "", "keep"},             // negated
		{"secret1.txt", scanner.SkipIgnored, ""},
		{"sub/.gitignore", "", ignoreTree["sub/.gitignore"]},
		{"sub/app.log", "", "sublog"},                // re-included by the nested file
		{"sub/build", "", "a file, not a directory"}, // build/ matches directories only
		{"sub/deep/ok.md", "", "ok"},
		{"sub/deep/z.js", scanner.SkipIgnored, ""}, // nested rules apply below
		{"sub/local", scanner.SkipIgnored, ""},
		{"sub/root-only.cfg", "", "subcfg"},
		{"sub/x.js", scanner.SkipIgnored, ""},
	})
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
}

func TestDirNoGitignore(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, ignoreTree)
	items, errs := walk(t, source.NewDir([]string{root}, source.DirOptions{NoGitignore: true}), nil)
	var want []got
	for name, body := range ignoreTree {
		switch {
		case strings.HasPrefix(name, ".git/"):
		case body == "":
			want = append(want, got{name, scanner.SkipEmpty, ""})
		default:
			want = append(want, got{name, "", body})
		}
	}
	sortGot(want)
	check(t, relative(root, items), want)
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
}

// sortGot sorts items in the walk's lexical order, component by component.
func sortGot(items []got) {
	slices.SortFunc(items, func(a, b got) int {
		return strings.Compare(strings.ReplaceAll(a.Path, "/", "\x00"), strings.ReplaceAll(b.Path, "/", "\x00"))
	})
}

func TestDirSymlinks(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"real.txt":    "real",
		"link.txt":    "->real.txt",
		"loop":        "->.",
		"sub/up":      "->..",
		"sub/dangles": "->nowhere",
	})
	items, errs := walk(t, source.NewDir([]string{root}, source.DirOptions{}), nil)
	check(t, relative(root, items), []got{
		{"link.txt", scanner.SkipSymlink, ""},
		{"loop", scanner.SkipSymlink, ""},
		{"real.txt", "", "real"},
		{"sub/dangles", scanner.SkipSymlink, ""},
		{"sub/up", scanner.SkipSymlink, ""},
	})
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
}

func TestDirSymlinkArguments(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"real/a.txt": "a",
		"file-link":  "->real/a.txt",
		"dir-link":   "->real",
	})
	file, dir := filepath.Join(root, "file-link"), filepath.Join(root, "dir-link")
	items, errs := walk(t, source.NewDir([]string{file, dir}, source.DirOptions{}), nil)
	check(t, relative(root, items), []got{
		{"file-link", "", "a"},
		{"dir-link/a.txt", "", "a"},
	})
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
}

func TestDirPathNames(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"src/a.js":     "a",
		"src/lib/b.js": "b",
		"README.md":    "readme",
		"cfg/c.txt":    "c",
	})
	t.Chdir(root)
	args := []string{"README.md", "src", "./cfg/c.txt", "src/lib/"}
	items, errs := walk(t, source.NewDir(args, source.DirOptions{}), nil)
	check(t, items, []got{
		{"README.md", "", "readme"},
		{"src/a.js", "", "a"},
		{"src/lib/b.js", "", "b"},
		{"cfg/c.txt", "", "c"},
		{"src/lib/b.js", "", "b"}, // no dedup across arguments
	})
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
}

func TestDirMissingPath(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"dir/a.txt": "a", "b.txt": "b"})
	missing := filepath.Join(root, "nope")
	args := []string{missing, filepath.Join(root, "dir"), filepath.Join(root, "b.txt")}
	items, errs := walk(t, source.NewDir(args, source.DirOptions{}), nil)
	if len(errs) != 1 || !errors.Is(errs[0], fs.ErrNotExist) {
		t.Fatalf("errors = %v, want one not-exist error", errs)
	}
	if runtime.GOOS != "windows" {
		want := "stat " + missing + ": no such file or directory"
		if errs[0].Error() != want {
			t.Errorf("error = %q, want %q", errs[0], want)
		}
	}
	check(t, relative(root, items), []got{
		{"nope", "", "error: " + errs[0].Error()},
		{"dir/a.txt", "", "a"},
		{"b.txt", "", "b"},
	})
}

// unreadable makes the file or directory at path unreadable with chmod 000.
// Where that does not stop reading (running as root), it returns a hook that
// deletes path once its directory has been listed, so the walk meets a
// dangling entry instead.
func unreadable(t *testing.T, path string) func(scanner.Item) {
	t.Helper()
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(path, 0o755) })
	if !canRead(path) {
		return nil
	}
	t.Logf("chmod 000 does not stop reading here; deleting %s during the walk", path)
	return func(it scanner.Item) {
		if strings.HasSuffix(it.Appearance.Path, "/a.txt") {
			os.RemoveAll(path)
		}
	}
}

func canRead(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if _, err = f.ReadDir(-1); err == nil {
		return true
	}
	_, err = io.ReadAll(f)
	return err == nil
}

func TestDirUnreadable(t *testing.T) {
	for _, bad := range []string{"b.txt", "b"} {
		t.Run(bad, func(t *testing.T) {
			root := t.TempDir()
			files := map[string]string{"a.txt": "a", "c.txt": "c", "b.txt": "b"}
			if bad == "b" {
				files = map[string]string{"a.txt": "a", "c.txt": "c", "b/x.txt": "x"}
			}
			writeTree(t, root, files)
			hook := unreadable(t, filepath.Join(root, bad))
			items, errs := walk(t, source.NewDir([]string{root}, source.DirOptions{}), hook)
			checkUnreadable(t, root, bad, items, errs)
		})
	}
}

func checkUnreadable(t *testing.T, root, bad string, items []got, errs []error) {
	t.Helper()
	if len(errs) != 1 {
		t.Fatalf("errors = %v, want 1", errs)
	}
	msg := errs[0].Error()
	t.Logf("error: %s", msg)
	if !strings.Contains(msg, filepath.Join(root, bad)) || strings.Contains(msg, "\n") {
		t.Errorf("error %q does not name %s on one line", msg, bad)
	}
	if !errors.Is(errs[0], fs.ErrPermission) && !errors.Is(errs[0], fs.ErrNotExist) {
		t.Errorf("error %q: want permission denied or not exist", msg)
	}
	check(t, relative(root, items), []got{{"a.txt", "", "a"}, {bad, "", "error: " + msg}, {"c.txt", "", "c"}})
}

func TestDirNotRegular(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no device file to name")
	}
	items, _ := walk(t, source.NewDir([]string{os.DevNull}, source.DirOptions{}), nil)
	check(t, items, []got{{os.DevNull, "", "error: open " + os.DevNull + ": not a regular file"}})
}

// A FIFO inside a walked directory has no content to read: it is counted,
// not an error (a special file named as an argument still is one).
func TestDirSkipsSpecialFilesInsideDirectories(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs on Windows")
	}
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a.txt": "a"})
	if err := mkfifo(filepath.Join(root, "pipe")); err != nil {
		t.Fatal(err)
	}
	items, errs := walk(t, source.NewDir([]string{root}, source.DirOptions{}), nil)
	check(t, relative(root, items), []got{{"a.txt", "", "a"}, {"pipe", scanner.SkipSpecial, ""}})
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
}

func TestDirStops(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a.txt": "a", "b.txt": "b"})
	src := source.NewDir([]string{root}, source.DirOptions{})
	stop, n := errors.New("stop"), 0
	err := src.Walk(context.Background(), func(scanner.Item) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("yield error: Walk = %v after %d items, want stop after 1", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = src.Walk(ctx, func(scanner.Item) error { n++; return nil })
	if !errors.Is(err, context.Canceled) || n != 1 {
		t.Errorf("cancelled: Walk = %v after %d more items, want Canceled after 0", err, n-1)
	}
}

func TestDirClosesAfterYield(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"a.txt": "a"})
	var kept io.Reader
	err := source.NewDir([]string{root}, source.DirOptions{}).Walk(context.Background(),
		func(it scanner.Item) error {
			r, err := it.Open()
			kept = r
			return err
		})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kept.Read(make([]byte, 1)); !errors.Is(err, os.ErrClosed) {
		t.Errorf("read after yield returned: %v, want file already closed", err)
	}
}
