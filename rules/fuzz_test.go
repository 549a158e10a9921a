package rules

import (
	"bytes"
	"fmt"
	"slices"
	"testing"
)

// seed adds every example and negative example of the builtin table.
func seed(f *testing.F) {
	for _, r := range Default().Rules() {
		for _, ex := range append(slices.Clone(r.Examples), r.NegativeExamples...) {
			f.Add([]byte(ex))
		}
	}
}

// FuzzFind checks the match invariants on arbitrary input, and that junk
// around the input moves matches without changing them.
func FuzzFind(f *testing.F) {
	seed(f)
	s := Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		ms := s.Find(data)
		for _, m := range ms {
			if err := checkMatch(data, m); err != nil {
				t.Fatal(err)
			}
		}
		const junk = "\n;; junk 0123 -- \n"
		padded := slices.Concat([]byte(junk), data, []byte(junk))
		moved := s.Find(padded)
		for i := range moved {
			moved[i].Span.Start -= len(junk)
			moved[i].Span.End -= len(junk)
			moved[i].SecretSpan.Start -= len(junk)
			moved[i].SecretSpan.End -= len(junk)
		}
		if !slices.Equal(ms, moved) {
			t.Fatalf("junk around the input changed the matches:\n%+v\n%+v", ms, moved)
		}
	})
}

// checkMatch verifies the invariants FuzzFind promises for any input:
// spans inside the input, the secret span inside the span, and the secret
// span holding the secret itself unless the match came from decoded text.
func checkMatch(data []byte, m Match) error {
	if m.RuleID == "" || m.Secret == "" || m.Confidence < Low || m.Confidence > High {
		return errorf("incomplete match %+v", m)
	}
	if m.Span.Start < 0 || m.Span.End > len(data) || m.SecretSpan.Start < m.Span.Start || m.SecretSpan.End > m.Span.End || m.SecretSpan.Start >= m.SecretSpan.End {
		return errorf("bad spans %+v for %d bytes", m, len(data))
	}
	raw := data[m.SecretSpan.Start:m.SecretSpan.End]
	if string(raw) == m.Secret {
		return nil
	}
	if !bytes.ContainsAny(raw, `%\&`) && !isB64Text(raw) {
		return errorf("raw secret span %q is not the secret %q", raw, m.Secret)
	}
	return nil
}

func isB64Text(b []byte) bool {
	for _, c := range b {
		if class[c]&cB64 == 0 && c != '=' {
			return false
		}
	}
	return true
}

// FuzzChunks checks the chunking contract: Find over overlapping chunks,
// keeping each chunk's own matches, equals Find over the whole input. The
// fuzzed text is repeated with filler so chunk edges fall everywhere.
func FuzzChunks(f *testing.F) {
	seed(f)
	s := Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		filler := bytes.Repeat([]byte("lorem ipsum\n"), 180)
		big := slices.Concat(data, filler, data, filler[:1000], data)
		size := 1 + (len(data)*7919)%2500
		whole := s.Find(big)
		if got := findChunked(s, big, size); !slices.Equal(whole, got) {
			t.Fatalf("chunk size %d:\nwhole   %+v\nchunked %+v", size, whole, got)
		}
	})
}

// findChunked runs Find on chunks that own size bytes each and see
// MaxContext plus the longest secret on both sides, keeping the matches
// whose secret starts in the owned range.
func findChunked(s *Set, data []byte, size int) []Match {
	margin := s.MaxContext() + 256
	var out []Match
	for start := 0; start < len(data); start += size {
		lo, hi := max(0, start-margin), min(len(data), start+size+margin)
		for _, m := range s.Find(data[lo:hi]) {
			m.Span.Start += lo
			m.Span.End += lo
			m.SecretSpan.Start += lo
			m.SecretSpan.End += lo
			if m.SecretSpan.Start >= start && m.SecretSpan.Start < start+size {
				out = append(out, m)
			}
		}
	}
	slices.SortStableFunc(out, compareMatch)
	return out
}

// FuzzURLParser cross-checks the webhook URL parser against the URL
// rules' regexes (the specification) on arbitrary input.
func FuzzURLParser(f *testing.F) {
	seed(f)
	for _, u := range []string{"https://a.bitrix24.ru/rest/1/k2j3h4g5f6d7s8a9/", "//a-.bitrix24.ru/rest/1/k2j3h4g5f6d7s8a9",
		"http://1.2.3.4:99999/rest/1/k2j3h4g5f6d7s8a9", "https://a..b/rest/api/1/k2j3h4g5f6d7s8a9", "x.bitrix24.com.br:8/rest/0/k2j3h4g5f6d7s8a9_"} {
		f.Add([]byte(u))
	}
	s := Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := s.findChecked(data); err != nil {
			t.Fatal(err)
		}
	})
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }
