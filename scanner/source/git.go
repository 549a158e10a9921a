package source

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"

	"github.com/go-git/go-billy/v5"
	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/b24leaks/b24leaks/scanner"
)

// GitBackend selects how GitHistory reads the object database.
type GitBackend string

const (
	// BackendAuto reads a whole history's packs in process (the pack
	// reader, faster than cat-file); for a range it uses the git binary
	// when it is on PATH and can read the repository, and go-git
	// otherwise; for staged changes git lists the index and the blobs are
	// read in process.
	BackendAuto GitBackend = "auto"
	// BackendGoGit reads packs and loose objects in process: packs with
	// the pack reader, loose objects and single objects with go-git.
	BackendGoGit GitBackend = "go-git"
	// BackendGit streams objects from `git cat-file --batch`.
	BackendGit GitBackend = "git"
)

// GitOptions configures OpenGit.
type GitOptions struct {
	Backend GitBackend // empty means BackendAuto
	Scope   GitScope   // which objects; the zero value is AllHistory
	// CheckObjects says when a whole-history scan checks that no object
	// history refers to is missing; the zero value is CheckObjectsAuto.
	CheckObjects ObjectCheck
	// RecurseSubmodules says the caller scans the initialized submodules
	// (Submodules) too: the notice then names only the others.
	RecurseSubmodules bool
	// Submodule says this repository is a submodule scanned as part of
	// its superproject, whose notice covers the nested ones.
	Submodule bool
	// Name is what reports call the repository; empty means the path.
	Name string
}

// GitCounts says how many objects a walk saw, by type.
type GitCounts struct {
	Commits   int64
	Tags      int64
	Blobs     int64
	Trees     int64 // seen but not offered
	BlobBytes int64 // total size of the blobs offered
}

// gitCounters is shared by a GitHistory and the partitions Split makes.
type gitCounters struct {
	commits, tags, blobs, trees, blobBytes atomic.Int64
}

func (c *gitCounters) snapshot() GitCounts {
	return GitCounts{
		Commits:   c.commits.Load(),
		Tags:      c.tags.Load(),
		Blobs:     c.blobs.Load(),
		Trees:     c.trees.Load(),
		BlobBytes: c.blobBytes.Load(),
	}
}

// GitHistory offers every blob, commit message and tag message of a git
// repository's object database, and attributes objects to the commits and
// paths that introduced them.
type GitHistory struct {
	path    string // as given to OpenGit, for error messages
	gitDir  string // absolute path of the git directory
	gitBin  string // path of the git binary (BackendGit only)
	backend GitBackend
	scope   GitScope
	rng     *rangeResult     // the range's commits, resolved once
	repo    *git.Repository  // used by the go-git walk and by Attribute
	fs      billy.Filesystem // the repository's own git directory (common dir included), for the go-git walk
	// shadowRefs runs git against a shadow git directory (git_cmd.go):
	// git refuses a repository whose packed-refs it cannot read.
	shadowRefs   bool
	checkObjects ObjectCheck
	recurseSubs  bool
	isSubmodule  bool
	gitFailed    error  // why git could not list the objects, which go-git then read
	name         string // for reports
	counts       *gitCounters
	listed       *listedIDs     // trees and commits the object listing saw (git_attr_trees.go)
	catParts     []*catFilePart // the parts that read them, with the commits' links
	packs        []*packForest  // every pack, read once (git_pack_parts.go)
	packParts    []*packPart    // the parts that read them, with the commits' links
	loose        []goGitLoose   // loose objects in no pack
	packsErr     error          // why the packs could not be read
	packsRead    bool           // packs, loose and packsErr are set
	storer       *sync.Mutex    // held by whoever reads objects through repo.Storer while the pack reader runs
}

var (
	_ scanner.Source     = (*GitHistory)(nil)
	_ scanner.Attributor = (*GitHistory)(nil)
)

// OpenGit opens the repository containing path: a work tree root, any
// directory inside a work tree, a .git directory, or a bare repository.
func OpenGit(path string, opts GitOptions) (*GitHistory, error) {
	repo, err := openRepo(path)
	if err != nil {
		return nil, fmt.Errorf("open repository %s: %w", path, err)
	}
	st, ok := repo.Storer.(*filesystem.Storage)
	if !ok {
		return nil, fmt.Errorf("open repository %s: unsupported storage", path)
	}
	gitDir, err := filepath.Abs(st.Filesystem().Root())
	if err != nil {
		return nil, fmt.Errorf("open repository %s: %w", path, err)
	}
	if repo, err = withAlternates(repo, gitDir); err != nil {
		return nil, fmt.Errorf("open repository %s: %w", path, err)
	}
	g := &GitHistory{path: path, gitDir: gitDir, repo: repo, fs: st.Filesystem(), scope: opts.Scope, counts: &gitCounters{}, rng: &rangeResult{}, storer: new(sync.Mutex),
		checkObjects: opts.CheckObjects, recurseSubs: opts.RecurseSubmodules, isSubmodule: opts.Submodule, name: cmp.Or(opts.Name, path)}
	g.shadowRefs = g.packedRefsBroken()
	if err := g.chooseBackend(opts.Backend); err != nil {
		return nil, fmt.Errorf("open repository %s: %w", path, err)
	}
	return g, nil
}

// openRepo opens path as a git directory when it looks like one, and
// otherwise searches it and its parents for a work tree's .git.
func openRepo(path string) (*git.Repository, error) {
	fi, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, errors.New("no such file or directory")
		}
		return nil, err
	}
	if !fi.IsDir() {
		return nil, errors.New("not a directory")
	}
	detect := !looksLikeGitDir(path)
	repo, err := git.PlainOpenWithOptions(path, &git.PlainOpenOptions{
		DetectDotGit:          detect,
		EnableDotGitCommonDir: true,
	})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, errors.New("not a git repository")
	}
	return repo, err
}

// looksLikeGitDir reports whether dir is itself a git directory (bare
// repository, .git directory or linked work tree's git directory).
func looksLikeGitDir(dir string) bool {
	if fi, err := os.Stat(filepath.Join(dir, "HEAD")); err != nil || fi.IsDir() {
		return false
	}
	if fi, err := os.Stat(filepath.Join(dir, "objects")); err == nil && fi.IsDir() {
		return true
	}
	_, err := os.Stat(filepath.Join(dir, "commondir"))
	return err == nil
}

func (g *GitHistory) chooseBackend(b GitBackend) error {
	switch b {
	case BackendGoGit:
		g.backend = BackendGoGit
		return nil
	case BackendGit:
		bin, err := exec.LookPath("git")
		if err != nil {
			return fmt.Errorf("git backend: %w", err)
		}
		g.gitBin, g.backend = bin, BackendGit
		return nil
	case "", BackendAuto:
		g.backend = BackendGoGit
		switch g.scope.kind {
		case scopeStaged:
			// git diff-index lists the index fastest (its cache tree skips
			// unchanged directories); the few staged blobs are then read in
			// process, with no cat-file to start.
			g.gitBin, _ = exec.LookPath("git")
			return nil
		case scopeAll:
			// The pack reader builds every object once, from a base in
			// memory, and skips the trees: cat-file finds each object on
			// its own and pays for pipes (git_pack.go).
			return nil
		}
		if bin, err := exec.LookPath("git"); err == nil && gitUsable(bin, g.gitDir) {
			g.gitBin, g.backend = bin, BackendGit
		}
		return nil
	default:
		return fmt.Errorf("unknown git backend %q", b)
	}
}

// gitUsable reports whether the git binary can read the repository (a
// repository whose packed-refs git refuses is read through a shadow git
// directory instead, see startGit).
func gitUsable(bin, gitDir string) bool {
	cmd := exec.Command(bin, "--git-dir="+gitDir, "rev-parse", "--git-dir")
	cmd.Env = gitEnv()
	return cmd.Run() == nil
}

// gitEnv is the environment for git subprocesses: no prompts, no pager,
// untranslated messages, and no fetching of a partial clone's missing
// objects (a scan never touches the network).
func gitEnv() []string {
	return append(os.Environ(),
		"GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "LC_ALL=C", "GIT_OPTIONAL_LOCKS=0", "GIT_NO_LAZY_FETCH=1")
}

// Name returns the repository's name for reports: GitOptions.Name, or the
// path as given to OpenGit.
func (g *GitHistory) Name() string { return g.name }

// Backend returns the backend in use.
func (g *GitHistory) Backend() GitBackend { return g.backend }

// Counts returns the objects seen so far by Walk (and by the partitions
// returned by Split).
func (g *GitHistory) Counts() GitCounts { return g.counts.snapshot() }

// Walk offers what the scope names, each object once: for AllHistory
// every blob, every commit's message and every annotated tag's message in
// the object database.
func (g *GitHistory) Walk(ctx context.Context, yield func(scanner.Item) error) error {
	parts, err := g.partitions(ctx, 1)
	if err != nil {
		return err
	}
	for _, p := range parts {
		if err := p.Walk(ctx, yield); err != nil {
			return err
		}
	}
	return nil
}

// Split returns n sources (fewer for tiny repositories) that together
// offer exactly what Walk offers, each object in one of them. They share
// no state but the counters and may be walked concurrently.
func (g *GitHistory) Split(ctx context.Context, n int) ([]scanner.Source, error) {
	if n < 1 {
		n = 1
	}
	return g.partitions(ctx, n)
}

func (g *GitHistory) partitions(ctx context.Context, n int) ([]scanner.Source, error) {
	if g.scope.kind != scopeAll {
		return g.scopedParts(ctx, n)
	}
	if g.backend == BackendGit {
		return g.catFileParts(ctx, n)
	}
	return g.goGitParts(ctx, n)
}
