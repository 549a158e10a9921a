package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// auditRepos makes two repositories that share one leak.
func auditRepos(t *testing.T) (a, b *gitRepo) {
	a, b = newGitRepo(t), newGitRepo(t)
	a.commitFile("a", "a.env", "H="+hookURL(400)+"\nS="+hookURL(402)+"\n")
	b.commitFile("b", "b.env", "H="+hookURL(401)+"\n")
	b.commitFile("shared", "shared.env", "S="+hookURL(402)+"\n")
	return a, b
}

// Several repositories: each scanned on its own, a credential found in
// two is one finding with a location in each (its repository named);
// one that cannot be opened is named and the others go on (exit 2);
// --repo-jobs changes nothing in the report.
func TestSeveralRepositories(t *testing.T) {
	a, b := auditRepos(t)
	missing := filepath.Join(t.TempDir(), "gone")
	list := filepath.Join(t.TempDir(), "repos.txt")
	os.WriteFile(list, []byte("# the audit\n"+b.Dir+"\n\n"+missing+"\n"), 0o644)
	var reports []string
	for _, jobs := range []string{"1", "3"} {
		res := runCLI(t, "", "git", a.Dir, "--repos-from", list, "--repo-jobs", jobs, "-f", "json", "--no-redact")
		rep := parseReport(t, res.stdout)
		if res.code != exitError || len(rep.Findings) != 3 || !strings.Contains(res.stderr, missing) {
			t.Fatalf("-repo-jobs %s: exit %d, %d findings\n%s", jobs, res.code, len(rep.Findings), res.stderr)
		}
		for _, f := range rep.Findings {
			if f.Secret == synthCode(402) && (len(f.Locations) != 2 || f.Locations[0].Repository != a.Dir || f.Locations[1].Repository != b.Dir) {
				t.Errorf("shared leak: %+v", f.Locations)
			}
		}
		reports = append(reports, withoutDurations(res.stdout))
	}
	if reports[0] != reports[1] {
		t.Errorf("--repo-jobs 1 and 3 differ:\n%s\n---\n%s", reports[0], reports[1])
	}
	one := parseReport(t, runCLI(t, "", "git", a.Dir, "-f", "json").stdout)
	if one.Findings[0].Locations[0].Repository != "" {
		t.Errorf("a one-repository report names the repository: %+v", one.Findings[0].Locations[0])
	}
}

// withoutDurations is a JSON report without its timings, which differ
// from run to run.
func withoutDurations(report string) string {
	return regexp.MustCompile(`(?s)"durations_ms": \{.*?\}`).ReplaceAllString(report, "")
}

// gitDaemon serves dir over git:// on loopback.
func gitDaemon(t *testing.T, dir string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	// git-daemon itself, not "git daemon": git runs it as a child, which
	// killing git would leave serving after the test.
	execPath, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(strings.TrimSpace(string(execPath)), "git-daemon"),
		"--reuseaddr", "--export-all", "--listen=127.0.0.1", fmt.Sprintf("--port=%d", port), "--base-path="+dir, dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for range 100 {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "git://" + addr
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("git daemon did not start")
	return ""
}

// URLs are cloned (bare, every ref) and scanned with provenance, named by
// their URL; --clone-dir keeps the clone and the next run fetches what
// changed.
func TestCloneOverGitProtocol(t *testing.T) {
	a, _ := auditRepos(t)
	base := filepath.Dir(a.Dir)
	url := gitDaemon(t, base) + "/" + filepath.Base(a.Dir)
	keep := t.TempDir()
	res := runCLI(t, "", "git", url, "--clone-dir", keep, "-f", "json")
	rep := parseReport(t, res.stdout)
	if res.code != exitLeaks || len(rep.Findings) != 2 || rep.Findings[0].Locations[0].Commit == "" || rep.Findings[0].Locations[0].Path != "a.env" {
		t.Fatalf("exit %d, %+v\n%s", res.code, rep.Findings, res.stderr)
	}
	a.commitFile("later", "later.env", "H="+hookURL(403)+"\n")
	res = runCLI(t, "", "git", url, "--clone-dir", keep, "-f", "json", "--no-redact")
	if rep := parseReport(t, res.stdout); len(rep.Findings) != 3 || !strings.Contains(strings.Join(rep.secrets(), " "), synthCode(403)) {
		t.Errorf("after a new commit, the kept clone was not fetched: %d findings\n%s", len(rep.Findings), res.stderr)
	}
	if entries, _ := os.ReadDir(keep); len(entries) != 1 {
		t.Errorf("--clone-dir holds %d entries, want the one clone", len(entries))
	}
}

// Smart HTTP behind basic auth (git http-backend via net/http/cgi): the
// token from the environment opens it; a wrong or missing one is a clear
// error for that repository only; the token is never printed.
func TestCloneOverHTTPWithAToken(t *testing.T) {
	a, b := auditRepos(t)
	backend, err := exec.Command("git", "--exec-path").Output()
	if err != nil {
		t.Skip("no git exec path")
	}
	const token = "tok-5up3r-s3cret-value"
	cgiHandler := &cgi.Handler{Path: filepath.Join(strings.TrimSpace(string(backend)), "git-http-backend"),
		Env: []string{"GIT_PROJECT_ROOT=" + filepath.Dir(a.Dir), "GIT_HTTP_EXPORT_ALL=1"}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pass, ok := r.BasicAuth(); !ok || pass != token {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		cgiHandler.ServeHTTP(w, r)
	}))
	defer srv.Close()
	url := srv.URL + "/" + filepath.Base(a.Dir)
	res := runEnv(t, map[string]string{"B24LEAKS_GIT_TOKEN": token}, "git", url, b.Dir, "-f", "json")
	fromURL := func(rep jsonReport) bool {
		for _, f := range rep.Findings {
			if f.Locations[0].Repository == url && f.Locations[0].Commit != "" {
				return true
			}
		}
		return false
	}
	if rep := parseReport(t, res.stdout); res.code != exitLeaks || len(rep.Findings) != 3 || !fromURL(rep) {
		t.Fatalf("with the token: exit %d, %+v\n%s", res.code, rep.Findings, res.stderr)
	}
	for _, env := range []map[string]string{{"B24LEAKS_GIT_TOKEN": "wrong"}, {}} {
		res := runEnv(t, env, "git", url, b.Dir, "-f", "json")
		rep := parseReport(t, res.stdout)
		if res.code != exitError || len(rep.Findings) != 2 || !strings.Contains(res.stderr, "clone "+url+": the server") ||
			strings.Contains(res.stdout+res.stderr, token) {
			t.Errorf("token %q: exit %d, %d findings\n%s", env["B24LEAKS_GIT_TOKEN"], res.code, len(rep.Findings), res.stderr)
		}
	}
}

// Reports of separate runs merged equal the report of one run over all
// their repositories, in any format; a file that is no JSON report is an
// error naming it.
func TestMergeEqualsOneRun(t *testing.T) {
	a, b := auditRepos(t)
	missing := "file://" + filepath.Join(t.TempDir(), "gone.git") // a clone that fails still writes its report
	dir := t.TempDir()
	whole := runCLI(t, "", "git", a.Dir, b.Dir, missing, "-f", "json")
	var parts []string
	for i, repo := range []string{a.Dir, b.Dir, missing} {
		part := filepath.Join(dir, fmt.Sprintf("%d.json", i))
		runCLI(t, "", "git", repo, "-f", "json", "-r", part)
		parts = append(parts, part)
	}
	merged := runCLI(t, "", append([]string{"merge", "-f", "json"}, parts...)...)
	if merged.code != whole.code || whole.code != exitError || withoutDurations(merged.stdout) != withoutDurations(whole.stdout) {
		t.Errorf("merged (exit %d) differs from one run (exit %d):\n%s\n---\n%s", merged.code, whole.code, merged.stdout, whole.stdout)
	}
	wholeText := runCLI(t, "", "git", a.Dir, b.Dir, "--color", "never").stdout
	mergedText := runCLI(t, "", "merge", parts[0], parts[1], "--color", "never").stdout
	if wholeText != mergedText {
		t.Errorf("text reports differ:\n%s\n---\n%s", mergedText, wholeText)
	}
	if html := runCLI(t, "", "merge", parts[0], parts[1], "-f", "html"); html.code != exitLeaks || !strings.Contains(html.stdout, "3 leaks found") {
		t.Errorf("html: exit %d\n%s", html.code, html.stderr)
	}
	bad := filepath.Join(dir, "notes.txt")
	os.WriteFile(bad, []byte("not json"), 0o644)
	if res := runCLI(t, "", "merge", parts[0], bad); res.code != exitError || !strings.Contains(res.stderr, "merge: "+bad+": not a b24leaks JSON report") {
		t.Errorf("bad input: exit %d\n%s", res.code, res.stderr)
	}
}
