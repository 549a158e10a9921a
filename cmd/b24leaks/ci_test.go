package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/b24leaks/b24leaks/scanner"
)

// ciRepo has an old leak, then a pushed commit with a new one.
func ciRepo(t *testing.T) (r *gitRepo, before, after string) {
	r = newGitRepo(t)
	r.commitFile("old leak", "old.env", "HOOK="+hookURL(30)+"\n")
	before = strings.TrimSpace(r.git("rev-parse", "HEAD"))
	r.commitFile("new leak", "new.env", "HOOK="+hookURL(31)+"\n")
	return r, before, strings.TrimSpace(r.git("rev-parse", "HEAD"))
}

// runEnv runs the CLI with the given environment.
func runEnv(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, terminal{stdin: strings.NewReader(""), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return env[k] }})
	return result{code, out.String(), errb.String()}
}

func TestLogOptsAndSinceCommit(t *testing.T) {
	r, before, _ := ciRepo(t)
	for _, args := range [][]string{
		{"--log-opts", before + "..HEAD"}, {"--since-commit", before}, {"--log-opts", "--all -- new.env"},
	} {
		res := runCLI(t, "", append([]string{"git", r.Dir, "-f", "json"}, args...)...)
		rep := parseReport(t, res.stdout)
		if res.code != exitLeaks || len(rep.Findings) != 1 || rep.Findings[0].Secret != scanner.Redact(synthCode(31)) {
			t.Errorf("%v: exit %d, findings %v; want only the new leak\n%s", args, res.code, rep.secrets(), res.stderr)
		}
	}
	res := runCLI(t, "", "git", r.Dir, "--log-opts", "--author=me")
	if res.code != exitError || !strings.Contains(res.stderr, "--author=me is not supported") {
		t.Errorf("unsupported option: exit %d, stderr %q", res.code, res.stderr)
	}
	res = runCLI(t, "", "git", r.Dir, "--staged", "--ci")
	if res.code != exitError || !strings.Contains(res.stderr, "give one") {
		t.Errorf("two scopes: exit %d, stderr %q", res.code, res.stderr)
	}
}

// --ci takes the range from the CI system's environment, and says what it
// does when that range cannot be followed.
func TestCIRanges(t *testing.T) {
	r, before, after := ciRepo(t)
	payload := func(body string) string {
		p := filepath.Join(t.TempDir(), "event.json")
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	github := func(event, body string) map[string]string {
		return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": event, "GITHUB_EVENT_PATH": payload(body), "GITHUB_SHA": after}
	}
	zeros := strings.Repeat("0", 40)
	cases := []struct {
		name  string
		env   map[string]string
		leaks []uint64
		note  string // in stderr and in the report's notices
	}{
		{"github push", github("push", `{"before":"`+before+`","after":"`+after+`"}`), []uint64{31}, ""},
		{"github first push", github("push", `{"before":"`+zeros+`","after":"`+after+`"}`), []uint64{30, 31}, "first push"},
		{"github force push", github("push", `{"before":"`+strings.Repeat("1", 40)+`","after":"`+after+`"}`), []uint64{30, 31}, "is not in this clone"},
		{"github pull request", github("pull_request", `{"pull_request":{"base":{"sha":"`+before+`"},"head":{"sha":"`+after+`"}}}`), []uint64{31}, ""},
		{"gitlab merge request", map[string]string{"GITLAB_CI": "true", "CI_COMMIT_SHA": after, "CI_MERGE_REQUEST_DIFF_BASE_SHA": before}, []uint64{31}, ""},
		{"gitlab push", map[string]string{"GITLAB_CI": "true", "CI_COMMIT_SHA": after, "CI_COMMIT_BEFORE_SHA": before}, []uint64{31}, ""},
		{"gitlab new branch", map[string]string{"GITLAB_CI": "true", "CI_COMMIT_SHA": after, "CI_COMMIT_BEFORE_SHA": zeros}, []uint64{30, 31}, "first push"},
		{"no CI", map[string]string{}, []uint64{30, 31}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runEnv(t, c.env, "git", r.Dir, "--ci", "-f", "json")
			rep := parseReport(t, res.stdout)
			var want []string
			for _, seed := range c.leaks {
				want = append(want, scanner.Redact(synthCode(seed)))
			}
			got := rep.secrets()
			slices.Sort(got)
			slices.Sort(want)
			if res.code != exitLeaks || strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("exit %d, findings %v, want %v\n%s", res.code, rep.secrets(), want, res.stderr)
			}
			notes := strings.Join(rep.Stats.Notices, "\n")
			if !strings.Contains(notes, c.note) || !strings.Contains(res.stderr, c.note) || (c.note == "") != (notes == "") {
				t.Errorf("notices %q, stderr %q; want %q in both", notes, res.stderr, c.note)
			}
		})
	}
	res := runEnv(t, map[string]string{}, "git", r.Dir, "--ci")
	if !strings.Contains(res.stderr, "scanning the whole history") {
		t.Errorf("no CI: stderr %q does not say the whole history is scanned", res.stderr)
	}
}

// Several formats in one scan: each -r is for the -f before it; the one
// without a file goes to stdout.
func TestSeveralReportFormats(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.env"), []byte("HOOK="+hookURL(32)+"\n"), 0o644)
	out := t.TempDir()
	sarif, junit := filepath.Join(out, "r.sarif"), filepath.Join(out, "r.xml")
	res := runCLI(t, "", "dir", dir, "-f", "sarif", "-r", sarif, "-f", "junit", "-r", junit, "-f", "text", "--color", "never")
	if res.code != exitLeaks || !strings.HasPrefix(res.stdout, "Finding 1 of 1") {
		t.Fatalf("exit %d, stdout %q", res.code, res.stdout)
	}
	for path, want := range map[string]string{sarif: `"version": "2.1.0"`, junit: "<testsuites"} {
		data, err := os.ReadFile(path)
		if err != nil || !strings.Contains(string(data), want) || strings.Contains(string(data), synthCode(32)) {
			t.Errorf("%s: %v, want %q and no secret:\n%s", path, err, want, data)
		}
	}
	// -r belongs to the -f before it, wherever the others stand.
	jsonPath := filepath.Join(out, "r.json")
	res = runCLI(t, "", "dir", dir, "-f", "text", "-f", "json", "-r", jsonPath, "--color", "never")
	if data, err := os.ReadFile(jsonPath); err != nil || !strings.HasPrefix(string(data), "{") || !strings.HasPrefix(res.stdout, "Finding 1 of 1") {
		t.Errorf("-f text -f json -r FILE: file %q (%v), stdout %q", data, err, res.stdout)
	}
	for _, args := range [][]string{{"-f", "json", "-f", "text"}, {"-r", "a", "-r", "b"}, {"-f", "json", "-r", "a", "-r", "b"}} {
		if res := runCLI(t, "", append([]string{"dir", dir}, args...)...); res.code != exitError {
			t.Errorf("%v: exit %d, want 2: %s", args, res.code, res.stderr)
		}
	}
}
