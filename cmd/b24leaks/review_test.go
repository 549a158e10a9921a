package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/b24leaks/b24leaks/scanner"
)

// A tag that points straight at a blob also committed at a path: two
// appearances, one without a commit; both backends place both.
func TestBlobTagAndCommitOfTheSameBlob(t *testing.T) {
	r := newGitRepo(t)
	r.commitFile("add", "a.js", "const H = '"+hookURL(100)+"';\n")
	r.git("tag", "blobtag", strings.TrimSpace(r.git("rev-parse", "HEAD:a.js")))
	for _, backend := range []string{"go-git", "git"} {
		res := runCLI(t, "", "git", r.Dir, "--git-backend", backend, "-f", "json")
		rep := parseReport(t, res.stdout)
		if res.code != exitLeaks || len(rep.Findings) != 1 || len(rep.Findings[0].Locations) != 2 {
			t.Errorf("%s: exit %d, %+v\n%s", backend, res.code, rep.Findings, res.stderr)
		}
	}
}

// A hook run by 'git commit -a' gets a temporary index in GIT_INDEX_FILE;
// the in-process reader must read that one.
func TestStagedReadsGitIndexFile(t *testing.T) {
	r := newGitRepo(t)
	r.commitFile("base", "a.env", "x\n")
	r.write("a.env", "H="+hookURL(101)+"\n")
	tmp := filepath.Join(t.TempDir(), "index.tmp")
	data, _ := os.ReadFile(filepath.Join(r.Dir, ".git", "index"))
	os.WriteFile(tmp, data, 0o644)
	cmd := []string{"--git-dir=" + filepath.Join(r.Dir, ".git"), "--work-tree=" + r.Dir, "add", "a.env"}
	t.Setenv("GIT_INDEX_FILE", tmp)
	r.git(cmd...)
	for _, backend := range []string{"go-git", "git", "auto"} {
		res := runCLI(t, "", "git", r.Dir, "--staged", "--git-backend", backend, "-f", "json")
		if rep := parseReport(t, res.stdout); res.code != exitLeaks || len(rep.Findings) != 1 {
			t.Errorf("%s: exit %d, findings %v\n%s", backend, res.code, rep.secrets(), res.stderr)
		}
	}
}

// Index v4 names are prefix-compressed with git's own varint: a long
// name followed by one that shares nothing needs more than one byte.
func TestStagedIndexV4LongNames(t *testing.T) {
	r := newGitRepo(t)
	long := strings.Repeat("d", 60) + "/" + strings.Repeat("e", 60) + "/" + strings.Repeat("f", 60) + ".txt"
	r.write(long, "x\n")
	r.commitFile("base", "zz.env", "y\n")
	r.write(long, "H="+hookURL(102)+"\n")
	r.write("zz.env", "H="+hookURL(103)+"\n")
	r.git("add", ".")
	r.git("update-index", "--index-version", "4")
	res := runCLI(t, "", "git", r.Dir, "--staged", "--git-backend", "go-git", "-f", "json")
	if rep := parseReport(t, res.stdout); res.code != exitLeaks || len(rep.Findings) != 2 {
		t.Errorf("exit %d, findings %v\n%s", res.code, rep.secrets(), res.stderr)
	}
}

// A suppressed secret that also stands in a commit message is masked
// there like a reported one.
func TestSuppressedSecretsAreMaskedInFreeText(t *testing.T) {
	r := newGitRepo(t)
	r.commitFile("old hook "+hookURL(105)+" b24leaks:allow", "a.env", "H="+hookURL(104)+"\n")
	res := runCLI(t, "", "git", r.Dir, "-f", "json")
	if res.code != exitLeaks || strings.Contains(res.stdout, synthCode(105)) || !strings.Contains(res.stdout, scanner.Redact(synthCode(105))) {
		t.Errorf("exit %d; the allowed secret is printed in the message:\n%s", res.code, res.stdout)
	}
}

// A '#' inside a path is part of it, not a comment.
func TestIgnorePathWithHash(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "docs"), 0o755)
	os.WriteFile(filepath.Join(dir, "docs", "#1.md"), []byte("H="+hookURL(106)+"\n"), 0o644)
	fp := fingerprints(t, "dir", dir)[scanner.Redact(synthCode(106))]
	ign := filepath.Join(dir, ".b24leaksignore")
	if res := runCLI(t, "", "ignore", "docs/#1.md:"+fp, "--ignore-path", ign); res.code != exitClean {
		t.Fatal(res.stderr)
	}
	if res := runCLI(t, "", "dir", dir); res.code != exitClean {
		t.Errorf("exit %d, %s%s", res.code, res.stdout, res.stderr)
	}
}

// Config path globs match git paths as they are, from any directory.
func TestConfigPathsFromASubdirectory(t *testing.T) {
	r := newGitRepo(t)
	r.write(".b24leaks.toml", "[allowlist]\npaths = [\"vendor/**\"]\n")
	r.write("vendor/a.js", "u='"+hookURL(107)+"'\n")
	r.commitFile("vendored", "sub/b.txt", "b\n")
	wd, _ := os.Getwd()
	defer os.Chdir(wd)
	os.Chdir(filepath.Join(r.Dir, "sub"))
	if res := runCLI(t, "", "git", "."); res.code != exitClean {
		t.Errorf("exit %d from a subdirectory:\n%s", res.code, res.stdout)
	}
}
