package source

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The walk without git counts what git rev-list counts: a lost blob and a
// lost tree (whose entries cannot be counted by either).
func TestMissingObjectsWalkAgreesWithGit(t *testing.T) {
	h := buildHistory(t)
	for _, id := range []string{blobID("shared\n").String(), blobID("alpha 2\n").String()} {
		lose(t, h.Dir, id)
	}
	head := h.Head()
	c, _ := h.Git.CommitObject(head)
	tree, _ := c.Tree()
	for _, e := range tree.Entries {
		if e.Name == "moved" {
			lose(t, h.Dir, e.Hash.String())
		}
	}
	g := openGit(t, h.Dir, BackendGit)
	tips := g.resolvedTips()
	want, wantFirst, err := g.revListMissing(context.Background(), tips)
	if err != nil || want != 3 {
		t.Fatalf("git rev-list: %d missing (%v), want 3", want, err)
	}
	got, first, err := g.walkMissing(context.Background(), tips)
	if err != nil || got != want || first == "" || wantFirst == "" {
		t.Errorf("walk: %d missing, first %q (%v); git: %d", got, first, err, want)
	}
}

// lose deletes a loose object.
func lose(t *testing.T, dir, id string) {
	t.Helper()
	if err := os.Remove(filepath.Join(dir, ".git", "objects", id[:2], id[2:])); err != nil {
		t.Fatal(err)
	}
}

// A history too large to check unasked says so, and the check asked for
// is not announced as skipped.
func TestLargeHistoryNamesTheUncheckedObjects(t *testing.T) {
	h := buildHistory(t)
	for _, check := range []ObjectCheck{CheckObjectsAuto, CheckObjectsAlways} {
		g, err := OpenGit(h.Dir, GitOptions{CheckObjects: check})
		if err != nil {
			t.Fatal(err)
		}
		g.counts.blobs.Add(CheckObjectsLimit + 1)
		note := strings.Join(g.Notices(), "\n")
		if has := strings.Contains(note, "--check-objects checks it"); has != (check == CheckObjectsAuto) {
			t.Errorf("%q: notices %q", check, note)
		}
		if check == CheckObjectsAuto && g.checksObjects() {
			t.Errorf("a history of %d objects is checked unasked", g.historyObjects())
		}
	}
}
