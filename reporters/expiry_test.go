package reporters_test

import (
	"encoding/binary"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// oauthToken is a synthetic 70-hex token that embeds exp.
func oauthToken(exp time.Time, fill string) string {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], uint32(exp.Unix()))
	return (hex.EncodeToString(b[:]) + strings.Repeat(fill, 70))[:70]
}

// Every format shows the expiry an OAuth token embeds, and whether it has
// passed, saying it is a hint.
func TestTokenExpiryInEveryFormat(t *testing.T) {
	expired := oauthToken(time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), "00a41c3e0039d7f1")
	valid := oauthToken(reportTime.Add(30*time.Minute), "0039d7f100a41c3e")
	res := &scanner.Result{}
	for i, tok := range []string{expired, valid} {
		res.Findings = append(res.Findings, scanner.Finding{
			RuleID: "bitrix24-oauth-token", Rules: []string{"bitrix24-oauth-token"}, Kind: "bitrix24-oauth-token",
			Fingerprint: scanner.Fingerprint(strings.Repeat(string(rune('a'+i)), 32)), Secret: scanner.Secret(tok), Confidence: rules.Low,
			Locations: []scanner.Location{{Appearance: scanner.Appearance{Kind: scanner.KindFile, Path: "install.log"},
				Start: scanner.Position{Line: 1, Column: 10}, End: scanner.Position{Line: 1, Column: 79}}},
		})
	}
	want := map[string][]string{
		"text":   {"Expires:     expired 2024-05-01 10:00 UTC (by the time embedded in the token: a hint)", "Expires:     valid until 2026-12-01 12:30 UTC"},
		"json":   {`"expires_at": "2024-05-01T10:00:00Z",` + "\n      \"expired\": true", `"expires_at": "2026-12-01T12:30:00Z",` + "\n      \"expired\": false"},
		"csv":    {",2024-05-01T10:00:00Z\r\n", ",2026-12-01T12:30:00Z\r\n"},
		"sarif":  {"expired 2024-05-01 10:00 UTC", `"expires_at": "2024-05-01T10:00:00Z"`},
		"junit":  {"expired 2024-05-01 10:00 UTC", "valid until 2026-12-01 12:30 UTC"},
		"html":   {"expired 2024-05-01 10:00 UTC", "valid until 2026-12-01 12:30 UTC"},
		"github": {"expired 2024-05-01 10:00 UTC", "valid until 2026-12-01 12:30 UTC"},
	}
	for format, wants := range want {
		out := string(report(t, format, options{Redact: true, Rules: fixtureRules}, res))
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("%s lacks %q:\n%s", format, w, out)
			}
		}
	}
}

// A token repeated thousands of times in one log is one line of the text
// report, with the count and the lines; a file with a few places lists
// each; JSON keeps every occurrence.
func TestTextCollapsesRepeats(t *testing.T) {
	res := fixture()
	f := &res.Findings[0]
	base := f.Locations[0]
	f.Locations = nil
	for i := range 2431 {
		l := base
		l.Appearance.Path, l.Start.Line, l.End.Line = "logs/app.log", 4+4*i, 4+4*i
		f.Locations = append(f.Locations, l)
		if i < 2 {
			l.Appearance.Path = "config.php"
			f.Locations = append(f.Locations, l)
		}
	}
	text := string(report(t, "text", options{Redact: true, Rules: fixtureRules}, res))
	if strings.Count(text, "logs/app.log") != 1 || !strings.Contains(text, "2,431 occurrences, lines 4–9,724 (4, 8, 12, …)") ||
		strings.Count(text, "config.php:") != 2 {
		t.Errorf("text report:\n%s", text[:min(len(text), 3000)])
	}
	if got := strings.Count(string(report(t, "json", options{Redact: true, Rules: fixtureRules}, res)), `"path": "logs/app.log"`); got != 2431 {
		t.Errorf("JSON has %d of the 2,431 occurrences", got)
	}
}

// Findings are ordered by what to fix first: confidence, then kind
// (webhooks, client secrets, outgoing tokens, tokens), then still present
// before history only, then place.
func TestFindingsOrderBySeverity(t *testing.T) {
	mk := func(id, kind string, conf rules.Confidence, path string, atHead bool) scanner.Finding {
		c := &scanner.Commit{Hash: strings.Repeat("c", 40), Date: reportTime}
		return scanner.Finding{RuleID: id, Rules: []string{id}, Kind: kind, Confidence: conf, Secret: scanner.Secret(id + path),
			Fingerprint: scanner.Fingerprint(id + path),
			Locations:   []scanner.Location{{Appearance: scanner.Appearance{Kind: scanner.KindHistory, Path: path, Commit: c, AtHead: atHead}}}}
	}
	res := &scanner.Result{Findings: []scanner.Finding{
		mk("bitrix24-oauth-token", "bitrix24-oauth-token", rules.High, "a", true),
		mk("bitrix24-webhook", rules.KindWebhook, rules.Medium, "a", true),
		mk("bitrix24-outbound-token", "bitrix24-outbound-token", rules.High, "a", true),
		mk("bitrix24-webhook", rules.KindWebhook, rules.High, "z-old", false),
		mk("bitrix24-webhook", rules.KindWebhook, rules.High, "z-new", true),
		mk("bitrix24-client-secret", "bitrix24-client-secret", rules.High, "b", true),
	}}
	rep := reporters.NewReport(res, reporters.ReportOptions{})
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Rule.ID+" "+f.Confidence+" "+f.Locations[0].Path)
	}
	want := []string{
		"bitrix24-webhook high z-new", "bitrix24-webhook high z-old", "bitrix24-client-secret high b",
		"bitrix24-outbound-token high a", "bitrix24-oauth-token high a", "bitrix24-webhook medium a",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
