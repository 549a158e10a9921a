package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runHookCLI runs install-hook as the binary at bin would.
func runHookCLI(t *testing.T, bin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"install-hook"}, args...), terminal{stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" }, executable: func() (string, error) { return bin, nil }})
	return result{code, out.String(), errb.String()}
}

// commit tries a commit; it returns git's output and whether it worked.
func (r *gitRepo) tryCommit(msg string) (string, bool) {
	out, err := r.run("commit", "-q", "-m", msg)
	return out, err == nil
}

func TestInstallHookBlocksLeaksAndKeepsTheExistingHook(t *testing.T) {
	bin := b24leaksBinary(t)
	r := newGitRepo(t)
	hooks := filepath.Join(r.Dir, ".git", "hooks")
	os.MkdirAll(hooks, 0o755)
	ran := filepath.Join(r.Dir, "old-hook-ran")
	old := "#!/bin/sh\ntouch '" + ran + "'\n"
	os.WriteFile(filepath.Join(hooks, "pre-commit"), []byte(old), 0o755)

	if res := runHookCLI(t, bin, r.Dir); res.code != exitClean || !strings.Contains(res.stdout, "kept as pre-commit.b24leaks-chained") {
		t.Fatalf("install: exit %d, %s%s", res.code, res.stdout, res.stderr)
	}
	if res := runHookCLI(t, bin, r.Dir); res.code != exitClean || !strings.Contains(res.stdout, "already installed") {
		t.Errorf("second install: exit %d, %s%s", res.code, res.stdout, res.stderr)
	}
	r.write("ok.txt", "fine\n")
	r.git("add", ".")
	if out, ok := r.tryCommit("clean"); !ok {
		t.Fatalf("clean commit refused: %s", out)
	}
	if _, err := os.Stat(ran); err != nil {
		t.Error("the existing hook did not run")
	}
	r.write("leak.env", "HOOK="+hookURL(40)+"\n")
	r.git("add", ".")
	out, ok := r.tryCommit("leak")
	if ok || !strings.Contains(out, "leak.env:1:") || !strings.Contains(out, "the commit was stopped") || strings.Contains(out, synthCode(40)) {
		t.Errorf("leaking commit: committed %v, output:\n%s", ok, out)
	}

	if res := runHookCLI(t, bin, r.Dir, "--uninstall"); res.code != exitClean || !strings.Contains(res.stdout, "the hook it kept is back") {
		t.Fatalf("uninstall: exit %d, %s%s", res.code, res.stdout, res.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(hooks, "pre-commit")); string(data) != old {
		t.Errorf("uninstall left pre-commit as:\n%s", data)
	}
	if res := runHookCLI(t, bin, r.Dir, "--uninstall"); res.code != exitError || !strings.Contains(res.stderr, "left alone") {
		t.Errorf("uninstall of a foreign hook: exit %d, %s", res.code, res.stderr)
	}
}

func TestInstallHookHonoursHooksPathAndWorktrees(t *testing.T) {
	bin := b24leaksBinary(t)
	r := newGitRepo(t)
	r.commitFile("base", "a.txt", "a\n")
	r.git("config", "core.hooksPath", ".githooks")
	if res := runHookCLI(t, bin, r.Dir); res.code != exitClean {
		t.Fatalf("install: %s", res.stderr)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, ".githooks", "pre-commit")); err != nil {
		t.Errorf("core.hooksPath not honoured: %v", err)
	}
	r.git("config", "--unset", "core.hooksPath")
	wt := filepath.Join(t.TempDir(), "wt")
	r.git("worktree", "add", "-q", wt)
	if res := runHookCLI(t, bin, wt, "--force"); res.code != exitClean {
		t.Fatalf("install in a worktree: %s", res.stderr)
	}
	if data, err := os.ReadFile(filepath.Join(r.Dir, ".git", "hooks", "pre-commit")); err != nil || !strings.Contains(string(data), bin) {
		t.Errorf("worktree hook not in the common hooks directory: %v", err)
	}
	os.WriteFile(filepath.Join(wt, "leak.env"), []byte("HOOK="+hookURL(41)+"\n"), 0o644)
	wr := &gitRepo{t: t, Dir: wt}
	wr.git("add", ".")
	if out, ok := wr.tryCommit("leak in worktree"); ok {
		t.Errorf("worktree commit with a leak went through: %s", out)
	}
}

func TestHookSaysWhatToDoWhenTheBinaryIsMissing(t *testing.T) {
	r := newGitRepo(t)
	missing := filepath.Join(t.TempDir(), "b24leaks")
	if res := runHookCLI(t, missing, r.Dir); res.code != exitClean {
		t.Fatal(res.stderr)
	}
	r.write("a.txt", "a\n")
	r.git("add", ".")
	out, ok := r.tryCommit("no binary")
	if ok || !strings.Contains(out, "is missing") || !strings.Contains(out, "install-hook --force") {
		t.Errorf("committed %v, output %s", ok, out)
	}
}

// The repository's .pre-commit-hooks.yaml, run by the real pre-commit
// tool from this checkout: the system hook with the built binary, and the
// golang hook that builds b24leaks from source; --all-files scans every
// file, not only the staged ones.
func TestPreCommitFramework(t *testing.T) {
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Skip("needs the pre-commit tool (Debian package pre-commit; .ci/run installs it)")
	}
	bin := b24leaksBinary(t)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	rev := strings.TrimSpace(mustGit(t, root, "rev-parse", "HEAD"))
	for _, id := range []string{"b24leaks-system", "b24leaks"} {
		t.Run(id, func(t *testing.T) {
			if id == "b24leaks" && testing.Short() {
				t.Skip("builds b24leaks from source; not with -short")
			}
			r := newGitRepo(t)
			r.write(".pre-commit-config.yaml", "repos:\n  - repo: "+root+"\n    rev: "+rev+"\n    hooks:\n      - id: "+id+"\n")
			r.write("old.env", "HOOK="+hookURL(42)+"\n")
			r.git("add", ".")
			r.git("commit", "-q", "--no-verify", "-m", "old leak, committed before the hook")
			env := append(os.Environ(), "PRE_COMMIT_HOME="+filepath.Join(t.TempDir(), "cache"),
				"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
			preCommit := func(args ...string) (string, error) {
				cmd := exec.Command("pre-commit", args...)
				cmd.Dir, cmd.Env = r.Dir, env
				out, err := cmd.CombinedOutput()
				return string(out), err
			}
			r.write("new.txt", "nothing here\n")
			r.git("add", "new.txt")
			if out, err := preCommit("run"); err != nil {
				t.Fatalf("pre-commit run on a clean staged file failed: %v\n%s", err, out)
			}
			out, err := preCommit("run", "--all-files")
			if err == nil || !strings.Contains(out, "old.env:1:") || strings.Contains(out, synthCode(42)) {
				t.Errorf("pre-commit run --all-files: err %v, output:\n%s", err, out)
			}
		})
	}
}

func mustGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}
