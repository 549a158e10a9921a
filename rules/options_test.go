package rules

import (
	"strings"
	"testing"
)

const (
	selfHostedURL = `url = "https://ops.kontora-test.ru/rest/12/p4x9k2m7q1w8z3v6/"`
	cloudURL      = `HOOK=https://b24-k7q2mz.bitrix24.ru/rest/1/9mtrbvrg0dla9zvk/`
)

func onlyMatch(t *testing.T, s *Set, text string) Match {
	t.Helper()
	ms := s.Find([]byte(text))
	if len(ms) != 1 {
		t.Fatalf("Find(%q) = %+v, want one match", text, ms)
	}
	return ms[0]
}

func TestNewDisablesRules(t *testing.T) {
	s, err := New(Options{Disabled: []string{"bitrix24-webhook"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Rule("bitrix24-webhook"); ok || len(s.Rules()) != len(Default().Rules())-1 {
		t.Errorf("disabled rule still in the set: %d rules", len(s.Rules()))
	}
	if ms := s.Find([]byte(cloudURL)); len(ms) != 0 {
		t.Errorf("disabled rule still matches: %+v", ms)
	}
	if m := onlyMatch(t, s, selfHostedURL); m.RuleID != "bitrix24-webhook-selfhosted" {
		t.Errorf("other rules lost: %+v", m)
	}
	if _, err := New(Options{Disabled: []string{"bitrix24-nope"}}); err == nil || !strings.Contains(err.Error(), `"bitrix24-nope"`) {
		t.Errorf("unknown rule id: err = %v", err)
	}
}

func TestNewPortalDomainsRaiseConfidence(t *testing.T) {
	base := onlyMatch(t, Default(), selfHostedURL)
	if base.Confidence == High {
		t.Fatalf("fixture must start below high: %+v", base)
	}
	for _, domain := range []string{"kontora-test.ru", "OPS.Kontora-Test.ru.", "ops.kontora-test.ru"} {
		s, err := New(Options{PortalDomains: []string{domain}})
		if err != nil {
			t.Fatal(err)
		}
		if m := onlyMatch(t, s, selfHostedURL); m.Confidence != High {
			t.Errorf("domain %q: confidence %s, want high", domain, m.Confidence)
		}
	}
	s, _ := New(Options{PortalDomains: []string{"other-test.ru"}})
	if m := onlyMatch(t, s, selfHostedURL); m.Confidence != base.Confidence {
		t.Errorf("unrelated domain changed confidence to %s", m.Confidence)
	}
	if _, err := New(Options{PortalDomains: []string{"https://x.ru/"}}); err == nil {
		t.Error("a URL accepted as a portal domain")
	}
}

func TestNewMinConfidence(t *testing.T) {
	base := onlyMatch(t, Default(), selfHostedURL)
	s, err := New(Options{MinConfidence: base.Confidence + 1})
	if err != nil {
		t.Fatal(err)
	}
	if ms := s.Find([]byte(selfHostedURL)); len(ms) != 0 {
		t.Errorf("match below the minimum kept: %+v", ms)
	}
	if m := onlyMatch(t, s, cloudURL); m.Confidence != High {
		t.Errorf("high match dropped or changed: %+v", m)
	}
	if c, err := ParseConfidence("Medium"); err != nil || c != Medium {
		t.Errorf("ParseConfidence(Medium) = %v, %v", c, err)
	}
	if _, err := ParseConfidence("certain"); err == nil {
		t.Error("ParseConfidence accepted a bad grade")
	}
}

func TestIdentity(t *testing.T) {
	m := onlyMatch(t, Default(), strings.Replace(cloudURL, "b24-k7q2mz.bitrix24.ru", "B24-K7Q2MZ.Bitrix24.ru:443", 1))
	id := m.Identity()
	want := Identity{Kind: KindWebhook, Portal: "b24-k7q2mz.bitrix24.ru", UserID: "1", Secret: "9mtrbvrg0dla9zvk"}
	if id != want {
		t.Errorf("Identity = %+v, want %+v", id, want)
	}
	partial := Identity{Kind: KindWebhook, Secret: id.Secret}
	if !id.Complete() || partial.Complete() || !id.Covers(partial) || partial.Covers(id) {
		t.Errorf("Complete/Covers wrong for %+v and %+v", id, partial)
	}
	other := id
	other.Portal = "b24-other.bitrix24.ru"
	if other.Covers(id) || id.Covers(other) {
		t.Error("two portals cover each other")
	}
	for _, r := range Default().Rules() {
		webhook := strings.HasPrefix(r.ID, "bitrix24-webhook")
		if (r.Kind == KindWebhook) != webhook {
			t.Errorf("rule %s has kind %q", r.ID, r.Kind)
		}
	}
}
