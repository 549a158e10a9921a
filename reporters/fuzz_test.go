package reporters_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/scanner"
)

// FuzzReportWriters puts arbitrary bytes in every free-text field of a
// result: every format still writes what its readers parse, the text and
// annotation formats carry no raw control byte, and no secret leaks.
func FuzzReportWriters(f *testing.F) {
	f.Add("evil\x1b[2J\nname.js", "Mallory\x07", "subject\r\nFinding 1", "portal.bitrix24.ru")
	f.Add("=cmd|' /C calc'!A0", "@x", "-", "\xff\xfe")
	f.Fuzz(func(t *testing.T, path, author, message, portal string) {
		res := fixture()
		loc := &res.Findings[0].Locations[0]
		loc.Appearance.Path = path
		loc.Appearance.Commit = &scanner.Commit{Hash: "abc", Author: author, Email: author, Message: message}
		res.Findings[0].Portal = portal
		res.Stats.Errors = append(res.Stats.Errors, scanner.ScanError{Op: "read", Path: path, Err: errString("open " + path)})
		for _, format := range reporters.Formats() {
			out := report(t, format, options{Redact: true, Rules: fixtureRules}, res)
			for _, s := range fixtureSecrets {
				if bytes.Contains(out, []byte(s)) {
					t.Fatalf("%s: secret printed", format)
				}
			}
			switch format {
			case "json", "sarif":
				if !json.Valid(out) {
					t.Fatalf("%s: not JSON:\n%s", format, out)
				}
			case "junit":
				if err := xml.Unmarshal(out, new(struct{})); err != nil {
					t.Fatalf("junit: not XML: %v", err)
				}
			case "csv":
				if _, err := csv.NewReader(bytes.NewReader(out)).ReadAll(); err != nil {
					t.Fatalf("csv: %v", err)
				}
			case "text", "github":
				for _, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
					for _, r := range line {
						if r < 0x20 && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f {
							t.Fatalf("%s: raw control %U in %q", format, r, line)
						}
					}
				}
				if !utf8.Valid(out) {
					t.Fatalf("%s: invalid UTF-8", format)
				}
			}
		}
	})
}
