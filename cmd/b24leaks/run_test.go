package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/b24leaks/b24leaks/scanner"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/spf13/pflag"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/cli")

// result is what one run printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, terminal{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(string) string { return "" }})
	return result{code, out.String(), errb.String()}
}

// golden compares got with testdata/cli/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "cli", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/b24leaks -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

// stableJSON drops the parts of a JSON report that vary between runs
// (durations) and fixes the version.
func stableJSON(t *testing.T, report string) string {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal([]byte(report), &doc); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, report)
	}
	doc["version"] = "test"
	if sources, ok := doc["sources"].([]any); ok {
		doc["sources"] = len(sources) // their paths are temporary directories
	}
	delete(doc["stats"].(map[string]any), "durations_ms")
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b) + "\n"
}

// historyRepo builds a repository where webhooks are added, moved, deleted
// and re-added across branches, and pasted into commit and tag messages.
func historyRepo(t *testing.T) *testRepo {
	r := newTestRepo(t)
	cloud := "https://b24-k3v9q2.bitrix24.ru/rest/1/" + synthCode(1) + "/"
	app := "// CRM sync\nconst WEBHOOK = '" + cloud + "';\nexport default WEBHOOK;\n"
	r.commit("add crm sync", map[string]string{
		"config/app.js": app,
		"docs/setup.md": "# Setup\n\nCall " + cloud + "crm.lead.add.json to create leads.\n",
		"README.md":     "# demo\n",
	})
	r.commit("move config", map[string]string{"config/app.js": "", "src/app.js": app})
	r.commit("remove webhook from code", map[string]string{"src/app.js": ""})
	r.branch("feature", true)
	selfHosted := "https://bx.kontora-crm.ru/rest/12/" + synthCode(2) + "/crm.deal.list.json"
	r.commit("restore sync", map[string]string{
		"src/app.js":     app,
		"deploy/hook.py": "import requests\n\nrequests.post(\"" + selfHosted + "\", json={})\n",
	})
	r.branch("master", false)
	r.commit("switch portal: https://b24-p2m8x4.bitrix24.de/rest/3/"+synthCode(3)+"/ now", map[string]string{"README.md": "# demo\n\nsee docs\n"})
	r.tag("v1.0", "release\n\nold hook https://b24-w5t1n7.bitrix24.kz/rest/5/"+synthCode(4)+"/\n")
	r.tag("v1.0-light", "")
	return r
}

// needGit skips a test (or subtest) that runs the git binary where none
// is installed; CI installs it, so there the test always runs.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs the git binary")
	}
}

func TestGitHistoryReport(t *testing.T) {
	r := historyRepo(t)
	// Both backends, single-threaded and parallel (split) reading, must
	// produce the same report: each run is compared with the first, and
	// the first with the golden file (so -update cannot make them agree).
	var first string
	for _, run := range [][]string{
		{"--git-backend", "go-git", "-j", "1"}, {"--git-backend", "go-git", "-j", "2"},
		{"--git-backend", "git", "-j", "1"}, {"--git-backend", "git", "-j", "2"},
	} {
		t.Run(strings.Join(run, " "), func(t *testing.T) {
			if run[1] == "git" {
				needGit(t)
			}
			res := runCLI(t, "", append([]string{"git", r.Dir, "-f", "json"}, run...)...)
			if res.code != exitLeaks {
				t.Fatalf("exit %d, want %d; stderr: %s", res.code, exitLeaks, res.stderr)
			}
			got := stableJSON(t, res.stdout)
			if first == "" {
				first = got
				golden(t, "git-history.json", got)
			} else if got != first {
				t.Errorf("report differs from the go-git -j 1 report:\n%s", got)
			}
		})
	}
	res := runCLI(t, "", "git", filepath.Join(r.Dir, "docs"), "--color", "never")
	golden(t, "git-history.txt", res.stdout)
	if strings.Contains(res.stdout, synthCode(1)) || strings.Contains(res.stdout, synthCode(3)) {
		t.Error("text report prints a secret in full without --no-redact")
	}
}

func TestExitCodes(t *testing.T) {
	clean := t.TempDir()
	os.WriteFile(filepath.Join(clean, "a.txt"), []byte("nothing to see\n"), 0o644)
	leaky := t.TempDir()
	os.WriteFile(filepath.Join(leaky, "a.env"), []byte("B24_HOOK=https://b24-k3v9q2.bitrix24.ru/rest/1/"+synthCode(9)+"/\n"), 0o644)
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"clean", []string{"dir", clean}, 0, ""},
		{"leaks", []string{"dir", leaky}, 1, ""},
		{"custom exit code", []string{"dir", leaky, "--exit-code", "42"}, 42, ""},
		{"leaks, exit code 0", []string{"dir", leaky, "--exit-code", "0"}, 0, ""},
		{"missing path", []string{"dir", filepath.Join(clean, "nope")}, 2, "nope"},
		{"not a repository", []string{"git", clean}, 2, "not a git repository"},
		{"unknown flag", []string{"dir", "--bogus"}, 2, "unknown flag: --bogus"},
		{"unknown command", []string{"scan"}, 2, `unknown command "scan"`},
		{"bad format", []string{"dir", clean, "-f", "xml"}, 2, `unknown report format "xml"`},
		{"bad color", []string{"dir", clean, "--color", "pink"}, 2, "invalid --color"},
		{"no command", nil, 2, "Usage:"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runCLI(t, "", c.args...)
			// An empty want means stderr must be empty: a scan that
			// succeeds prints nothing there (no progress off a terminal).
			ok := c.stderr == "" && res.stderr == "" || c.stderr != "" && strings.Contains(res.stderr, c.stderr)
			if res.code != c.code || !ok {
				t.Errorf("exit %d stderr %q; want exit %d and stderr %q", res.code, res.stderr, c.code, c.stderr)
			}
		})
	}
}

func TestStdinReport(t *testing.T) {
	in := "POST /handler auth%5Bdomain%5D=b24-k3v9q2.bitrix24.ru&" +
		"data=" + "https%3A%2F%2Fb24-k3v9q2.bitrix24.ru%2Frest%2F1%2F" + synthCode(5) + "%2F\n"
	res := runCLI(t, in, "stdin", "-f", "json")
	if res.code != exitLeaks {
		t.Fatalf("exit %d, stderr %s", res.code, res.stderr)
	}
	golden(t, "stdin.json", stableJSON(t, res.stdout))
}

func TestReportPathWritesFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.py"), []byte("HOOK = 'https://b24-k3v9q2.bitrix24.ru/rest/1/"+synthCode(6)+"/'\n"), 0o644)
	out := filepath.Join(t.TempDir(), "report.json")
	res := runCLI(t, "", "dir", dir, "-f", "json", "-r", out)
	if res.code != exitLeaks || res.stdout != "" {
		t.Fatalf("exit %d, stdout %q", res.code, res.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(data), `"rule_id": "bitrix24-webhook"`) {
		t.Errorf("report file: %v %s", err, data)
	}
}

func TestNoRedact(t *testing.T) {
	in := "HOOK=https://b24-k3v9q2.bitrix24.ru/rest/1/" + synthCode(7) + "/\n"
	if res := runCLI(t, in, "stdin"); strings.Contains(res.stdout, synthCode(7)) {
		t.Error("secret printed in full by default")
	}
	if res := runCLI(t, in, "stdin", "--no-redact"); !strings.Contains(res.stdout, synthCode(7)) {
		t.Errorf("--no-redact does not print the secret:\n%s", res.stdout)
	}
}

func TestIgnoreFileSuppressesByFingerprint(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.py"), []byte("HOOK = 'https://b24-k3v9q2.bitrix24.ru/rest/1/"+synthCode(8)+"/'\n"), 0o644)
	res := runCLI(t, "", "dir", dir, "-f", "json")
	var doc struct {
		Findings []struct{ Fingerprint string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || len(doc.Findings) != 1 {
		t.Fatalf("want one finding: %v %s", err, res.stdout)
	}
	os.WriteFile(filepath.Join(dir, ".b24leaksignore"), []byte("# fixture\n"+doc.Findings[0].Fingerprint+"\n"), 0o644)
	if res := runCLI(t, "", "dir", dir); res.code != exitClean {
		t.Errorf("exit %d after ignoring the fingerprint; stdout %s", res.code, res.stdout)
	}
}

// An ignore file written before webhook fingerprints named the portal
// still suppresses, and the user is told what to write instead.
func TestLegacyIgnoreEntryStillWorksAndIsReported(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.py"), []byte("HOOK = 'https://b24-k3v9q2.bitrix24.ru/rest/1/"+synthCode(10)+"/'\n"), 0o644)
	res := runCLI(t, "", "dir", dir, "-f", "json")
	var doc struct {
		Findings []struct{ Fingerprint string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || len(doc.Findings) != 1 {
		t.Fatalf("want one finding: %v %s", err, res.stdout)
	}
	old := scanner.LegacyFingerprint("bitrix24-webhook", synthCode(10))
	os.WriteFile(filepath.Join(dir, ".b24leaksignore"), []byte(string(old)+"  # old format\n"), 0o644)
	res = runCLI(t, "", "dir", dir)
	want := string(old) + " -> " + doc.Findings[0].Fingerprint
	if res.code != exitClean || !strings.Contains(res.stderr, want) {
		t.Errorf("exit %d, stderr %q; want 0 and %q", res.code, res.stderr, want)
	}
	if res := runCLI(t, "", "dir", dir, "-q"); res.code != exitClean || res.stderr != "" {
		t.Errorf("-q: exit %d, stderr %q", res.code, res.stderr)
	}
}

// TestRepositoryIsClean scans this repository's files: every synthetic
// fixture must be covered by the committed .b24leaksignore.
func TestRepositoryIsClean(t *testing.T) {
	res := runCLI(t, "", "dir", filepath.Join("..", ".."), "--color", "never")
	if res.code != exitClean {
		t.Errorf("b24leaks dir on this repository: exit %d\n%s\n%s", res.code, res.stdout, res.stderr)
	}
}

func TestHelpListsEveryFlagAndTheREADMEDocumentsIt(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for command := range commandUsage {
		res := runCLI(t, "", command, "--help")
		if res.code != exitClean || !strings.HasPrefix(res.stdout, "Usage: b24leaks "+command) {
			t.Errorf("%s --help: exit %d, output %q", command, res.code, res.stdout)
		}
		var o options
		newFlagSet(command, &o).VisitAll(func(f *pflag.Flag) {
			if !strings.Contains(res.stdout, "--"+f.Name) {
				t.Errorf("%s --help does not list --%s", command, f.Name)
			}
			if !bytes.Contains(readme, []byte("--"+f.Name)) {
				t.Errorf("README does not document --%s", f.Name)
			}
		})
	}
}

func TestProgressOnlyOnATerminalStderr(t *testing.T) {
	term := terminal{stderrIsTerm: true}
	if progressLine(term, options{}) == nil {
		t.Error("no progress on a terminal")
	}
	for name, o := range map[string]options{"quiet": {quiet: true}, "no-progress": {noProgress: true}} {
		if progressLine(term, o) != nil {
			t.Errorf("progress drawn with --%s", name)
		}
	}
	if progressLine(terminal{}, options{}) != nil {
		t.Error("progress drawn when stderr is not a terminal")
	}
	p := scanner.Progress{Objects: 25, TotalObjects: 100, Bytes: 2e9, Elapsed: 4 * time.Second}
	if got, want := progressText(p), "scanning: 25/100 objects, 2.0 GB, 500.0 MB/s, 4s, ETA 12s"; got != want {
		t.Errorf("progress = %q, want %q", got, want)
	}
	p = scanner.Progress{Objects: 25, Bytes: 2e9, TotalBytes: 4e9, Elapsed: 4 * time.Second}
	if got, want := progressText(p), "scanning: 25 objects, 2.0 GB, 500.0 MB/s, 4s, ETA 4s"; got != want {
		t.Errorf("progress = %q, want %q", got, want)
	}
}

func TestCorruptRepositoryExitsTwoNamingTheObject(t *testing.T) {
	r := newTestRepo(t)
	r.commit("one", map[string]string{"a.txt": "hello corrupt world\n"})
	commit, err := r.Git.CommitObject(plumbing.NewHash(r.commit("two", map[string]string{"b.txt": "second\n"})))
	if err != nil {
		t.Fatal(err)
	}
	file, err := commit.File("a.txt")
	if err != nil {
		t.Fatal(err)
	}
	blob := file.Hash.String()
	path := filepath.Join(r.Dir, ".git", "objects", blob[:2], blob[2:])
	os.Chmod(path, 0o644)
	if err := os.WriteFile(path, []byte("this is not zlib"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, backend := range []string{"go-git", "git"} {
		t.Run(backend, func(t *testing.T) {
			if backend == "git" {
				needGit(t)
			}
			res := runCLI(t, "", "git", r.Dir, "--git-backend", backend)
			if res.code != exitError || !strings.Contains(res.stderr, blob) {
				t.Errorf("exit %d, stderr %q; want exit 2 naming %s", res.code, res.stderr, blob)
			}
		})
	}
}

// A shallow clone lacks the parents of its oldest commits, and a tag may
// point straight at a blob: both backends must still place every finding.
func TestShallowCloneAndBlobTagBothBackends(t *testing.T) {
	needGit(t) // to make a shallow clone
	r := newTestRepo(t)
	r.commit("one", map[string]string{"a.txt": "old\n"})
	r.commit("two", map[string]string{"b.txt": "B24_HOOK=https://b24-k3v9q2.bitrix24.ru/rest/1/" + synthCode(60) + "/\n"})
	blob := r.LooseBlob("pasted https://b24-k3v9q2.bitrix24.ru/rest/2/" + synthCode(61) + "/\n")
	r.SetRef("refs/tags/pasted", blob)
	shallow := filepath.Join(t.TempDir(), "shallow")
	out, err := exec.Command("git", "clone", "-q", "--depth", "1", "--no-single-branch", "file://"+r.Dir, shallow).CombinedOutput()
	if err != nil {
		t.Fatalf("git clone --depth 1: %v\n%s", err, out)
	}
	if out, err := exec.Command("git", "-C", shallow, "fetch", "-q", "origin", "refs/tags/pasted:refs/tags/pasted").CombinedOutput(); err != nil {
		t.Fatalf("git fetch tag: %v\n%s", err, out)
	}
	for _, backend := range []string{"go-git", "git"} {
		res := runCLI(t, "", "git", shallow, "--git-backend", backend, "-f", "json")
		if res.code != exitLeaks {
			t.Fatalf("%s: exit %d, stderr %s", backend, res.code, res.stderr)
		}
		var doc struct {
			Findings []struct {
				Locations []struct {
					Path string `json:"path"`
				} `json:"locations"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil || len(doc.Findings) != 2 {
			t.Fatalf("%s: want 2 findings: %v\n%s", backend, err, res.stdout)
		}
		if !strings.Contains(res.stderr, "the clone is shallow (history cut at 1 commit(s))") {
			t.Errorf("%s: a shallow clone does not say so: %q", backend, res.stderr)
		}
		got := []string{doc.Findings[0].Locations[0].Path, doc.Findings[1].Locations[0].Path}
		slices.Sort(got)
		if want := []string{"b.txt", "refs/tags/pasted"}; !slices.Equal(got, want) {
			t.Errorf("%s: paths %v, want %v", backend, got, want)
		}
	}
}

// The README's JSON example uses the field names a real report has.
func TestREADMEJSONExampleMatchesTheReport(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(readme), "**json** (`-f json`):\n\n```json\n")
	example, _, _ := strings.Cut(rest, "```")
	var doc map[string]any
	if err := json.Unmarshal([]byte(example), &doc); err != nil {
		t.Fatalf("README JSON example does not parse: %v", err)
	}
	r := historyRepo(t)
	res := runCLI(t, "", "git", r.Dir, "-f", "json")
	var real map[string]any
	if err := json.Unmarshal([]byte(res.stdout), &real); err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	var collect func(v any)
	collect = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				known[k] = true
				collect(x)
			}
		case []any:
			for _, x := range v {
				collect(x)
			}
		}
	}
	collect(real)
	// Fields that need other input than this repository to appear.
	for _, k := range []string{"rules", "sources", "source", "notices", "verification", "status", "detail", "checked_at", "path_bytes", "ignore file", "walk+match", "attribute"} {
		known[k] = true
	}
	var check func(path string, v any)
	check = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if !known[k] && path != "skipped" && path != "suppressed_by" && path != "durations_ms" {
					t.Errorf("README example has %s.%s, which no report writes", path, k)
				}
				check(k, x)
			}
		case []any:
			for _, x := range v {
				check(path, x)
			}
		}
	}
	check("", doc)
}
