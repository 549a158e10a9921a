package reporters_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/scanner"
)

func TestReportNewUnknownFormat(t *testing.T) {
	_, err := reporters.New("xml", reporters.Options{})
	want := `unknown report format "xml" (want text, json, sarif, junit, csv, github, html)`
	if err == nil || err.Error() != want {
		t.Errorf("New(xml) error = %v, want %s", err, want)
	}
	for _, f := range reporters.Formats() {
		if _, err := reporters.New(f, reporters.Options{}); err != nil {
			t.Errorf("New(%s): %v", f, err)
		}
	}
}

func TestReportRedacts(t *testing.T) {
	for _, format := range reporters.Formats() {
		for _, colour := range []bool{false, true} {
			opts := options{Redact: true, Color: colour, Rules: fixtureRules}
			out := string(report(t, format, opts, fixture()))
			for _, s := range fixtureSecrets {
				if strings.Contains(out, s) {
					t.Errorf("%s (colour %v): secret %s printed in full:\n%s", format, colour, s, out)
				}
				if !strings.Contains(out, scanner.Redact(s)) {
					t.Errorf("%s (colour %v): redacted secret %s missing", format, colour, scanner.Redact(s))
				}
			}
			opts.Redact = false
			out = string(report(t, format, opts, fixture()))
			for _, s := range fixtureSecrets {
				if !strings.Contains(out, s) {
					t.Errorf("%s unredacted: secret %s missing", format, s)
				}
			}
		}
	}
}

func TestTextColor(t *testing.T) {
	plain := report(t, "text", options{Redact: true}, fixture())
	if bytes.Contains(plain, []byte("\x1b[")) {
		t.Errorf("colour codes without Options.Color:\n%q", plain)
	}
	coloured := report(t, "text", options{Redact: true, Color: true}, fixture())
	if !bytes.Contains(coloured, []byte("\x1b[")) {
		t.Errorf("no colour codes with Options.Color")
	}
}

func TestTextSummary(t *testing.T) {
	out := string(report(t, "text", options{Redact: true}, fixture()))
	for _, want := range []string{
		"4 leaks found: 2 webhooks, 1 client secret, 1 outgoing-webhook token (2 high, 1 medium, 1 low) in 7 locations; scanned 12 blobs, 5 commit messages, 1 tag message, 1.3 MB; skipped 1 binary, 2 ignored; checked: 1 live, 1 invalid\n",
		"scan incomplete: 1 error\n  open docs/locked.txt: permission denied\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	res := &scanner.Result{Stats: scanner.Stats{Blobs: 3, BlobsScanned: 3, Bytes: 2048,
		Skipped: map[scanner.SkipReason]int{scanner.SkipSymlink: 2}}}
	out = string(report(t, "text", options{}, res))
	if want := "no leaks found; scanned 3 files, 2.0 kB; skipped 2 symlinks\n"; out != want {
		t.Errorf("empty summary = %q, want %q", out, want)
	}
}

func TestJSONContract(t *testing.T) {
	var doc struct {
		Findings []struct {
			Portal    *string          `json:"portal"`
			Locations []map[string]any `json:"locations"`
		} `json:"findings"`
	}
	out := report(t, "json", options{Redact: true}, fixture())
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	for i, f := range doc.Findings {
		for _, loc := range f.Locations {
			checkLocation(t, i, loc)
		}
	}
	if doc.Findings[2].Portal != nil { // checked findings first: live, not checked, invalid
		t.Errorf("outbound token has a portal")
	}
	empty := string(report(t, "json", options{}, &scanner.Result{}))
	for _, want := range []string{`"findings": []`, `"errors": []`, `"skipped": {}`} {
		if !strings.Contains(empty, want) {
			t.Errorf("empty report lacks %s:\n%s", want, empty)
		}
	}
}

func checkLocation(t *testing.T, finding int, loc map[string]any) {
	t.Helper()
	kind := loc["kind"].(string)
	_, hasHead := loc["at_head"]
	_, hasCommit := loc["commit"]
	switch kind {
	case "history", "commit-message":
		if !hasHead || !hasCommit {
			t.Errorf("finding %d: %s location lacks at_head or commit: %v", finding, kind, loc)
		}
		date, _ := loc["date"].(string)
		if tm, err := time.Parse(time.RFC3339, date); err != nil || tm.Location() != time.UTC {
			t.Errorf("finding %d: date %q is not RFC3339 UTC", finding, date)
		}
	case "file", "stdin", "staged":
		for _, k := range []string{"commit", "author", "email", "date", "message", "at_head"} {
			if _, ok := loc[k]; ok {
				t.Errorf("finding %d: %s location has %s", finding, kind, k)
			}
		}
	default:
		t.Errorf("finding %d: unexpected kind %q", finding, kind)
	}
}
