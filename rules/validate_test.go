package rules

import (
	"strings"
	"testing"
	"time"
)

// goodRule is a small valid keyed rule the table below breaks one way at
// a time.
func goodRule() Rule {
	return Rule{
		ID: "test-rule", Name: "Test", Description: "A test rule.", Fix: "Rotate it.",
		Confidence: High, Keywords: []string{"hook"}, engine: engineKeyed, assess: assessOutbound,
		patterns: []pattern{{
			expr:  `(?i:hook)\s*=\s*'(?P<secret>[a-z0-9]{16})'`,
			class: classCode16, keys: []string{"hook"}, before: 32, after: 4,
		}},
		Examples:         []string{`hook = 'p4x9k2m7q1w8z3v6'`},
		secrets:          []string{"p4x9k2m7q1w8z3v6"},
		NegativeExamples: []string{`hook = 'xxxxxxxxxxxxxxxx'`},
	}
}

func TestNewSetRejects(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(r *Rule) []Rule
		error string
	}{
		{"duplicate id", func(r *Rule) []Rule { return []Rule{*r, *r} }, "duplicate id"},
		{"bad id", func(r *Rule) []Rule { r.ID = "Test Rule"; return nil }, "kebab-case"},
		{"no name", func(r *Rule) []Rule { r.Name = ""; return nil }, "name, description and fix"},
		{"no fix", func(r *Rule) []Rule { r.Fix = ""; return nil }, "name, description and fix"},
		{"no confidence", func(r *Rule) []Rule { r.Confidence = 0; return nil }, "confidence is required"},
		{"no keywords", func(r *Rule) []Rule { r.Keywords = nil; return nil }, "no keywords"},
		{"no examples", func(r *Rule) []Rule { r.Examples, r.secrets = nil, nil; return nil }, "no examples"},
		{"no negatives", func(r *Rule) []Rule { r.NegativeExamples = nil; return nil }, "no negative examples"},
		{"secrets not parallel", func(r *Rule) []Rule { r.secrets = nil; return nil }, "expected secret"},
		{"no engine", func(r *Rule) []Rule { r.engine = 0; return nil }, "unknown engine"},
		{"no patterns", func(r *Rule) []Rule { r.patterns = nil; return nil }, "no patterns"},
		{"bad regex", func(r *Rule) []Rule { r.patterns[0].expr = `(?P<secret>[a-z`; return nil }, "missing closing ]"},
		{"no secret group", func(r *Rule) []Rule { r.patterns[0].expr = `hook = '([a-z0-9]{16})'`; return nil }, "no secret group"},
		{"unknown group", func(r *Rule) []Rule { r.patterns[0].expr = `(?P<pass>x)(?P<secret>[a-z0-9]{16})`; return nil }, `unknown group "pass"`},
		{"no class", func(r *Rule) []Rule { r.patterns[0].class = 0; return nil }, "value class"},
		{"no window", func(r *Rule) []Rule { r.patterns[0].before = 0; return nil }, "window"},
		{"window too big", func(r *Rule) []Rule { r.patterns[0].after = maxContext; return nil }, "window"},
		{"no keys", func(r *Rule) []Rule { r.patterns[0].keys = nil; return nil }, "without keys"},
		{"uppercase key", func(r *Rule) []Rule { r.patterns[0].keys = []string{"Hook"}; return nil }, "lowercase"},
		{"url without host class", func(r *Rule) []Rule {
			r.engine = engineURL
			r.patterns[0].expr = `https://(?P<host>[a-z.]+)/rest/(?P<user>\d+)/(?P<secret>[a-z0-9]{16})`
			return nil
		}, "host class"},
		{"url without user group", func(r *Rule) []Rule {
			r.engine = engineURL
			r.patterns[0] = pattern{expr: `https://(?P<host>[a-z.]+)/rest/\d+/(?P<secret>[a-z0-9]{16})`, hosts: hostsOther}
			return nil
		}, "host and user groups"},
		{"example does not match", func(r *Rule) []Rule { r.Examples[0] = "nothing here"; return nil }, "example 0 does not match"},
		{"wrong expected secret", func(r *Rule) []Rule { r.secrets[0] = "q4x9k2m7q1w8z3v6"; return nil }, "does not match"},
		{"negative matches", func(r *Rule) []Rule { r.NegativeExamples[0] = r.Examples[0]; return nil }, "negative example 0 matches"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := goodRule()
			r.patterns = append([]pattern(nil), r.patterns...)
			r.Examples = append([]string(nil), r.Examples...)
			r.secrets = append([]string(nil), r.secrets...)
			rules := tt.edit(&r)
			if rules == nil {
				rules = []Rule{r}
			}
			_, err := newSet(rules)
			if err == nil || !strings.Contains(err.Error(), tt.error) {
				t.Fatalf("newSet error = %v, want it to contain %q", err, tt.error)
			}
		})
	}
}

func TestNewSetAcceptsGoodRule(t *testing.T) {
	s, err := newSetAt([]Rule{goodRule()}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if ms := s.Find([]byte(`x hook = 'p4x9k2m7q1w8z3v6' y`)); len(ms) != 1 || ms[0].Secret != "p4x9k2m7q1w8z3v6" {
		t.Fatalf("Find = %+v", ms)
	}
}

// TestBuiltinValid: the table Default() panics on must compile and pass
// its own examples, with the URL parser agreeing with every URL regex.
func TestBuiltinValid(t *testing.T) {
	if _, err := newSetAt(builtin(), time.Now()); err != nil {
		t.Fatal(err)
	}
}
