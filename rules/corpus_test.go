package rules

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// corpusLine is one annotated line of testdata/corpus: the text and the
// matches it must yield, as "rule=secret" (or just "rule"), optionally
// followed by ";field=value" checks of the match: portal, user, client
// and conf ("-" for an empty field).
type corpusLine struct {
	file string
	line int
	text string
	want []string
}

// readCorpus parses every testdata/corpus/*.txt file. A line is
// "expect<TAB>text": expect is "-" for no match at all, or a comma list of
// rule[=secret]; "⏎" in text stands for a newline.
func readCorpus(t testing.TB) []corpusLine {
	files, err := filepath.Glob("testdata/corpus/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files: %v", err)
	}
	var out []corpusLine
	for _, name := range files {
		fh, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		for n := 1; sc.Scan(); n++ {
			raw := sc.Text()
			if raw == "" || strings.HasPrefix(raw, "#") {
				continue
			}
			expect, text, ok := strings.Cut(raw, "\t")
			if !ok {
				t.Fatalf("%s:%d: no tab", name, n)
			}
			cl := corpusLine{file: filepath.Base(name), line: n, text: strings.ReplaceAll(text, "⏎", "\n")}
			if expect != "-" {
				cl.want = strings.Split(expect, ",")
			}
			out = append(out, cl)
		}
		fh.Close()
	}
	return out
}

// TestCorpus asserts every annotated line: exactly the expected matches,
// nothing else (precision), and none missing (recall).
func TestCorpus(t *testing.T) {
	lines := readCorpus(t)
	s := Default()
	var pos, neg, fn, fp int
	for _, cl := range lines {
		ms := s.Find([]byte(cl.text))
		if cl.want == nil {
			neg++
		} else {
			pos++
		}
		for _, w := range cl.want {
			if !slices.ContainsFunc(ms, func(m Match) bool { return corpusWants(w, m) }) {
				fn++
				t.Errorf("%s:%d: missing %s in %q (got %s)", cl.file, cl.line, w, cl.text, describeMatches(ms))
			}
		}
		for _, m := range ms {
			if !slices.ContainsFunc(cl.want, func(w string) bool { return corpusWants(w, m) }) {
				fp++
				t.Errorf("%s:%d: unexpected %s in %q", cl.file, cl.line, describeMatches([]Match{m}), cl.text)
			}
		}
	}
	t.Logf("corpus: %d positive and %d negative lines; %d missed, %d false", pos, neg, fn, fp)
	if pos < 100 || neg < 100 {
		t.Errorf("corpus too small: %d positive, %d negative lines", pos, neg)
	}
}

// corpusWants reports whether m is the match the expectation w describes:
// "rule[=secret][;portal=…][;user=…][;client=…][;conf=…]".
func corpusWants(w string, m Match) bool {
	head, checks, _ := strings.Cut(w, ";")
	if got := m.RuleID + "=" + m.Secret; got != head && !strings.HasPrefix(got, head+"=") {
		return false
	}
	for _, c := range strings.Split(checks, ";") {
		if c == "" {
			continue
		}
		k, v, _ := strings.Cut(c, "=")
		if v == "-" {
			v = ""
		}
		got := map[string]string{"portal": m.Portal, "user": m.UserID, "client": m.ClientID, "conf": m.Confidence.String()}[k]
		if got != v {
			return false
		}
	}
	return true
}

// describeMatches formats matches the way corpus lines expect them.
func describeMatches(ms []Match) string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s=%s;portal=%s;user=%s;client=%s;conf=%s",
			m.RuleID, m.Secret, cmpOr(m.Portal, "-"), cmpOr(m.UserID, "-"), cmpOr(m.ClientID, "-"), m.Confidence))
	}
	return "[" + strings.Join(out, " ") + "]"
}

// TestCorpusSpans checks every corpus match's spans against the input.
func TestCorpusSpans(t *testing.T) {
	for _, cl := range readCorpus(t) {
		data := []byte(cl.text)
		for _, m := range Default().Find(data) {
			if err := checkSpans(data, m); err != nil {
				t.Errorf("%s:%d: %v", cl.file, cl.line, err)
			}
		}
	}
}

// checkSpans verifies the invariants of one match over data: spans inside
// the input, the secret inside the match, and the secret span holding the
// secret (raw) or text that decodes to it.
func checkSpans(data []byte, m Match) error {
	sp, ss := m.Span, m.SecretSpan
	switch {
	case sp.Start < 0 || sp.End > len(data) || sp.Start >= sp.End:
		return fmt.Errorf("span %v outside input of %d bytes", sp, len(data))
	case ss.Start < sp.Start || ss.End > sp.End || ss.Start >= ss.End:
		return fmt.Errorf("secret span %v outside span %v", ss, sp)
	}
	if got := decodesTo(data[ss.Start:ss.End]); !strings.Contains(got, m.Secret) && string(data[ss.Start:ss.End]) != m.Secret {
		return fmt.Errorf("secret span %q does not decode to %q", data[ss.Start:ss.End], m.Secret)
	}
	return nil
}

// decodesTo decodes b as escapes (twice) or, failing that, as base64
// whose first and last quantum may be partial.
func decodesTo(b []byte) string {
	v := normalized(b, 0, len(b))
	if string(v.text) != string(b) {
		return string(v.text)
	}
	var all strings.Builder
	for k := 0; k < 4; k++ {
		x := strings.Repeat("A", k) + strings.TrimRight(string(b), "=")
		x += strings.Repeat("A", (4-len(x)%4)%4)
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			if dec, err := enc.DecodeString(x); err == nil {
				all.Write(dec)
			}
		}
	}
	return all.String()
}
