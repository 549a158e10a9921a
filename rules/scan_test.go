package rules

import (
	"os"
	"path/filepath"
	"testing"
)

// TestScanDir is a manual precision check, skipped unless FPDIR names a
// directory: it logs every match in it. Run over vendor docs and SDKs
// (bitrix24/b24restdocs, b24phpsdk, b24jssdk, b24pysdk, bitrix-tools/crest)
// and GOROOT it reports nothing: every credential there is a sample.
func TestScanDir(t *testing.T) {
	dir := os.Getenv("FPDIR")
	if dir == "" {
		t.Skip()
	}
	n := 0
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return nil
		}
		d, _ := os.ReadFile(p)
		n += len(d)
		for _, m := range Default().Find(d) {
			lo, hi := max(0, m.Span.Start-50), min(len(d), m.Span.End+20)
			t.Logf("%s %s %s %q", p, m.RuleID, m.Confidence, d[lo:hi])
		}
		return nil
	})
	t.Logf("%d bytes", n)
}
