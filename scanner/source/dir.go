// Package source holds the scanner.Source implementations: files and
// directories on disk (Dir), standard input (Stdin) and git (GitHistory).
//
// A GitHistory splits which objects from how they are read. Its GitScope
// (git_scope*.go) names the objects: the whole database (AllHistory), the
// commits of a range (CommitRange) or the index against HEAD
// (StagedChanges). Its backend reads them: in process, packs by the pack
// reader (git_pack*.go: every object built once from its base in memory,
// trees skipped) and loose and single objects by go-git (git_gogit*.go),
// or `git cat-file --batch` processes (git_catfile.go, git_catstream.go).
// Attribution (git_attr*.go) places the objects that had findings: which
// commits introduced them at which paths (a tree index built by the same
// pack reader, git_attr_trees*.go), and whether HEAD or another ref's tip
// still holds them.
//
//	packs ─ packForest (headers, delta children) ─ splitRoots ─ n × packWalker ─┬─ packScan → Items
//	                                                                            └─ packTrees → tree index
package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	ignore "github.com/sabhiram/go-gitignore"

	"github.com/b24leaks/b24leaks/scanner"
)

// DirOptions tune a Dir source.
type DirOptions struct {
	// NoGitignore offers files that .gitignore or .git/info/exclude ignore.
	NoGitignore bool
}

// Dir offers the files under a list of path arguments, each a file or a
// directory. Directories are walked in lexical order; .git directories are
// never entered, symlinks inside them are not followed, and files ignored by
// git are passed over unless DirOptions.NoGitignore is set: the .gitignore
// files of the walked directories count (not those above a path argument),
// and .git/info/exclude of a walked repository root. A path argument is
// always offered, even if a .gitignore would ignore it, and followed if it
// is a symlink.
type Dir struct {
	paths []string
	opts  DirOptions
}

// NewDir returns a source for the given files and directories.
func NewDir(paths []string, opts DirOptions) *Dir {
	return &Dir{paths: append([]string(nil), paths...), opts: opts}
}

// Name returns the path arguments, joined with ", ".
func (d *Dir) Name() string { return strings.Join(d.paths, ", ") }

// Walk offers every regular file under the path arguments. Unreadable paths
// become items whose Open fails; Walk itself fails only when ctx ends or
// yield returns an error.
func (d *Dir) Walk(ctx context.Context, yield func(scanner.Item) error) error {
	w := &dirWalk{ctx: ctx, yield: yield, opts: d.opts}
	for _, p := range d.paths {
		if err := w.arg(p); err != nil {
			return err
		}
	}
	return nil
}

// dirWalk is the state of one Walk.
type dirWalk struct {
	ctx   context.Context
	yield func(scanner.Item) error
	opts  DirOptions
}

// arg walks one path argument, following it if it is a symlink.
func (w *dirWalk) arg(p string) error {
	p = filepath.Clean(p)
	fi, err := os.Stat(p)
	if err != nil {
		return w.failed(p, err)
	}
	if fi.IsDir() {
		return w.dir(p, nil)
	}
	return w.entry(p, fi)
}

// dir offers the contents of the directory at path with the ignore rules
// of its parents.
func (w *dirWalk) dir(path string, parent *ignorer) error {
	entries, err := os.ReadDir(path)
	if err != nil {
		if err := w.failed(path, err); err != nil {
			return err
		}
	}
	ign := parent
	if !w.opts.NoGitignore {
		ign = parent.child(path, hasEntry(entries, ".git"))
	}
	for _, e := range entries {
		if e.Name() == ".git" {
			continue
		}
		if err := w.child(filepath.Join(path, e.Name()), e, ign); err != nil {
			return err
		}
	}
	return nil
}

// child offers one directory entry at path: recursing, skipping or
// yielding it.
func (w *dirWalk) child(path string, e fs.DirEntry, ign *ignorer) error {
	isDir := e.IsDir()
	if ign.ignored(path, isDir) {
		return w.skip(path, -1, scanner.SkipIgnored)
	}
	switch {
	case e.Type()&fs.ModeSymlink != 0:
		return w.skip(path, -1, scanner.SkipSymlink)
	case isDir:
		return w.dir(path, ign)
	case !e.Type().IsRegular():
		return w.skip(path, -1, scanner.SkipSpecial) // FIFO, socket, device: no content to read
	}
	fi, err := e.Info()
	if err != nil {
		return w.failed(path, err)
	}
	return w.entry(path, fi)
}

// entry offers a file that is not a directory.
func (w *dirWalk) entry(name string, fi fs.FileInfo) error {
	switch {
	case !fi.Mode().IsRegular():
		return w.failed(name, &fs.PathError{Op: "open", Path: name, Err: errNotRegular})
	case fi.Size() == 0:
		return w.skip(name, 0, scanner.SkipEmpty)
	}
	return w.file(name, fi.Size())
}

var errNotRegular = errors.New("not a regular file")

// file yields a regular file, read as a snapshot (dir_file.go) and
// closed once yield returns.
func (w *dirWalk) file(name string, size int64) error {
	var f *fileSnapshot
	it := w.item(name, size)
	it.Open = func() (io.Reader, error) {
		var err error
		f, err = openSnapshot(name)
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	err := w.send(it)
	if f != nil {
		f.Close()
	}
	return err
}

// skip yields an item the scanner counts but does not read.
func (w *dirWalk) skip(name string, size int64, why scanner.SkipReason) error {
	it := w.item(name, size)
	it.Skip = why
	return w.send(it)
}

// failed yields an item whose Open reports err, which should name the path.
func (w *dirWalk) failed(name string, err error) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		err = fmt.Errorf("%s: %w", name, err)
	}
	it := w.item(name, -1)
	it.Open = func() (io.Reader, error) { return nil, err }
	return w.send(it)
}

func (w *dirWalk) item(name string, size int64) scanner.Item {
	return scanner.Item{
		Size:       size,
		Appearance: scanner.Appearance{Kind: scanner.KindFile, Path: filepath.ToSlash(name)},
	}
}

func (w *dirWalk) send(it scanner.Item) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	return w.yield(it)
}

func hasEntry(entries []fs.DirEntry, name string) bool {
	for _, e := range entries {
		if e.Name() == name {
			return true
		}
	}
	return false
}

// ignorer holds the git ignore patterns in force in one directory: those of
// its .gitignore (and, at a repository root, .git/info/exclude) on top of
// its parents'. A nil ignorer ignores nothing.
type ignorer struct {
	parent *ignorer
	base   string // the directory the patterns are relative to
	rules  []ignoreRule
}

type ignoreRule struct {
	pattern *ignore.GitIgnore
	negate  bool
}

// child returns the ignorer for dir, a subdirectory of ig's (or a walk root).
func (ig *ignorer) child(dir string, repoRoot bool) *ignorer {
	var rules []ignoreRule
	if repoRoot {
		rules = readIgnore(filepath.Join(dir, ".git", "info", "exclude"))
	}
	rules = append(rules, readIgnore(filepath.Join(dir, ".gitignore"))...)
	if len(rules) == 0 {
		return ig
	}
	return &ignorer{parent: ig, base: dir, rules: rules}
}

// ignored reports whether git would ignore path: the last matching pattern
// decides, and a deeper .gitignore overrides its parents.
func (ig *ignorer) ignored(path string, isDir bool) bool {
	for l := ig; l != nil; l = l.parent {
		if matched, negate := l.match(path, isDir); matched {
			return !negate
		}
	}
	return false
}

func (ig *ignorer) match(path string, isDir bool) (matched, negate bool) {
	rel, err := filepath.Rel(ig.base, path)
	if err != nil {
		return false, false
	}
	rel = filepath.ToSlash(rel)
	if isDir {
		rel += "/" // lets directory-only patterns ("build/") match
	}
	for i := len(ig.rules) - 1; i >= 0; i-- {
		if ig.rules[i].pattern.MatchesPath(rel) {
			return true, ig.rules[i].negate
		}
	}
	return false, false
}

// readIgnore parses an ignore file; a missing or unreadable one is empty.
func readIgnore(path string) []ignoreRule {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var rules []ignoreRule
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r ")
		if line == "" || line[0] == '#' {
			continue
		}
		r := ignoreRule{negate: line[0] == '!'}
		line = strings.TrimPrefix(line, "!")
		// A slash before the end anchors the pattern to the .gitignore's
		// directory, which the ignore package does not do by itself.
		if !strings.HasPrefix(line, "/") && strings.Contains(strings.TrimSuffix(line, "/"), "/") {
			line = "/" + line
		}
		r.pattern = ignore.CompileIgnoreLines(escapeRegexp(line))
		rules = append(rules, r)
	}
	return rules
}

// escapeRegexp backslash-escapes the characters that the ignore package
// copies into its regular expression unescaped although git reads them
// literally: without it, git's own "*+" pattern ignores every file.
func escapeRegexp(pattern string) string {
	var b strings.Builder
	for _, c := range pattern {
		if strings.ContainsRune("+(){}|^$", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}
