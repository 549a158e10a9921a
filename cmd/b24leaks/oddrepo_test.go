package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Repositories that are unusual but healthy scan fully on both backends:
// an empty one, an unborn HEAD beside a branch, a linked work tree, a
// bare clone, a path 120 directories deep.
func TestOddButHealthyRepositories(t *testing.T) {
	empty := newGitRepo(t)

	unborn := newGitRepo(t)
	unborn.git("checkout", "-q", "-b", "other")
	unborn.commitFile("leak", "u.env", "H="+hookURL(251)+"\n")
	unborn.git("symbolic-ref", "HEAD", "refs/heads/none")

	main := newGitRepo(t)
	deep := strings.Repeat("d/", 120) + "deep.env"
	main.commitFile("leak", deep, "H="+hookURL(252)+"\n")
	worktree := filepath.Join(t.TempDir(), "wt")
	main.git("worktree", "add", "-q", worktree)
	bare := filepath.Join(t.TempDir(), "bare.git")
	main.git("clone", "-q", "--bare", main.Dir, bare)

	cases := []struct {
		name, dir string
		code      int
		path      string
	}{
		{"empty", empty.Dir, exitClean, ""},
		{"unborn HEAD", unborn.Dir, exitLeaks, "u.env"},
		{"linked work tree", worktree, exitLeaks, deep},
		{"bare clone", bare, exitLeaks, deep},
	}
	for _, c := range cases {
		for _, backend := range []string{"go-git", "git"} {
			res := runCLI(t, "", "git", c.dir, "--git-backend", backend, "-f", "json")
			rep := parseReport(t, res.stdout)
			if res.code != c.code || c.path != "" && (len(rep.Findings) != 1 || rep.Findings[0].Locations[0].Path != c.path || rep.Findings[0].Locations[0].Commit == "") {
				t.Errorf("%s/%s: exit %d, %+v\n%s", c.name, backend, res.code, rep.Findings, res.stderr)
			}
		}
	}
}

// CRLF line ends count as one line break: line and column are those an
// editor shows.
func TestCRLFPositions(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "win.ini"), []byte("[a]\r\nx=1\r\nhook = "+hookURL(253)+"\r\n"), 0o644)
	rep := parseReport(t, runCLI(t, "", "dir", dir, "-f", "json").stdout)
	column := len("hook = "+hookURL(253)) - len(synthCode(253)) // the code's first character, 1-based
	if len(rep.Findings) != 1 || rep.Findings[0].Locations[0].Line != 3 || rep.Findings[0].Locations[0].Column != column {
		t.Errorf("%+v", rep.Findings)
	}
}

// A symbolic link loop given as an argument is a one-line error naming
// it; inside a directory it is not followed.
func TestSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if os.Symlink(b, a) != nil || os.Symlink(a, b) != nil {
		t.Skip("symlinks unavailable")
	}
	os.WriteFile(filepath.Join(dir, "c.env"), []byte("H="+hookURL(254)+"\n"), 0o644)
	res := runCLI(t, "", "dir", a)
	if res.code != exitError || !strings.Contains(res.stderr, a) || strings.Count(strings.TrimSpace(res.stderr), "\n") > 2 {
		t.Errorf("loop as argument: exit %d\n%s", res.code, res.stderr)
	}
	if res := runCLI(t, "", "dir", dir); res.code != exitLeaks {
		t.Errorf("directory with a loop: exit %d\n%s", res.code, res.stderr)
	}
}
