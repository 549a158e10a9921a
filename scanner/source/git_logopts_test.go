package source

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/b24leaks/b24leaks/scanner"
)

func TestParseLogOpts(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want GitScope
	}{
		{"main..feature", GitScope{kind: scopeRange, revs: []string{"main..feature"}}},
		{"--all --since=2024-01-31", GitScope{kind: scopeRange, revs: []string{"--all"},
			since: time.Date(2024, 1, 31, 0, 0, 0, 0, time.Local)}},
		{`--until "2 weeks ago" v1.0...v2.0 -- src "my docs"`, GitScope{kind: scopeRange, revs: []string{"v1.0...v2.0"},
			until: now.AddDate(0, 0, -14), paths: []string{"src", "my docs"}}},
		{"--after 3.days.ago", GitScope{kind: scopeRange, revs: []string{"HEAD"}, since: now.AddDate(0, 0, -3)}},
	}
	for _, c := range cases {
		got, err := ParseLogOpts(c.in, now)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseLogOpts(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
	for in, want := range map[string]string{
		"--author=me":      "--author=me is not supported",
		"--since":          "--since needs a date",
		"--since=tomorrow": `cannot read date "tomorrow"`,
		`"unclosed`:        "unclosed",
	} {
		if _, err := ParseLogOpts(in, now); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseLogOpts(%q) error %v, want %q", in, err, want)
		}
	}
}

// contentsOf lists what a scope offers, by content, sorted.
func contentsOf(t *testing.T, dir string, b GitBackend, scope GitScope) []string {
	t.Helper()
	g := openGit(t, dir, b)
	g.scope = scope
	var out []string
	for _, c := range walkScope(t, g).contents {
		out = append(out, strings.TrimSpace(c))
	}
	slices.Sort(out)
	return out
}

// The log-opts forms select the same commits on both backends.
func TestGitLogOptsForms(t *testing.T) {
	r, c := rangeRepo(t) // commits a minute apart from sourcetest.Epoch
	r.Checkout("side", c[0])
	r.Write("side.txt", "side\n")
	r.Commit("side work\n")
	r.Checkout("master", plumbing.ZeroHash) // back to master, not moving it
	cases := map[string][]string{
		"master...side":                {"fourth: nothing changed", "one", "sea", "second", "side", "side work", "third", "two"},
		"--branches ^" + c[1].String(): {"fourth: nothing changed", "one", "sea", "side", "side work", "third"},
		// path limits keep every commit's message, and only blobs under them
		"--all -- c.txt": {"first", "fourth: nothing changed", "sea", "second", "side work", "third"},
		// commits are a minute apart: c3 12:03, c4 12:04, side 12:05 (not on HEAD)
		"--since=2024-03-01T12:03:30+03:00":            {"fourth: nothing changed"},
		"--branches --since=2024-03-01T12:03:30+03:00": {"fourth: nothing changed", "side", "side work"},
	}
	for opts, want := range cases {
		scope, err := ParseLogOpts(opts, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var got [][]string
		for _, b := range backends {
			t.Run(opts+"/"+string(b), func(t *testing.T) {
				g := contentsOf(t, r.Dir, b, scope)
				if !slices.Equal(g, want) {
					t.Errorf("offered %q, want %q", g, want)
				}
				got = append(got, g)
			})
		}
		if len(got) == 2 && !slices.Equal(got[0], got[1]) {
			t.Errorf("%s: backends disagree", opts)
		}
	}
}

func TestDetectCI(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o644)
		return p
	}
	push := write("push.json", `{"before":"aaa","after":"bbb"}`)
	pr := write("pr.json", `{"pull_request":{"base":{"sha":"base1"},"head":{"sha":"head1"}}}`)
	cases := []struct {
		name string
		env  map[string]string
		want CIRange
		ok   bool
	}{
		{"github push", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": push},
			CIRange{System: "GitHub Actions", Event: "push", Base: "aaa", Head: "bbb"}, true},
		{"github pull request, merge commit checked out", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": pr, "GITHUB_SHA": "merge1"},
			CIRange{System: "GitHub Actions", Event: "pull request", Base: "base1", Head: "head1", Checkout: "merge1"}, true},
		{"github pull request", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": pr},
			CIRange{System: "GitHub Actions", Event: "pull request", Base: "base1", Head: "head1"}, true},
		{"github schedule", map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "schedule", "GITHUB_EVENT_PATH": push},
			CIRange{System: "GitHub Actions"}, false},
		{"gitlab merge request", map[string]string{"GITLAB_CI": "true", "CI_COMMIT_SHA": "h", "CI_MERGE_REQUEST_DIFF_BASE_SHA": "b", "CI_COMMIT_BEFORE_SHA": "x"},
			CIRange{System: "GitLab CI", Event: "merge request", Base: "b", Head: "h"}, true},
		{"gitlab push", map[string]string{"GITLAB_CI": "true", "CI_COMMIT_SHA": "h", "CI_COMMIT_BEFORE_SHA": "0000000000000000000000000000000000000000"},
			CIRange{System: "GitLab CI", Event: "push", Base: "0000000000000000000000000000000000000000", Head: "h"}, true},
		{"no CI", map[string]string{}, CIRange{}, false},
	}
	for _, c := range cases {
		got, ok, err := DetectCI(func(k string) string { return c.env[k] }, os.ReadFile)
		if err != nil || ok != c.ok || got != c.want {
			t.Errorf("%s: %+v %v %v, want %+v %v", c.name, got, ok, err, c.want, c.ok)
		}
	}
	bad := write("bad.json", "{")
	_, _, err := DetectCI(func(k string) string {
		return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_NAME": "push", "GITHUB_EVENT_PATH": bad}[k]
	}, os.ReadFile)
	if err == nil || !strings.Contains(err.Error(), "bad.json") {
		t.Errorf("bad payload: %v", err)
	}
	_, _, err = DetectCI(func(k string) string {
		return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_EVENT_PATH": filepath.Join(dir, "missing")}[k]
	}, func(string) ([]byte, error) { return nil, errors.New("no such file") })
	if err == nil {
		t.Error("missing payload accepted")
	}
}

// A CI range falls back to the whole history of the head, and says so,
// when its base is a first push's zeros or is not in the clone.
func TestGitCIScopeFallbacks(t *testing.T) {
	r, c := rangeRepo(t)
	all := []string{"bee", "first", "fourth: nothing changed", "one", "sea", "second", "third", "two"}
	cases := []struct {
		name, base string
		want       []string
		note       string
	}{
		{"push", c[1].String(), []string{"fourth: nothing changed", "one", "sea", "third"}, ""},
		{"first push", strings.Repeat("0", 40), all, "first push"},
		{"force push", "1234567890123456789012345678901234567890", all, "is not in this clone"},
	}
	t.Run("pull request head not fetched", func(t *testing.T) {
		g := openGit(t, r.Dir, BackendGoGit)
		g.scope = CIScope(CIRange{System: "GitHub Actions", Event: "pull request", Base: c[1].String(),
			Head: "2222222222222222222222222222222222222222", Checkout: c[3].String()})
		if got := walkScope(t, g).contents; len(got) != 4 || !strings.Contains(strings.Join(g.Notices(), " "), "checked-out commit") {
			t.Errorf("offered %d objects, notes %q", len(got), g.Notices())
		}
	})
	for _, cs := range cases {
		for _, b := range backends {
			t.Run(cs.name+"/"+string(b), func(t *testing.T) {
				g := openGit(t, r.Dir, b)
				g.scope = CIScope(CIRange{System: "GitHub Actions", Event: "push", Base: cs.base, Head: c[3].String()})
				var got []string
				for _, v := range walkScope(t, g).contents {
					got = append(got, strings.TrimSpace(v))
				}
				slices.Sort(got)
				notes := strings.Join(g.Notices(), "\n")
				if !slices.Equal(got, cs.want) || (cs.note == "") != (notes == "") || !strings.Contains(notes, cs.note) {
					t.Errorf("offered %q, notes %q; want %q and a note with %q", got, notes, cs.want, cs.note)
				}
			})
		}
	}
}

// A shallow clone that lacks the range's base scans what it has and says
// that older commits are not there.
func TestGitCIScopeShallowClone(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("needs git to make a shallow clone")
	}
	r, c := rangeRepo(t)
	shallow := filepath.Join(t.TempDir(), "shallow")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "2", "file://"+r.Dir, shallow).CombinedOutput(); err != nil {
		t.Fatalf("git clone --depth 2: %v\n%s", err, out)
	}
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			g := openGit(t, shallow, b)
			g.scope = CIScope(CIRange{System: "GitHub Actions", Event: "pull request", Base: c[0].String(), Head: c[3].String()})
			res, err := scanner.Scan(context.Background(), []scanner.Source{g}, scanner.Options{})
			if err != nil {
				t.Fatal(err)
			}
			notes := strings.Join(res.Stats.Notices, "\n")
			if !strings.Contains(notes, "is not in this clone") || !strings.Contains(notes, "shallow") || res.Stats.Commits != 2 {
				t.Errorf("notices %q, %d commits scanned; want the missing base and the shallow boundary named, 2 commits", notes, res.Stats.Commits)
			}
		})
	}
}
