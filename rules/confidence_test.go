package rules

import (
	"strings"
	"testing"
	"time"
)

// fixedSet is the builtin table graded against a fixed clock.
func fixedSet(t *testing.T) *Set {
	t.Helper()
	s, err := newSetAt(builtin(), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// one returns the single match of rule in text, failing otherwise.
func one(t *testing.T, s *Set, rule, text string) Match {
	t.Helper()
	var got []Match
	for _, m := range s.Find([]byte(text)) {
		if m.RuleID == rule {
			got = append(got, m)
		}
	}
	if len(got) != 1 {
		t.Fatalf("%s in %q: got %+v", rule, text, got)
	}
	return got[0]
}

func TestConfidence(t *testing.T) {
	s := fixedSet(t)
	tests := []struct {
		rule, text string
		want       Confidence
	}{
		{"bitrix24-webhook", "https://vostok.bitrix24.ru/rest/1/p4x9k2m7q1w8z3v6/", High},
		{"bitrix24-webhook", "https://acme.bitrix24.kz/rest/1/p4x9k2m7q1w8z3v6/", Medium},
		{"bitrix24-webhook", "https://vostok.bitrix24.ae/rest/1/p4x9k2m7q1w8z3v6/", Medium},
		{"bitrix24-webhook", "https://vostok.bitrix24.ru/rest/1/qhvmzbxkrtwpnjfs/", Medium}, // letters only: an old app password
		{"bitrix24-webhook", "https://test.bitrix24.la/rest/1/qhvmzbxkrtwpnjfs/", Low},
		{"bitrix24-webhook-selfhosted", "https://crm.vostok.ru/rest/1/p4x9k2m7q1w8z3v6/", High},
		{"bitrix24-webhook-selfhosted", "https://intra.vostok.ru/rest/1/p4x9k2m7q1w8z3v6/crm.deal.list", High},
		{"bitrix24-webhook-selfhosted", "// Bitrix24 on-prem\nurl = 'https://intra.vostok.ru/rest/1/p4x9k2m7q1w8z3v6/'", High},
		{"bitrix24-webhook-selfhosted", "url = 'https://intra.vostok.ru/rest/1/p4x9k2m7q1w8z3v6/'", Medium},
		{"bitrix24-webhook-selfhosted", "url = 'https://intra.vostok.ru/rest/1/qhvmzbxkrtwpnjfs/'", Medium},
		{"bitrix24-oauth-token", "access_token = 'n8v2kq4xw7m1zt5r9yb3hj6pd0gc5lfs'", Low},
		{"bitrix24-oauth-token", "// bitrix24 app\naccess_token = 'n8v2kq4xw7m1zt5r9yb3hj6pd0gc5lfs'", Medium},
		{"bitrix24-oauth-token", "[REFRESH_ID] => n8v2kq4xw7m1zt5r9yb3hj6pd0gc5lfs", Medium},
		{"bitrix24-webhook-split", "BX_HOOK=p4x9k2m7q1w8z3v6", Medium},
		{"bitrix24-webhook-split", "BX_DOMAIN=vostok.bitrix24.ru\nBX_HOOK=p4x9k2m7q1w8z3v6", High},
		{"bitrix24-oauth-token", "AUTH_ID=" + tokenAt(2027, 1) + "&x", High},
		{"bitrix24-oauth-token", "AUTH_ID=" + tokenAt(2026, 9) + "&x", Medium},
		{"bitrix24-oauth-token", "AUTH_ID=" + tokenAt(2025, 3) + "&x", Low},
		{"bitrix24-oauth-token", "AUTH_ID=" + tokenAt(2031, 3) + "&x", Low}, // too far ahead for a real token
		{"bitrix24-client-secret", "C_REST_CLIENT_SECRET=Bv7Kq2mZx9LwT4rYp1NcH8sJd3GfA6eUo5WiQ0tRyXzVb2nMkL", High},
		{"bitrix24-client-secret", "clientSecret: 'Bv7Kq2mZx9LwT4rYp1NcH8sJd3GfA6eUo5WiQ0tRyXzVb2nMkL'", Medium},
	}
	for _, tt := range tests {
		if m := one(t, s, tt.rule, tt.text); m.Confidence != tt.want {
			t.Errorf("%q: confidence %v, want %v", tt.text, m.Confidence, tt.want)
		}
	}
}

// tokenAt makes a synthetic 70-hex token that expires in the given month.
func tokenAt(year int, month time.Month) string {
	ts := uint32(time.Date(year, month, 15, 0, 0, 0, 0, time.UTC).Unix())
	le := []byte{byte(ts), byte(ts >> 8), byte(ts >> 16), byte(ts >> 24)}
	const hexd = "0123456789abcdef"
	var b strings.Builder
	for _, c := range le {
		b.WriteByte(hexd[c>>4])
		b.WriteByte(hexd[c&15])
	}
	b.WriteString("00a41c3e0039d7f1000001abd6868673d9018c098f2af0b13e3bd71ca08720")
	return b.String()
}

func TestOAuthExpiryDrops(t *testing.T) {
	s := fixedSet(t)
	for _, text := range []string{
		"AUTH_ID=" + tokenAt(2019, 6),
		"[AUTH_ID] => 807ca26600631fce00007a4b00000001f0f107255033363e91ab16442bd901b2571ed9",
	} {
		if ms := s.Find([]byte(text)); len(ms) != 0 {
			t.Errorf("%q: %+v", text, ms)
		}
	}
}

func TestFields(t *testing.T) {
	s := fixedSet(t)
	m := one(t, s, "bitrix24-webhook", "HTTPS://Vostok.Bitrix24.RU:8443/rest/api/42/p4x9k2m7q1w8z3v6/profile")
	if m.Portal != "vostok.bitrix24.ru:8443" || m.UserID != "42" || m.Secret != "p4x9k2m7q1w8z3v6" {
		t.Errorf("webhook fields: %+v", m)
	}
	m = one(t, s, "bitrix24-webhook-split", "BX_DOMAIN=vostok.bitrix24.ru\nBX_USER_ID=12\nBX_HOOK=p4x9k2m7q1w8z3v6")
	if m.Portal != "vostok.bitrix24.ru" || m.UserID != "12" {
		t.Errorf("split fields: %+v", m)
	}
	m = one(t, s, "bitrix24-webhook-split", `$key='p4x9k2m7q1w8z3v6'; define('C_REST_WEB_HOOK_URL','https://10.1.4.20/rest/3/'.$key.'/');`)
	if m.Portal != "10.1.4.20" || m.UserID != "3" {
		t.Errorf("split base fields: %+v", m)
	}
	m = one(t, s, "bitrix24-client-secret", "define('C_REST_CLIENT_ID','local.65f1c2a9b3d4e7.41827365');\ndefine('C_REST_CLIENT_SECRET','Bv7Kq2mZx9LwT4rYp1NcH8sJd3GfA6eUo5WiQ0tRyXzVb2nMkL');")
	if m.ClientID != "local.65f1c2a9b3d4e7.41827365" {
		t.Errorf("client id: %+v", m)
	}
	if ms := s.Find([]byte("define('C_REST_CLIENT_ID','local.65f1c2a9b3d4e7.41827365');")); len(ms) != 0 {
		t.Errorf("a client_id alone was reported: %+v", ms)
	}
}

// TestCorpusChunked runs the whole corpus as one file through chunks of
// several sizes and expects exactly the matches of the whole file.
func TestCorpusChunked(t *testing.T) {
	var b strings.Builder
	for _, cl := range readCorpus(t) {
		b.WriteString(cl.text)
		b.WriteString("\n")
	}
	data := []byte(b.String())
	s := Default()
	whole := s.Find(data)
	if len(whole) < 100 {
		t.Fatalf("only %d matches in the corpus", len(whole))
	}
	for _, size := range []int{61, 500, 1000, 4096, 10000} {
		got := findChunked(s, data, size)
		if len(got) != len(whole) {
			t.Fatalf("chunk size %d: %d matches, want %d", size, len(got), len(whole))
		}
		for i := range got {
			if got[i] != whole[i] {
				t.Fatalf("chunk size %d: match %d = %+v, want %+v", size, i, got[i], whole[i])
			}
		}
	}
}
