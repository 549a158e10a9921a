package reporters_test

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/scanner"
)

func TestPrintable(t *testing.T) {
	cases := map[string]string{
		"plain/path.go":           "plain/path.go",
		"Кириллица.txt":           "Кириллица.txt",
		"evil\x1b]0;pwned\x07.js": `evil\x1b]0;pwned\x07.js`,
		"two\nlines\r\tx\x7f":     `two\nlines\r\tx\x7f`,
		"c1\u009bq":               `c1\u009bq`,
		"bad\xffutf8":             `bad\xffutf8`,
	}
	for in, want := range cases {
		if got := reporters.Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}

// Names, authors and messages from a repository cannot put control bytes
// on the terminal through the text report.
func TestTextReportNeutralisesControlCharacters(t *testing.T) {
	res := fixture()
	f := &res.Findings[0]
	f.Locations[0].Appearance.Path = "evil\x1b[2J\nFinding 9 of 9.js"
	f.Locations[0].Appearance.Commit = &scanner.Commit{Hash: "abc", Author: "Mallory\x1b]8;;http://x\x07", Message: "subject\x1b[31m red"}
	res.Stats.Errors = append(res.Stats.Errors, scanner.ScanError{Op: "read", Err: errString("open bad\x1bname: denied")})
	out := string(report(t, "text", options{Redact: true, Rules: fixtureRules}, res))
	if strings.ContainsAny(out, "\x1b\x07") || strings.Contains(out, "\nFinding 9 of 9") {
		t.Errorf("raw control characters in the text report:\n%q", out)
	}
	for _, want := range []string{`evil\x1b[2J\nFinding 9 of 9.js`, `Mallory\x1b]8;;http://x\x07`, `open bad\x1bname`} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks the escaped %s", want)
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// A secret pasted base64-encoded into free text is masked there too.
func TestRedactionCoversBase64InFreeText(t *testing.T) {
	res := fixture()
	url := "https://acme.bitrix24.ru/rest/1/" + cloudHook + "/"
	for k := range 3 {
		pasted := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", k) + url))
		res.Findings[0].Locations[0].Appearance.Commit = &scanner.Commit{Hash: "abc", Message: "hook: " + pasted}
		out := string(report(t, "json", options{Redact: true}, res))
		inner := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", k) + url))[len(strings.Repeat("x", k))*4/3+16 : len(pasted)-8]
		if strings.Contains(out, inner) {
			t.Errorf("alignment %d: base64 of the webhook printed in the message", k)
		}
		for _, enc := range []string{pasted[:4]} {
			if !strings.Contains(out, enc) {
				t.Errorf("alignment %d: the rest of the message was masked too", k)
			}
		}
	}
}

func TestCSVCellsCannotBeFormulas(t *testing.T) {
	res := fixture()
	res.Findings[0].Locations[0].Appearance.Path = "=HYPERLINK(\"http://x\")"
	res.Findings[0].Locations[0].Appearance.Commit = &scanner.Commit{Hash: "abc", Author: "+cmd|' /C calc'!A0", Email: "@x"}
	out := report(t, "csv", options{Redact: true}, res)
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "-" && cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q starts a formula", cell)
			}
		}
	}
	if !strings.Contains(string(out), `'=HYPERLINK`) {
		t.Errorf("path not kept behind an apostrophe:\n%s", out)
	}
}

func TestErrorLinesAreBounded(t *testing.T) {
	var errs []reporters.Error
	for range 25 {
		errs = append(errs, reporters.Error{Op: "read", Message: "open x: no such file or directory"})
	}
	errs = append(errs, reporters.Error{Op: "walk", Message: "walk: broken"})
	lines := reporters.ErrorLines(errs, 10)
	if len(lines) != 11 || lines[10] != "... and 16 more (15 read, 1 walk); the JSON report lists them all" {
		t.Errorf("lines %q", lines)
	}
}
