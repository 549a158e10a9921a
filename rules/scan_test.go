package rules

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestNoMatchesInCredentialFreeText is a precision check: GOROOT's sources
// (about 150 MB of code, tests and data full of hex, base64 and URLs) hold
// no Bitrix24 credential, so every match there is a false positive. FPDIR
// names more such directories to check (vendor docs and SDKs, whose
// credentials are all published samples).
func TestNoMatchesInCredentialFreeText(t *testing.T) {
	dirs := []string{filepath.Join(runtime.GOROOT(), "src")}
	if extra := os.Getenv("FPDIR"); extra != "" {
		dirs = append(dirs, filepath.SplitList(extra)...)
	}
	if testing.Short() {
		dirs[0] = filepath.Join(dirs[0], "net")
	}
	set := Default()
	for _, dir := range dirs {
		n := 0
		err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
			if err != nil || !e.Type().IsRegular() {
				return err
			}
			d, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			n += len(d)
			for _, m := range set.Find(d) {
				lo, hi := max(0, m.Span.Start-50), min(len(d), m.Span.End+20)
				t.Errorf("false positive in %s: %s %s %q", p, m.RuleID, m.Confidence, d[lo:hi])
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walk %s: %v", dir, err)
		}
		if n < 1<<20 {
			t.Fatalf("%s: only %d bytes read; the check needs a real corpus", dir, n)
		}
		t.Logf("%s: %d bytes, no matches", dir, n)
	}
}
