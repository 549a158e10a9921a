package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/b24leaks/b24leaks/scanner/source/sourcetest"
)

// gitRepo is a repository driven by the git binary, as a developer's is.
type gitRepo struct {
	t   *testing.T
	Dir string
}

// newGitRepo initialises a repository with the git binary; it skips the
// test where git is not installed (CI installs it).
func newGitRepo(t *testing.T) *gitRepo {
	t.Helper()
	needGit(t)
	r := &gitRepo{t: t, Dir: t.TempDir()}
	r.git("init", "-q", "-b", "main")
	r.git("config", "user.name", "Dev")
	r.git("config", "user.email", "dev@example.com")
	r.git("config", "commit.gpgsign", "false")
	return r
}

// git runs git in the repository and returns its output; a failure fails
// the test.
func (r *gitRepo) git(args ...string) string {
	r.t.Helper()
	out, err := r.run(args...)
	if err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// run runs git and returns its output and error.
func (r *gitRepo) run(args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = r.Dir
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2024-03-01T12:00:00Z", "GIT_COMMITTER_DATE=2024-03-01T12:00:00Z",
		"GIT_CONFIG_NOSYSTEM=1", "HOME="+r.Dir, "LC_ALL=C")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// write writes a file of the work tree.
func (r *gitRepo) write(path, content string) {
	r.t.Helper()
	sourcetest.WriteFile(r.t, r.Dir, path, content)
}

// commitFile writes one file, stages everything and commits it.
func (r *gitRepo) commitFile(msg, path, content string) {
	r.t.Helper()
	r.write(path, content)
	r.git("add", ".")
	r.git("commit", "-q", "-m", msg)
}

func hookURL(seed uint64) string {
	return "https://b24-k3v9q2.bitrix24.ru/rest/1/" + synthCode(seed) + "/"
}

// jsonReport is the part of a JSON report the CLI tests read.
type jsonReport struct {
	Findings []struct {
		Secret    string `json:"secret"`
		Locations []struct {
			Kind       string `json:"kind"`
			Path       string `json:"path"`
			Line       int    `json:"line"`
			Column     int    `json:"column"`
			Commit     string `json:"commit"`
			Source     string `json:"source"`
			Repository string `json:"repository"`
		} `json:"locations"`
	} `json:"findings"`
	Stats struct {
		Skipped map[string]int `json:"skipped"`
		Commits int            `json:"commits"`
		Notices []string       `json:"notices"`
	} `json:"stats"`
}

func parseReport(t *testing.T, out string) jsonReport {
	t.Helper()
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out)
	}
	return rep
}

// secrets lists the redacted secrets of a report, in order.
func (r jsonReport) secrets() []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Secret)
	}
	return out
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

// b24leaksBinary builds the command once per test run, for tests that
// need a real executable (hooks, the pre-commit framework).
func b24leaksBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "b24leaks-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "b24leaks")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = err
			t.Logf("%s", out)
		}
	})
	if binErr != nil {
		t.Fatalf("build b24leaks: %v", binErr)
	}
	return binPath
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
