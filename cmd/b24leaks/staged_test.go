package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/b24leaks/b24leaks/scanner"
)

// --staged scans the index, not the work tree: a partially staged file
// counts as what is staged, with the staged content's line numbers.
func TestStagedScansWhatIsStaged(t *testing.T) {
	r := newGitRepo(t)
	r.commitFile("base", "README.md", "# demo\n")
	r.write("config.py", "# settings\n\nHOOK = '"+hookURL(20)+"'\n")
	r.git("add", "config.py")
	// Then edit it again without staging: the leak moves and a second one
	// appears, neither of which is staged.
	r.write("config.py", "# settings\n\n\n\nHOOK = '"+hookURL(20)+"'\nOTHER = '"+hookURL(21)+"'\n")
	r.write("unstaged.txt", hookURL(22)+"\n")
	for _, backend := range []string{"auto", "go-git", "git"} {
		t.Run(backend, func(t *testing.T) {
			res := runCLI(t, "", "git", r.Dir, "--staged", "--git-backend", backend, "-f", "json")
			if res.code != exitLeaks || !strings.Contains(res.stderr, "git restore --staged") || !strings.Contains(res.stderr, ".b24leaksignore") {
				t.Fatalf("exit %d, stderr %q; want 1 and how to unstage or suppress", res.code, res.stderr)
			}
			rep := parseReport(t, res.stdout)
			if len(rep.Findings) != 1 || rep.Findings[0].Secret != scanner.Redact(synthCode(20)) {
				t.Fatalf("findings %v, want only the staged one", rep.secrets())
			}
			l := rep.Findings[0].Locations[0]
			if l.Kind != "staged" || l.Path != "config.py" || l.Line != 3 || l.Commit != "" {
				t.Errorf("location %+v, want staged config.py line 3", l)
			}
		})
	}
	r.git("reset", "-q", "config.py")
	if res := runCLI(t, "", "git", r.Dir, "--staged"); res.code != exitClean || res.stderr != "" {
		t.Errorf("nothing staged: exit %d, stderr %q", res.code, res.stderr)
	}
}

// --staged copes with what a work tree can be in the middle of: no commit
// yet, deletions, renames, mode changes, CRLF conversion, binaries, and a
// merge with conflicts.
func TestStagedInEveryRepositoryState(t *testing.T) {
	r := newGitRepo(t)
	r.write("first.env", "HOOK="+hookURL(23)+"\n")
	r.write("mode.env", "HOOK="+hookURL(27)+"\n")
	r.write("gone.txt", "x\n")
	r.git("add", ".")
	if res := runCLI(t, "", "git", r.Dir, "--staged", "-f", "json"); res.code != exitLeaks || len(parseReport(t, res.stdout).Findings) != 2 {
		t.Fatalf("no commit yet: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	r.git("commit", "-q", "-m", "first (leaks already in history)")

	r.git("mv", "first.env", "renamed.env")                      // renamed: the content at a new path
	r.git("update-index", "--chmod=+x", "mode.env")              // mode-changed only: nothing new
	r.git("rm", "-q", "gone.txt")                                // deleted
	r.write("logo.png", "\x89PNG\r\n\x1a\n\x00\x00"+hookURL(24)) // binary
	r.git("config", "core.autocrlf", "true")
	r.write("win.txt", "line one\r\nHOOK="+hookURL(25)+"\r\n") // CRLF, stored as LF
	r.git("add", "logo.png", "win.txt")
	for _, backend := range []string{"go-git", "git"} {
		res := runCLI(t, "", "git", r.Dir, "--staged", "--git-backend", backend, "-f", "json")
		rep := parseReport(t, res.stdout)
		want := []string{scanner.Redact(synthCode(23)), scanner.Redact(synthCode(25))}
		if got := rep.secrets(); res.code != exitLeaks || strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: exit %d, findings %v; want the renamed file's and win.txt's\n%s", backend, res.code, got, res.stderr)
			continue
		}
		if l := rep.Findings[0].Locations[0]; l.Path != "renamed.env" || l.Kind != "staged" {
			t.Errorf("%s: rename reported at %+v", backend, l)
		}
		if l := rep.Findings[1].Locations[0]; l.Path != "win.txt" || l.Line != 2 || l.Column != 44 {
			t.Errorf("%s: location %+v", backend, l)
		}
		if rep.Stats.Skipped["binary"] != 1 {
			t.Errorf("%s: skipped %v, want the binary counted", backend, rep.Stats.Skipped)
		}
	}
	r.git("commit", "-q", "-m", "windows notes")

	// A merge with a conflict: the unresolved file is not staged content
	// yet; once resolved and added, its leak is.
	r.git("checkout", "-q", "-b", "other")
	r.write("shared.txt", "theirs\n")
	r.git("add", "shared.txt")
	r.git("commit", "-q", "-m", "theirs")
	r.git("checkout", "-q", "main")
	r.write("shared.txt", "ours\n")
	r.git("add", "shared.txt")
	r.git("commit", "-q", "-m", "ours")
	if out, err := r.run("merge", "-q", "other"); err == nil {
		t.Fatalf("merge did not conflict: %s", out)
	}
	for _, backend := range []string{"go-git", "git"} {
		if res := runCLI(t, "", "git", r.Dir, "--staged", "--git-backend", backend); res.code != exitClean {
			t.Errorf("%s: conflicted merge: exit %d\n%s%s", backend, res.code, res.stdout, res.stderr)
		}
	}
	if err := os.WriteFile(filepath.Join(r.Dir, "shared.txt"), []byte("resolved "+hookURL(26)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r.git("add", "shared.txt")
	for _, backend := range []string{"go-git", "git"} {
		res := runCLI(t, "", "git", r.Dir, "--staged", "--git-backend", backend, "-f", "json")
		if rep := parseReport(t, res.stdout); res.code != exitLeaks || len(rep.Findings) != 1 || rep.Findings[0].Secret != scanner.Redact(synthCode(26)) {
			t.Errorf("%s: resolved merge: exit %d, findings %v", backend, res.code, rep.secrets())
		}
	}
}

// The in-process index reader and its cache-tree shortcut agree with git
// on every index format git writes: version 2, version 3 (an intent-to-add
// entry), version 4 (prefix-compressed names) and a split index (which is
// left to git diff-index).
func TestStagedIndexFormats(t *testing.T) {
	for _, format := range []string{"v2", "v3", "v4", "split"} {
		t.Run(format, func(t *testing.T) {
			r := newGitRepo(t)
			for i := range 30 {
				r.write(fmt.Sprintf("dir%d/sub/file%d.txt", i%3, i), fmt.Sprintf("file %d\n", i))
			}
			r.commitFile("base", "dir1/sub/old.env", "HOOK="+hookURL(28)+"\n")
			r.write("dir1/sub/file4.txt", "file 4\nHOOK="+hookURL(29)+"\n")
			r.git("add", "dir1/sub/file4.txt")
			switch format {
			case "v3":
				r.write("later.txt", "intent to add\n")
				r.git("add", "-N", "later.txt")
			case "v4":
				r.git("update-index", "--index-version", "4")
			case "split":
				r.git("update-index", "--split-index")
			}
			for _, backend := range []string{"auto", "go-git", "git"} {
				if format == "split" && backend == "go-git" {
					continue // go-git cannot read a split index; auto asks git
				}
				res := runCLI(t, "", "git", r.Dir, "--staged", "--git-backend", backend, "-f", "json")
				rep := parseReport(t, res.stdout)
				if res.code != exitLeaks || len(rep.Findings) != 1 || rep.Findings[0].Secret != scanner.Redact(synthCode(29)) ||
					rep.Findings[0].Locations[0].Path != "dir1/sub/file4.txt" {
					t.Errorf("%s: exit %d, findings %+v\n%s", backend, res.code, rep.Findings, res.stderr)
				}
			}
		})
	}
}
