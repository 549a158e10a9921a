package scanner_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/b24leaks/b24leaks/scanner"
	"github.com/b24leaks/b24leaks/scanner/source"
)

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Identical content in two files of a directory is two locations.
func TestScanSameContentInTwoFilesOfADirectory(t *testing.T) {
	data := "HOOK = '" + webhook(70) + "'\n"
	dir := writeFiles(t, map[string]string{"a.py": data, "b.py": data})
	res := scan(t, scanner.Options{}, source.NewDir([]string{dir}, source.DirOptions{}))
	if len(res.Findings) != 1 || len(res.Findings[0].Locations) != 2 {
		t.Fatalf("findings %+v, want one with two locations", res.Findings)
	}
	for i, name := range []string{"a.py", "b.py"} {
		if l := res.Findings[0].Locations[i]; !strings.HasSuffix(l.Appearance.Path, "/"+name) || l.Source != dir {
			t.Errorf("location %d = %s in %q, want %s in %s", i, l.Appearance.Path, l.Source, name, dir)
		}
	}
}

// history is an attributed source: a repository with one blob at a path.
func history(name, path string, day int, data string) attributed {
	c := &scanner.Commit{Hash: name + "-c1", Date: time.Date(2024, 1, day, 0, 0, 0, 0, time.UTC)}
	return attributed{memSource: &memSource{
		name:   name,
		items:  []memItem{{id: "shared-blob", kind: scanner.KindHistory, data: data}},
		places: map[string][]scanner.Appearance{"shared-blob": {{Kind: scanner.KindHistory, Path: path, Commit: c}}},
	}}
}

// The same blob in two repositories is read once and placed in both.
func TestScanSameBlobInTwoRepositories(t *testing.T) {
	data := "url: " + webhook(71) + "\n"
	a, b := history("repo-a", "config.yml", 1, data), history("repo-b", "deploy/env.yml", 2, data)
	res := scan(t, scanner.Options{}, a, b)
	if res.Stats.BlobsScanned != 1 {
		t.Errorf("scanned %d blobs, want the shared one once", res.Stats.BlobsScanned)
	}
	if len(res.Findings) != 1 || paths(res.Findings[0]) != "repo-a:config.yml repo-b:deploy/env.yml" {
		t.Fatalf("findings %+v, want one placed in both repositories", res.Findings)
	}
	if got := strings.Join(res.Sources, ","); got != "repo-a,repo-b" {
		t.Errorf("sources %q", got)
	}
}

// A credential in a repository and in a directory has both locations,
// each with its source.
func TestScanRepositoryPlusDirectory(t *testing.T) {
	data := "url: " + webhook(72) + "\n"
	dir := writeFiles(t, map[string]string{"notes.txt": data})
	res := scan(t, scanner.Options{}, history("repo-a", "config.yml", 1, data), source.NewDir([]string{dir}, source.DirOptions{}))
	if len(res.Findings) != 1 || len(res.Findings[0].Locations) != 2 {
		t.Fatalf("findings %+v, want one with two locations", res.Findings)
	}
	locs := res.Findings[0].Locations
	if locs[0].Source != "repo-a" || locs[0].Appearance.Kind != scanner.KindHistory ||
		locs[1].Source != dir || locs[1].Appearance.Kind != scanner.KindFile {
		t.Errorf("locations %+v", locs)
	}
}

// One code on two portals is two credentials; the same code written as a
// URL and as a split form that names no portal is one.
func TestScanIdentityOfAWebhook(t *testing.T) {
	code := synthCode(73)
	src := &memSource{items: []memItem{
		{path: "a.js", data: "const A = 'https://b24-k3v9q2.bitrix24.ru/rest/7/" + code + "/';\n"},
		{path: "b.js", data: "const B = 'https://b24-p2m8x4.bitrix24.de/rest/7/" + code + "/';\n"},
		{path: "c.js", data: "const C = 'HTTPS://B24-K3V9Q2.Bitrix24.ru/rest/7/" + code + "/';\n"},
	}}
	res := scan(t, scanner.Options{}, src)
	if len(res.Findings) != 2 {
		t.Fatalf("got %d findings, want one per portal: %+v", len(res.Findings), res.Findings)
	}
	if f := res.Findings[0]; f.Portal != "b24-k3v9q2.bitrix24.ru" || paths(f) != "a.js c.js" {
		t.Errorf("first portal: %s at %s", f.Portal, paths(f))
	}
	if f := res.Findings[1]; f.Portal != "b24-p2m8x4.bitrix24.de" || paths(f) != "b.js" || f.Fingerprint == res.Findings[0].Fingerprint {
		t.Errorf("second portal: %s at %s, fingerprint %s", f.Portal, paths(f), f.Fingerprint)
	}

	split := &memSource{items: []memItem{
		{path: "cfg.php", data: "define('C_REST_WEB_HOOK_URL', 'https://b24-k3v9q2.bitrix24.ru/rest/7/" + code + "/');\n"},
		{path: "client.py", data: "# bitrix24 webhook\nbitrix_webhook_token = \"7/" + code + "\"\n"},
	}}
	res = scan(t, scanner.Options{}, split)
	if len(res.Findings) != 1 {
		t.Fatalf("URL and split form: %d findings, want 1: %+v", len(res.Findings), res.Findings)
	}
	f := res.Findings[0]
	if f.RuleID != "bitrix24-webhook" || strings.Join(f.Rules, ",") != "bitrix24-webhook,bitrix24-webhook-split" || paths(f) != "cfg.php client.py" {
		t.Errorf("finding %s rules %v at %s", f.RuleID, f.Rules, paths(f))
	}
	if l := f.Locations[1]; l.RuleID != "bitrix24-webhook-split" {
		t.Errorf("split location says rule %q", l.RuleID)
	}
}

// The match filter sees each match's line; the location filter sees
// places after attribution; both count what they drop.
func TestScanFilters(t *testing.T) {
	src := &memSource{items: []memItem{
		{path: "keep.js", data: "x\nconst A = '" + webhook(74) + "';\n"},
		{path: "allowed.js", data: "const B = '" + webhook(75) + "'; // b24leaks:allow\n"},
		{path: "vendor/lib.js", data: "const C = '" + webhook(76) + "';\n"},
	}}
	var lines []string
	opts := scanner.Options{Jobs: 1, Filters: scanner.Filters{
		Match: func(m scanner.MatchContext) string {
			lines = append(lines, string(m.Line))
			if strings.Contains(string(m.Line), "b24leaks:allow") {
				return "inline allow"
			}
			return ""
		},
		Location: func(_ *scanner.Finding, l *scanner.Location) string {
			if strings.HasPrefix(l.Appearance.Path, "vendor/") {
				return "config"
			}
			return ""
		},
	}}
	res := scan(t, opts, src)
	if len(res.Findings) != 1 || paths(res.Findings[0]) != "keep.js" {
		t.Errorf("findings %+v, want only keep.js", res.Findings)
	}
	if by := res.Stats.SuppressedBy; res.Stats.Suppressed != 2 || by["inline allow"] != 1 || by["config"] != 1 {
		t.Errorf("suppressed %d %v; want 1 by inline allow and 1 by config", res.Stats.Suppressed, by)
	}
	if len(res.Suppressed) != 2 || res.Suppressed[0].Path != "allowed.js" || res.Suppressed[0].Line != 1 || res.Suppressed[1].Path != "vendor/lib.js" {
		t.Errorf("suppressed list %+v", res.Suppressed)
	}
	want := "const A = '" + webhook(74) + "';"
	found := false
	for _, l := range lines {
		found = found || l == want
	}
	if !found {
		t.Errorf("match filter lines %q lack %q", lines, want)
	}
}

type failingAttributor struct{ *memSource }

func (failingAttributor) Attribute(context.Context, []scanner.ObjectID) (map[scanner.ObjectID][]scanner.Appearance, error) {
	return nil, errors.New("history walk broke")
}

// When attribution fails the finding is kept, not placed, and the error
// is typed: which source, what failed.
func TestScanAttributionFailureKeepsTheFinding(t *testing.T) {
	src := failingAttributor{&memSource{name: "repo", places: map[string][]scanner.Appearance{},
		items: []memItem{{id: "b1", kind: scanner.KindHistory, data: webhook(77)}}}}
	res := scan(t, scanner.Options{}, src)
	if len(res.Findings) != 1 || res.Findings[0].Locations[0].Appearance.Placed() || res.Findings[0].Locations[0].Object != objectID("b1") {
		t.Fatalf("findings %+v, want one unplaced location of b1", res.Findings)
	}
	if errs := res.Stats.Errors; len(errs) != 1 || errs[0].Source != "repo" || errs[0].Op != "attribute" ||
		errs[0].Error() != "attribute findings: history walk broke" {
		t.Errorf("errors %+v", errs)
	}
}

// An ignore entry made from a split form alone (a staged scan that never
// saw the URL) still suppresses the finding it joins in a full scan.
func TestIgnoreEntryOfAPartialIdentitySuppressesTheFullOne(t *testing.T) {
	code := synthCode(78)
	split := memItem{path: "client.py", data: "# bitrix24 webhook\nbitrix_webhook_token = \"7/" + code + "\"\n"}
	partial := scan(t, scanner.Options{}, &memSource{items: []memItem{split}})
	if len(partial.Findings) != 1 {
		t.Fatalf("split form alone: %+v", partial.Findings)
	}
	full := &memSource{items: []memItem{split, {path: "cfg.php", data: "define('C_REST_WEB_HOOK_URL', 'https://b24-k3v9q2.bitrix24.ru/rest/7/" + code + "/');\n"}}}
	ig := scanner.NewIgnore(partial.Findings[0].Fingerprint)
	res := scan(t, scanner.Options{Filters: scanner.Filters{Finding: ig.Keep}}, full)
	if len(res.Findings) != 0 || res.Stats.SuppressedBy["ignore file"] != 1 {
		t.Errorf("full scan: findings %+v, suppressed %v", res.Findings, res.Stats.SuppressedBy)
	}
}
