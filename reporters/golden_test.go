package reporters_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/scanner"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/reporters")

// report runs one reporter on res and returns its output.
func report(t *testing.T, format string, opts reporters.Options, res *scanner.Result) []byte {
	t.Helper()
	r, err := reporters.New(format, opts)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := r.Report(&buf, res); err != nil {
		t.Fatalf("Report: %v", err)
	}
	return buf.Bytes()
}

func TestReportGolden(t *testing.T) {
	redacted := reporters.Options{Redact: true, Rules: lookupRule, Version: testVersion}
	unredacted := redacted
	unredacted.Redact = false
	colour := redacted
	colour.Color = true
	cases := []struct {
		name string
		opts reporters.Options
		res  *scanner.Result
	}{
		{"findings", redacted, fixture()},
		{"empty", redacted, &scanner.Result{}},
		{"findings-unredacted", unredacted, fixture()},
		{"findings-color", colour, fixture()},
	}
	for _, format := range reporters.Formats() {
		for _, c := range cases {
			if format == "json" && c.opts.Color {
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
