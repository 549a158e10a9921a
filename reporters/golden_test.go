package reporters_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/scanner"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/reporters")

// options are a reporter's and NewReport's options together.
type options struct {
	Redact, Color bool
	Rules         []reporters.RuleInfo
	Version       string
}

// report prepares res and runs one reporter on it, returning its output.
func report(t *testing.T, format string, opts options, res *scanner.Result) []byte {
	t.Helper()
	r, err := reporters.New(format, reporters.Options{Color: opts.Color})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	rep := reporters.NewReport(res, reporters.ReportOptions{Redact: opts.Redact, Rules: opts.Rules, Version: opts.Version, Now: reportTime})
	if err := r.Report(&buf, rep); err != nil {
		t.Fatalf("Report: %v", err)
	}
	return buf.Bytes()
}

func TestReportGolden(t *testing.T) {
	redacted := options{Redact: true, Rules: fixtureRules, Version: testVersion}
	unredacted := redacted
	unredacted.Redact = false
	colour := redacted
	colour.Color = true
	cases := []struct {
		name string
		opts options
		res  *scanner.Result
	}{
		{"findings", redacted, fixture()},
		{"empty", redacted, &scanner.Result{}},
		{"findings-unredacted", unredacted, fixture()},
		{"findings-color", colour, fixture()},
	}
	for _, format := range reporters.Formats() {
		for _, c := range cases {
			if format != "text" && c.opts.Color {
				continue // colour is for text only
			}
			t.Run(format+"/"+c.name, func(t *testing.T) {
				got := report(t, format, c.opts, c.res)
				golden(t, filepath.Join("..", "testdata", "reporters", format, c.name+".golden"), got)
			})
		}
	}
}

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reporters -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (go test ./reporters -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// reportTime is when the test reports are made, for "expired".
var reportTime = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
