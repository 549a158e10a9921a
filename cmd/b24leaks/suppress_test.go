package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/b24leaks/b24leaks/scanner"
)

// fingerprints scans and returns the report's fingerprints, by secret.
func fingerprints(t *testing.T, args ...string) map[string]string {
	t.Helper()
	res := runCLI(t, "", append(args, "-f", "json")...)
	var doc struct {
		Findings []struct{ Secret, Fingerprint string } `json:"findings"`
	}
	if err := jsonUnmarshal(res.stdout, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range doc.Findings {
		out[f.Secret] = f.Fingerprint
	}
	return out
}

// An ignore entry follows the credential through line moves, file moves
// and rewritten history, never hides another secret on the same line, and
// a PATH: entry suppresses in that file only.
func TestIgnoreFileFollowsTheCredential(t *testing.T) {
	r := newGitRepo(t)
	known, other := hookURL(50), hookURL(51)
	r.commitFile("known", "a.env", "A="+known+"\n")
	fp := fingerprints(t, "git", r.Dir)[scanner.Redact(synthCode(50))]
	if fp == "" {
		t.Fatal("no fingerprint for the known webhook")
	}
	if res := runCLI(t, "", "ignore", fp, "-m", "revoked test portal", "--ignore-path", filepath.Join(r.Dir, ".b24leaksignore")); res.code != exitClean {
		t.Fatalf("ignore: %d %s", res.code, res.stderr)
	}
	r.write("moved/b.env", "\n\n# moved down\nA="+known+"   B="+other+"\n") // moved file and line, another secret beside it
	r.git("rm", "-q", "a.env")
	r.git("add", ".")
	r.git("commit", "-q", "-m", "move")
	r.git("commit", "-q", "--amend", "-m", "rewritten")
	res := runCLI(t, "", "git", r.Dir, "-f", "json")
	rep := parseReport(t, res.stdout)
	if res.code != exitLeaks || strings.Join(rep.secrets(), " ") != scanner.Redact(synthCode(51)) {
		t.Errorf("exit %d, findings %v; want only the other secret", res.code, rep.secrets())
	}
	// PATH:FINGERPRINT: the same credential is still reported elsewhere.
	os.WriteFile(filepath.Join(r.Dir, ".b24leaksignore"), []byte("moved/b.env:"+fp+"\n"), 0o644)
	r.write("c.env", "C="+known+"\n")
	res = runCLI(t, "", "dir", r.Dir, "--no-gitignore", "-f", "json")
	rep = parseReport(t, res.stdout)
	if len(rep.Findings) != 2 {
		t.Fatalf("findings %v", rep.secrets())
	}
	for _, f := range rep.Findings {
		for _, l := range f.Locations {
			if f.Secret == scanner.Redact(synthCode(50)) && strings.HasSuffix(l.Path, "moved/b.env") {
				t.Errorf("PATH entry did not suppress %s", l.Path)
			}
		}
	}
}

func TestIgnoreCommandAppendsOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".b24leaksignore")
	os.WriteFile(path, []byte("0123456789abcdef0123456789abcdef  # kept"), 0o644)
	fp := "fedcba9876543210fedcba9876543210"
	for range 2 {
		if res := runCLI(t, "", "ignore", fp, "docs/a.md:"+fp, "0123456789abcdef0123456789abcdef", "-m", "known", "--ignore-path", path); res.code != exitClean {
			t.Fatal(res.stderr)
		}
	}
	data, _ := os.ReadFile(path)
	today := time.Now().UTC().Format("2006-01-02")
	want := "0123456789abcdef0123456789abcdef  # kept\n" + fp + "  # known (" + today + ")\ndocs/a.md:" + fp + "  # known (" + today + ")\n"
	if string(data) != want {
		t.Errorf("ignore file:\n%s\nwant:\n%s", data, want)
	}
	if res := runCLI(t, "", "ignore", "nothex", "--ignore-path", path); res.code != exitError || !strings.Contains(res.stderr, "not a fingerprint") {
		t.Errorf("bad entry: %d %s", res.code, res.stderr)
	}
}

func TestInlineAllow(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.php"), []byte(
		"$a = '"+hookURL(52)+"'; // b24leaks:allow demo portal\n"+
			"hook = \""+hookURL(53)+"\"  # gitleaks:allow\n"+
			"$c = '"+hookURL(54)+"';\n"), 0o644)
	res := runCLI(t, "", "dir", dir, "--color", "never", "-v")
	if !strings.Contains(res.stdout, "1 leak found") || !strings.Contains(res.stdout, "suppressed 2 by inline allow") {
		t.Errorf("report:\n%s", res.stdout)
	}
	if !strings.Contains(res.stderr, "stats: suppressed by inline allow: bitrix24-webhook") {
		t.Errorf("-v does not list what was suppressed:\n%s", res.stderr)
	}
}

// A baseline written from a scan leaves nothing new; one more leak is
// the only one reported; gitleaks JSON works as a baseline too.
func TestBaselineRoundTrip(t *testing.T) {
	r := newGitRepo(t)
	r.commitFile("old leaks", "a.env", "A="+hookURL(55)+"\nB="+hookURL(56)+"\n")
	base := filepath.Join(t.TempDir(), "baseline")
	if res := runCLI(t, "", "baseline", "git", r.Dir, "-o", base); res.code != exitClean || !strings.Contains(res.stderr, "wrote 2 finding(s)") {
		t.Fatalf("baseline: %d %s", res.code, res.stderr)
	}
	data, _ := os.ReadFile(base)
	if lines := strings.Split(strings.TrimSpace(string(data)), "\n"); len(lines) != 3 || !regexp.MustCompile(`^[0-9a-f]{32} bitrix24-webhook a\.env$`).MatchString(lines[1]) || lines[1] > lines[2] {
		t.Errorf("baseline file:\n%s", data)
	}
	if res := runCLI(t, "", "git", r.Dir, "--baseline-path", base); res.code != exitClean {
		t.Errorf("rescan with the baseline: exit %d\n%s", res.code, res.stdout)
	}
	r.commitFile("new leak", "b.env", "C="+hookURL(57)+"\n")
	res := runCLI(t, "", "git", r.Dir, "--baseline-path", base, "-f", "json")
	if rep := parseReport(t, res.stdout); res.code != exitLeaks || strings.Join(rep.secrets(), " ") != scanner.Redact(synthCode(57)) {
		t.Errorf("exit %d, findings %v; want only the new one", res.code, rep.secrets())
	}
	gl := filepath.Join(t.TempDir(), "gitleaks.json")
	os.WriteFile(gl, []byte(`[{"RuleID":"generic","File":"a.env","StartLine":1,"Secret":"`+hookURL(55)+`"}]`), 0o644)
	res = runCLI(t, "", "git", r.Dir, "--baseline-path", gl, "-f", "json", "--report-unused-ignores")
	if rep := parseReport(t, res.stdout); len(rep.Findings) != 2 {
		t.Errorf("gitleaks baseline: findings %v, want the two it does not know", rep.secrets())
	}
	os.WriteFile(base, []byte("# b24leaks baseline v1\nnot-a-fingerprint x y\n"), 0o644)
	if res := runCLI(t, "", "git", r.Dir, "--baseline-path", base); res.code != exitError || !strings.Contains(res.stderr, base+":2:") {
		t.Errorf("malformed baseline: exit %d, %s", res.code, res.stderr)
	}
}

// The README's config example, used as it is written there.
func TestConfigExampleFromTheREADME(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```toml\n(\\[allowlist\\].*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README has no [allowlist] toml example")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".b24leaks.toml"), m[1], 0o644)
	files := map[string]string{
		"vendor/lib/x.js": "u = '" + hookURL(60) + "'\n",                                            // allowlisted path
		"notes.txt":       "see example.test: " + hookURL(61) + "\n",                                // line regex
		"keep.js":         "u = '" + hookURL(62) + "'\n",                                            // reported
		"own.py":          "HOOK = \"https://ops.crm.kontora.ru/rest/9/" + synthCode(63) + "/\"\n",  // own portal: high
		"oauth.json":      `{"access_token": "` + strings.Repeat("ab12", 17) + `ab"}` + "\n",        // rule disabled
		"qq.env":          "H=https://b24-k3v9q2.bitrix24.ru/rest/1/qq" + synthCode(64)[2:] + "/\n", // secret regex
		"app.min.js":      "u='" + hookURL(65) + "'\n",                                              // glob
		"sub/sample.txt":  "nothing\n",
	}
	for name, data := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644)
	}
	res := runCLI(t, "", "dir", dir, "-f", "json")
	var doc struct {
		Findings []struct {
			Secret, Confidence string
			Locations          []struct{ Path string }
		}
		Stats struct {
			SuppressedBy map[string]int `json:"suppressed_by"`
		}
	}
	if err := jsonUnmarshal(res.stdout, &doc); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range doc.Findings {
		got[filepath.Base(f.Locations[0].Path)] = f.Confidence
	}
	if len(got) != 2 || got["keep.js"] != "high" || got["own.py"] != "high" || doc.Stats.SuppressedBy["config"] != 4 {
		t.Errorf("findings %v, suppressed %v; want keep.js and own.py (high), 4 by config\n%s", got, doc.Stats.SuppressedBy, res.stderr)
	}
	var parsed map[string]any
	if err := toml.Unmarshal(m[1], &parsed); err != nil {
		t.Errorf("README example is not TOML: %v", err)
	}
}

func TestConfigErrorsNameFileLineAndKey(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"[allowlist]\npaths = []\npathz = [\"x\"]\n":   ":3: unknown key allowlist.pathz",
		"[allowlist]\nregexes = ['ok', '(unclosed']\n": ":2: allowlist.regexes: error parsing regexp",
		"[rules]\n\ndisable = [\"bitrix24-nope\"]\n":   `no such rule`,
		"[rules]\nmin-confidence = \"certain\"\n":      ":2: rules.min-confidence: unknown confidence",
		"[allowlist]\npaths = [\"a/[b\"]\n":            ":2: allowlist.paths: bad glob",
		"[allowlist\n":                                 ".b24leaks.toml:1:",
	}
	for body, want := range cases {
		path := filepath.Join(dir, ".b24leaks.toml")
		os.WriteFile(path, []byte(body), 0o644)
		res := runCLI(t, "", "dir", dir, "--config", path)
		if res.code != exitError || !strings.Contains(res.stderr, path) || !strings.Contains(res.stderr, want) {
			t.Errorf("config %q: exit %d, stderr %q; want 2 naming %q", body, res.code, res.stderr, want)
		}
	}
}

func TestReportUnusedIgnores(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.env"), []byte("A="+hookURL(66)+"\n"), 0o644)
	fp := fingerprints(t, "dir", dir)[scanner.Redact(synthCode(66))]
	stale := "0123456789abcdef0123456789abcdef"
	os.WriteFile(filepath.Join(dir, ".b24leaksignore"), []byte(fp+"\n# old\n"+stale+"\nx.txt:"+fp+"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.js"), []byte("ok = 1 // b24leaks:allow\nhook = '"+hookURL(68)+"' // gitleaks:allow\n"), 0o644)
	res := runCLI(t, "", "dir", dir, "--report-unused-ignores")
	ign := filepath.Join(dir, ".b24leaksignore")
	if res.code != exitClean || !strings.Contains(res.stderr, ign+":3: "+stale) || !strings.Contains(res.stderr, ign+":4: x.txt:"+fp) || strings.Contains(res.stderr, ign+":1:") {
		t.Errorf("exit %d, stderr:\n%s", res.code, res.stderr)
	}
	stale2 := filepath.Join(dir, "b.js") + ":1: allow comment"
	if !strings.Contains(res.stderr, stale2) || strings.Contains(res.stderr, "b.js:2:") {
		t.Errorf("want the stale allow comment %q (and not the used one) in:\n%s", stale2, res.stderr)
	}
}

func TestRulesCommandAndGitleaksExport(t *testing.T) {
	res := runCLI(t, "", "rules")
	if res.code != exitClean || !strings.Contains(res.stdout, "bitrix24-webhook-split  (") || !strings.Contains(res.stdout, "finds, for example:") {
		t.Errorf("rules:\n%s", res.stdout)
	}
	res = runCLI(t, "", "rules", "--format", "gitleaks")
	var set struct {
		Rules []struct {
			ID, Regex   string
			SecretGroup int `toml:"secretGroup"`
			Keywords    []string
		}
	}
	if err := toml.Unmarshal([]byte(res.stdout), &set); err != nil {
		t.Fatalf("export is not TOML: %v\n%s", err, res.stdout)
	}
	if len(set.Rules) < 7 || !strings.Contains(res.stdout, "cannot express") {
		t.Fatalf("%d rules exported", len(set.Rules))
	}
	hook := regexp.MustCompile(set.Rules[0].Regex)
	if m := hook.FindStringSubmatch("x " + hookURL(67)); m == nil || m[set.Rules[0].SecretGroup] != synthCode(67) {
		t.Errorf("exported %s does not find the webhook's code: %v", set.Rules[0].ID, m)
	}
	for _, r := range set.Rules {
		re, err := regexp.Compile(r.Regex)
		if err != nil || r.SecretGroup <= 0 || r.SecretGroup > re.NumSubexp() || len(r.Keywords) == 0 {
			t.Errorf("rule %s: %v, secret group %d of %d", r.ID, err, r.SecretGroup, re.NumSubexp())
		}
	}
}

// Stale allow comments in history are found and placed at their paths.
func TestReportUnusedAllowCommentsInHistory(t *testing.T) {
	r := newGitRepo(t)
	r.write("src/a.py", "x = 1  # b24leaks:allow\n")
	r.commitFile("allow comments", "src/b.py", "h = '"+hookURL(69)+"'  # b24leaks:allow\n")
	for _, backend := range []string{"go-git", "git"} {
		res := runCLI(t, "", "git", r.Dir, "--git-backend", backend, "--report-unused-ignores")
		if res.code != exitClean || !strings.Contains(res.stderr, "src/a.py:1: allow comment") || strings.Contains(res.stderr, "src/b.py") {
			t.Errorf("%s: exit %d, stderr:\n%s", backend, res.code, res.stderr)
		}
	}
}

func TestMalformedIgnoreFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".b24leaksignore")
	os.WriteFile(path, []byte("# ok\n0123456789abcdef0123456789abcdef\nnot-a-fingerprint\n"), 0o644)
	res := runCLI(t, "", "dir", dir)
	if res.code != exitError || !strings.Contains(res.stderr, path+":3: not a fingerprint") {
		t.Errorf("exit %d, stderr %q", res.code, res.stderr)
	}
}

// --min-confidence keeps only findings graded at least that, for the
// report and the exit code, and wins over the config file's setting.
func TestMinConfidenceFlag(t *testing.T) {
	input := "H=https://acme.bitrix24.kz/rest/1/" + synthCode(500) + "/\nH=" + hookURL(501) + "\n" // medium (an unusual zone), high
	all := parseReport(t, runCLI(t, input, "stdin", "-f", "json").stdout)
	high := runCLI(t, input, "stdin", "-f", "json", "--min-confidence", "high")
	if len(all.Findings) != 2 || len(parseReport(t, high.stdout).Findings) != 1 || high.code != exitLeaks {
		t.Errorf("all %d findings; --min-confidence high: exit %d, %s", len(all.Findings), high.code, high.stdout)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "only-high.toml"), []byte("[rules]\nmin-confidence = \"high\"\n"), 0o644)
	low := runCLI(t, input, "stdin", "-f", "json", "--config", filepath.Join(dir, "only-high.toml"), "--min-confidence", "low")
	if len(parseReport(t, low.stdout).Findings) != 2 {
		t.Errorf("the flag did not win over the config: %s", low.stdout)
	}
	if bad := runCLI(t, input, "stdin", "--min-confidence", "certain"); bad.code != exitError || !strings.Contains(bad.stderr, "invalid --min-confidence") {
		t.Errorf("bad value: exit %d %s", bad.code, bad.stderr)
	}
}
