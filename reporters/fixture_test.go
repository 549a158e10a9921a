package reporters_test

import (
	"errors"
	"time"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// The fixture secrets are synthetic: tests look for them in the output to
// check redaction.
const (
	cloudHook   = "q0q0synth0q0q0q0"
	selfHook    = "h0h0synth0h0h0h0"
	appSecret   = "s1s1synthetic1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s1s"
	outbound    = "t0t0synth0t0t0t0synth0t0t0t0t0t0"
	testVersion = "1.2.3-test"
)

var fixtureSecrets = []string{cloudHook, selfHook, appSecret, outbound}

// fixtureRules knows two of the fixture's rules, so the third shows the
// fallback to the bare id.
var fixtureRules = []reporters.RuleInfo{
	{ID: "bitrix24-webhook", Name: "Bitrix24 incoming webhook", Confidence: "high",
		Fix: "Delete the webhook in Bitrix24 (Developer resources > Integrations) and create a new one.\n" +
			"Then remove it from the code; rewriting history does not revoke it."},
	{ID: "bitrix24-oauth-secret", Name: "Bitrix24 OAuth application secret", Confidence: "high",
		Fix: "Regenerate the application secret in the Bitrix24 partner or developer area."},
}

var msk = time.FixedZone("MSK", 3*60*60)

var (
	headCommit = &scanner.Commit{
		Hash: "1a2b3c4d5e6f708192a3b4c5d6e7f80912a3b4c5", Author: "Jane Doe", Email: "jane@example.com",
		Date: time.Date(2024, 5, 1, 12, 30, 0, 0, msk), Message: "add config\n\nWires the CRM webhook.\n",
	}
	oldCommit = &scanner.Commit{
		Hash: "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432", Author: "John Roe", Email: "john@example.com",
		Date: time.Date(2024, 4, 2, 1, 15, 0, 0, msk), Message: "move the CRM config under old/ before the rewrite of the integration layer\n",
	}
	msgCommit = &scanner.Commit{
		Hash: "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f", Author: "Jane Doe", Email: "jane@example.com",
		Date:    time.Date(2024, 5, 3, 18, 0, 0, 0, time.UTC),
		Message: "rotate app secret " + appSecret + "\n\nThe old one leaked.\n",
	}
)

// fixture returns a result with every sort of finding and location.
func fixture() *scanner.Result {
	return &scanner.Result{
		Findings: []scanner.Finding{
			{
				RuleID: "bitrix24-webhook", Kind: rules.KindWebhook, Fingerprint: scanner.LegacyFingerprint("bitrix24-webhook", cloudHook),
				Secret: cloudHook, Confidence: rules.High, Portal: "acme.bitrix24.ru", UserID: "1",
				Rules: []string{"bitrix24-webhook", "bitrix24-webhook-split"},
				Verification: &scanner.Verification{Status: scanner.StatusLive, Detail: "acts as user 1, an administrator; scopes: crm, user",
					CheckedAt: time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC),
					Profile:   &scanner.Profile{UserID: "1", Admin: true}, Scopes: []string{"crm", "user"}},
				Locations: []scanner.Location{
					history("old/app.js", oldCommit, false, 3, 9),
					history("legacy/app.js", oldCommit, false, 3, 9, "refs/heads/legacy", "refs/tags/v0.9"),
					history("config/app.js", headCommit, true, 12, 17),
				},
			},
			{
				RuleID: "bitrix24-oauth-secret", Kind: "bitrix24-client-secret", Fingerprint: scanner.LegacyFingerprint("bitrix24-oauth-secret", appSecret),
				Secret: appSecret, Confidence: rules.Medium, ClientID: "local.0000synth00000.00000000",
				Locations: []scanner.Location{{
					Object:     mustID("5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f"),
					Appearance: scanner.Appearance{Kind: scanner.KindCommitMessage, Commit: msgCommit, AtHead: true},
					Start:      scanner.Position{Line: 1, Column: 19}, End: scanner.Position{Line: 1, Column: 18 + len(appSecret)},
				}},
			},
			{
				RuleID: "bitrix24-webhook", Kind: rules.KindWebhook, Fingerprint: scanner.LegacyFingerprint("bitrix24-webhook", selfHook),
				Secret: selfHook, Confidence: rules.High, Portal: "crm.example.com", UserID: "12",
				Verification: &scanner.Verification{Status: scanner.StatusInvalid, Detail: "INVALID_CREDENTIALS: blocked by Bitrix24, deleted, regenerated or mistyped",
					CheckedAt: time.Date(2024, 6, 1, 8, 0, 1, 0, time.UTC)},
				Locations: []scanner.Location{{
					Appearance: scanner.Appearance{Kind: scanner.KindFile, Path: "deploy/settings.php"},
					Start:      scanner.Position{Line: 4, Column: 31}, End: scanner.Position{Line: 4, Column: 46},
					RuleID: "bitrix24-webhook",
				}, {
					Object:     mustID("00112233445566778899aabbccddeeff00112233"),
					Appearance: scanner.Appearance{Kind: scanner.KindStaged, Path: "deploy/hook.py"},
					Start:      scanner.Position{Line: 2, Column: 8}, End: scanner.Position{Line: 2, Column: 23},
					RuleID: "bitrix24-webhook-split", UserID: "",
				}},
			},
			{
				RuleID: "bitrix24-outbound-token", Kind: "bitrix24-outbound-token", Fingerprint: scanner.LegacyFingerprint("bitrix24-outbound-token", outbound),
				Secret: outbound, Confidence: rules.Low,
				Locations: []scanner.Location{{
					Appearance: scanner.Appearance{Kind: scanner.KindStdin, Path: "-"},
					Start:      scanner.Position{Line: 2, Column: 14}, End: scanner.Position{Line: 2, Column: 45},
				}},
			},
		},
		Stats: scanner.Stats{
			Commits: 5, Tags: 1, Blobs: 14, BlobsScanned: 12, Bytes: 1_258_291,
			Skipped: map[scanner.SkipReason]int{scanner.SkipBinary: 1, scanner.SkipIgnored: 2},
			Errors: []scanner.ScanError{{Op: "read", Path: "docs/locked.txt",
				Err: errors.New("open docs/locked.txt: permission denied")}},
			Durations: map[string]time.Duration{
				"walk+match": 1234 * time.Millisecond, "attribute": 56 * time.Millisecond,
			},
		},
	}
}

func history(path string, c *scanner.Commit, atHead bool, line, col int, refs ...string) scanner.Location {
	return scanner.Location{
		Object:     mustID("0123456789abcdef0123456789abcdef01234567"),
		RuleID:     "bitrix24-webhook",
		Appearance: scanner.Appearance{Kind: scanner.KindHistory, Path: path, Commit: c, AtHead: atHead, Refs: refs},
		Start:      scanner.Position{Line: line, Column: col},
		End:        scanner.Position{Line: line, Column: col + len(cloudHook) - 1},
	}
}

func mustID(s string) scanner.ObjectID {
	id, ok := scanner.ParseObjectID(s)
	if !ok {
		panic("bad object id " + s)
	}
	return id
}
