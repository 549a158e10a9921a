package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/b24leaks/b24leaks/rules"
)

// Secret is a credential value. Its String form is redacted, so a Secret
// printed by accident (logs, %v) does not leak; Reveal returns it whole.
type Secret string

// Reveal returns the secret in full.
func (s Secret) Reveal() string { return string(s) }

// String returns the redacted form: the first 4 characters, the rest masked.
func (s Secret) String() string { return Redact(string(s)) }

// Redact keeps the first 4 characters of v and masks the rest with '*',
// keeping the length so the reader can tell which credential it is.
func Redact(v string) string {
	const keep = 4
	if len(v) <= keep {
		return strings.Repeat("*", len(v))
	}
	return v[:keep] + strings.Repeat("*", len(v)-keep)
}

// Fingerprint identifies a credential by rule and secret only, so it stays
// the same when the secret moves between files, lines or commits.
type Fingerprint string

// FingerprintOf returns the fingerprint of secret under ruleID: the first
// 16 bytes of sha256("b24leaks/v1\x00" + ruleID + "\x00" + secret), in hex.
func FingerprintOf(ruleID, secret string) Fingerprint {
	sum := sha256.Sum256([]byte("b24leaks/v1\x00" + ruleID + "\x00" + secret))
	return Fingerprint(hex.EncodeToString(sum[:16]))
}

// Position is a 1-based line and column (columns count bytes).
type Position struct{ Line, Column int }

// Location is one place a finding's secret occurs.
type Location struct {
	Object     ObjectID // the blob (or commit/tag) holding the secret; zero for files and stdin
	Appearance Appearance
	Start, End Position // End is inclusive: the last byte of the secret
}

// Finding is one credential with every place it occurs.
type Finding struct {
	RuleID      string
	Fingerprint Fingerprint
	Secret      Secret
	Confidence  rules.Confidence
	Portal      string     // webhooks: portal host
	UserID      string     // webhooks: user id
	ClientID    string     // OAuth: client_id seen with the secret
	Locations   []Location // first-introduced first
}
