package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/b24leaks/b24leaks/rules"
)

// Secret is a credential value. Its String form is redacted, so a Secret
// printed by accident (logs, %v) does not leak; Reveal returns it whole.
type Secret string

// Reveal returns the secret in full.
func (s Secret) Reveal() string { return string(s) }

// String returns the redacted form (see Redact).
func (s Secret) String() string { return Redact(string(s)) }

// Redact keeps the first characters of v — 4, or a quarter of a value
// shorter than 16 (a password), so little of a short secret shows — and
// masks the rest with '*', keeping the length so the reader can tell
// which credential it is.
func Redact(v string) string {
	r := []rune(v)
	keep := min(4, len(r)/4)
	return string(r[:keep]) + strings.Repeat("*", len(r)-keep)
}

// Fingerprint identifies a credential, so it stays the same when the
// secret moves between files, lines, commits and repositories, and reveals
// nothing about it.
type Fingerprint string

// FingerprintOf returns the fingerprint of a credential: the first 16
// bytes of sha256("b24leaks/v1\x00" + kind + "\x00" + secret), in hex, with
// "\x00" + portal + "\x00" + user appended before hashing for webhooks,
// whose identity includes them. Fingerprints of the other kinds are the
// same as before webhooks had portals in theirs.
func FingerprintOf(id rules.Identity) Fingerprint {
	key := id.Kind + "\x00" + id.Secret
	if id.Kind == rules.KindWebhook {
		key += "\x00" + id.Portal + "\x00" + id.UserID
	}
	return hashPrint(key)
}

// LegacyFingerprint is the fingerprint b24leaks gave a match of ruleID
// before credentials had identities (rule and secret only). Ignore files
// that hold such entries keep working; see Ignore.
func LegacyFingerprint(ruleID, secret string) Fingerprint {
	return hashPrint(ruleID + "\x00" + secret)
}

func hashPrint(key string) Fingerprint {
	sum := sha256.Sum256([]byte("b24leaks/v1\x00" + key))
	return Fingerprint(hex.EncodeToString(sum[:16]))
}

// Position is a 1-based line and column (columns count bytes).
type Position struct{ Line, Column int }

// Location is one place a finding's secret occurs.
type Location struct {
	Source     string   // name of the source (repository path, directory argument, "-"); see Result.Sources
	Object     ObjectID // the blob (or commit/tag) holding the secret; zero for files and stdin
	Appearance Appearance
	Start, End Position // End is inclusive: the last byte of the secret
	// What the match at this place said; they may differ from the
	// finding's (a split form that does not name the portal, another rule).
	RuleID, Portal, UserID, ClientID string
}

// Finding is one credential with every place it occurs.
type Finding struct {
	RuleID string   // the rule of its strongest match
	Rules  []string // every rule that matched it, sorted
	Kind   string   // the credential kind (rules.Match.Kind)
	// Aliases are the fingerprints of the less complete identities this
	// finding took in (a split form without the portal): an ignore entry
	// or baseline line written from a scan that saw only that form still
	// suppresses it.
	Aliases     []Fingerprint
	Fingerprint Fingerprint
	Secret      Secret
	Confidence  rules.Confidence
	Portal      string     // webhooks: portal host, lowercased
	UserID      string     // webhooks: user id
	ClientID    string     // OAuth: client_id seen with the secret
	Locations   []Location // first-introduced first
	// Verification is set by a verification stage; nil when not checked.
	Verification *Verification
}

// VerificationStatus is the outcome of checking a credential against
// Bitrix24.
type VerificationStatus string

const (
	StatusLive         VerificationStatus = "live"         // the credential works: rotate it now
	StatusInvalid      VerificationStatus = "invalid"      // blocked, deleted, regenerated or expired
	StatusInconclusive VerificationStatus = "inconclusive" // the check could not tell (limits, network)
	StatusUnchecked    VerificationStatus = "unchecked"    // not checked; Detail says why
)

// Verification is what checking a credential found.
type Verification struct {
	Status    VerificationStatus
	Detail    string // the Bitrix24 error code or HTTP status, in words
	CheckedAt time.Time
	// For a live webhook: its owner (profile) and the scopes it grants
	// (scope); nil and empty when not known.
	Profile *Profile
	Scopes  []string
}

// Profile is the user a live credential acts as.
type Profile struct {
	UserID string
	Admin  bool
}
