package rules

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestExamplesInContext embeds every example in surrounding text and
// checks what newSet's own example check does not: spans are in input
// coordinates (shifted by the prefix, on the secret itself when it is
// written plainly), matches survive neighbours, and the rule carries its
// credential kind.
func TestExamplesInContext(t *testing.T) {
	s := Default()
	const prefix = "// config\r\nmodule.exports = {\n  timeout: 30,\n"
	const suffix = "\n  retries: 3,\n};\n"
	for _, r := range s.Rules() {
		t.Run(r.ID, func(t *testing.T) {
			for i, ex := range r.Examples {
				text := prefix + ex + suffix
				m, ok := findMatch(s.Find([]byte(text)), r.ID, r.secrets[i])
				if !ok {
					t.Errorf("example %d in context: no %s %q in %q", i, r.ID, r.secrets[i], text)
					continue
				}
				bare, _ := findMatch(s.Find([]byte(ex)), r.ID, r.secrets[i])
				if m.SecretSpan.Start != bare.SecretSpan.Start+len(prefix) || m.Span.Start != bare.Span.Start+len(prefix) {
					t.Errorf("example %d: spans %+v/%+v not shifted by the prefix from %+v/%+v", i, m.Span, m.SecretSpan, bare.Span, bare.SecretSpan)
				}
				if strings.Contains(ex, r.secrets[i]) && text[m.SecretSpan.Start:m.SecretSpan.End] != r.secrets[i] {
					t.Errorf("example %d: secret span %+v holds %q", i, m.SecretSpan, text[m.SecretSpan.Start:m.SecretSpan.End])
				}
				if m.Kind != r.Kind || m.Kind == "" {
					t.Errorf("example %d: match kind %q, rule kind %q", i, m.Kind, r.Kind)
				}
			}
		})
	}
}

func findMatch(ms []Match, id, secret string) (Match, bool) {
	for _, m := range ms {
		if m.RuleID == id && m.Secret == secret {
			return m, true
		}
	}
	return Match{}, false
}

// TestRuleTable checks the metadata the scanner and the reporters show.
func TestRuleTable(t *testing.T) {
	s := Default()
	want := []string{"bitrix24-webhook", "bitrix24-webhook-selfhosted", "bitrix24-webhook-split",
		"bitrix24-outbound-token", "bitrix24-client-secret", "bitrix24-oauth-token", "bitrix24-oauth-code", "bitrix24-vibecode-key",
		"bitrix24-crm-form-password", "bitrix24-bot-secret"}
	rs := s.Rules()
	if len(rs) != len(want) {
		t.Fatalf("got %d rules, want %d", len(rs), len(want))
	}
	for i, id := range want {
		r, ok := s.Rule(id)
		if !ok || rs[i].ID != id {
			t.Fatalf("rule %q missing or out of order", id)
		}
		if len(r.Description) < 40 || len(r.Fix) < 60 || !strings.Contains(r.Fix, "history") {
			t.Errorf("%s: description or fix too thin: %q / %q", id, r.Description, r.Fix)
		}
	}
	if _, ok := s.Rule("nope"); ok {
		t.Error("Rule(nope) found something")
	}
	rs[0].ID = "changed"
	if s.Rules()[0].ID == "changed" {
		t.Error("Rules() exposes the set's table")
	}
	if s.MaxContext() < 2048 || s.MaxContext() > 4096 {
		t.Errorf("MaxContext = %d", s.MaxContext())
	}
}

// TestFindSortedUnique checks the order and uniqueness contract.
func TestFindSortedUnique(t *testing.T) {
	var b strings.Builder
	for _, r := range Default().Rules() {
		for _, ex := range r.Examples {
			b.WriteString(ex + "\n")
			b.WriteString(ex + "\n") // the same text twice: two matches, not four
		}
	}
	ms := Default().Find([]byte(b.String()))
	if len(ms) == 0 {
		t.Fatal("no matches")
	}
	for i := 1; i < len(ms); i++ {
		a, c := ms[i-1], ms[i]
		if a.SecretSpan.Start > c.SecretSpan.Start ||
			(a.SecretSpan.Start == c.SecretSpan.Start && a.RuleID > c.RuleID) {
			t.Errorf("out of order: %+v then %+v", a, c)
		}
		if a.RuleID == c.RuleID && a.SecretSpan == c.SecretSpan {
			t.Errorf("duplicate: %+v", c)
		}
	}
}

func TestNoMatchesNoAllocs(t *testing.T) {
	data := []byte(strings.Repeat("func main() { fmt.Println(\"hello, world\") } // rest of the file\n", 200))
	s := Default()
	if n := testing.AllocsPerRun(20, func() { s.Find(data) }); n != 0 {
		t.Errorf("Find allocates %v times on text without candidates", n)
	}
}

// TestConcurrentFind: the Set is shared by the scanner's workers.
func TestConcurrentFind(t *testing.T) {
	var b strings.Builder
	for _, cl := range readCorpus(t) {
		b.WriteString(cl.text + "\n")
	}
	data := []byte(b.String())
	want := Default().Find(data)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := Default().Find(data); !slices.Equal(got, want) {
				t.Error("concurrent Find differs")
			}
		}()
	}
	wg.Wait()
}
