package reporters_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/scanner"
)

// FuzzReportWriters puts arbitrary bytes in every free-text field of a
// result: every format still writes what its readers parse, the text and
// annotation formats carry no raw control byte, and no secret leaks.
func FuzzReportWriters(f *testing.F) {
	f.Add("evil\x1b[2J\nname.js", "Mallory\x07", "subject\r\nFinding 1", "portal.bitrix24.ru")
	f.Add("=cmd|' /C calc'!A0", "@x", "-", "\xff\xfe")
	f.Add("<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "</code></td></tr></table><iframe>", "x' onmouseover='y")
	f.Fuzz(func(t *testing.T, path, author, message, portal string) {
		res := withFields(path, author, message, portal)
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
			case "html":
				plain := func(s string) string { return strings.Repeat("x", min(len(s), 1)) } // the same fields empty
				clean := withFields(plain(path), plain(author), plain(message), plain(portal))
				checkHTML(t, out, report(t, format, options{Redact: true, Rules: fixtureRules}, clean))
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

// withFields is the fixture with the given strings in a location's
// path, author and commit message, a finding's portal and an error.
func withFields(path, author, message, portal string) *scanner.Result {
	res := fixture()
	loc := &res.Findings[0].Locations[0]
	loc.Appearance.Path = path
	loc.Appearance.Commit = &scanner.Commit{Hash: "abc", Author: author, Email: author, Message: message}
	res.Findings[0].Portal = portal
	res.Stats.Errors = append(res.Stats.Errors, scanner.ScanError{Op: "read", Path: path, Err: errString("open " + path)})
	return res
}

// checkHTML fails unless page has the same elements and attributes, in
// the same order, as the page of the unchanged fixture: whatever the
// repository's strings hold, they stay text.
func checkHTML(t *testing.T, page, clean []byte) {
	t.Helper()
	got, want := htmlShape(t, page), htmlShape(t, clean)
	if !slices.Equal(got, want) {
		t.Fatalf("html: markup from the input:\n%s", page)
	}
	if !utf8.Valid(page) {
		t.Fatal("html: invalid UTF-8")
	}
}

// htmlShape lists a page's tags with their attribute names.
func htmlShape(t *testing.T, page []byte) []string {
	z := html.NewTokenizer(bytes.NewReader(page))
	var shape []string
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				t.Fatalf("html: %v", z.Err())
			}
			return shape
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			tag := tt.String() + " " + tok.Data
			for _, a := range tok.Attr {
				tag += " " + a.Key
			}
			shape = append(shape, tag)
		}
	}
}

// The HTML page loads nothing: no styles, images, fonts or frames from
// anywhere, one inline script whose hash the Content-Security-Policy
// names (nothing else may run), and links only within the page.
func TestHTMLIsSelfContained(t *testing.T) {
	page := report(t, "html", options{Redact: true, Rules: fixtureRules}, fixture())
	z := html.NewTokenizer(bytes.NewReader(page))
	links, scripts, policy, script := 0, 0, "", ""
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		switch tok.Data {
		case "link", "img", "iframe", "object", "embed":
			t.Errorf("element %s", tok.Data)
		case "script":
			if tt == html.StartTagToken {
				scripts++
				z.Next()
				script = string(z.Text())
			}
		}
		for _, a := range tok.Attr {
			switch {
			case a.Key == "href" && !strings.HasPrefix(a.Val, "#"):
				t.Errorf("link out of the page: %s", a.Val)
			case a.Key == "href":
				links++
			case a.Key == "src":
				t.Errorf("%s loads %s", tok.Data, a.Val)
			case a.Key == "content" && strings.HasPrefix(a.Val, "default-src"):
				policy = a.Val
			}
		}
	}
	sum := sha256.Sum256([]byte(script))
	want := "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	if scripts != 1 || policy != want {
		t.Errorf("%d scripts; policy %q, want %q", scripts, policy, want)
	}
	if links != len(fixture().Findings) { // each table row links to its finding's details
		t.Errorf("%d in-page links, want %d", links, len(fixture().Findings))
	}
}
