// Package rules knows what Bitrix24 credentials look like.
//
// It holds the rule table (builtin*.go), the decoders that let a rule see a
// credential through JSON, percent, HTML and base64 encoding (view.go,
// base64.go), and the filters that tell a real secret from a placeholder or a
// vendor sample (filter.go, hosts.go, samples.go, words.go). Set.Find is the
// single entry point: the scanner and the tests call the same function.
//
// Find works in six steps, each cheap enough that the next one runs rarely:
//
//  1. prefilter (gate.go): every secret here contains a run of at least 16
//     ASCII letters and digits, so one pass probes every 16th byte and
//     yields the long runs. Text without them costs nothing more and
//     allocates nothing.
//  2. windows (find.go): each run is classified by its tail (16 or 32
//     lowercase alnum, 70 or 32 hex, 50 alnum, base64 carrying "/rest/",
//     part of a vibe_ key) and a small window around it is checked for a
//     cheap anchor: "rest" before a webhook code, a key word (any case)
//     near a token.
//  3. decode (view.go, base64.go): an encoded window (JSON \/ and \uXXXX,
//     %XX, HTML entities, base64) is decoded, at most two levels deep and
//     never larger than its input, into a view that maps every byte back to
//     the input, so spans are always reported in input coordinates.
//  4. match: keyed rules run their regexes on the window only, and a match
//     counts only if its secret lies exactly on the triggering run.
//     Webhook URLs are parsed by url.go, which implements the URL rules'
//     regexes (their specification) without regexp's cost; newSet's
//     example check, the tests and FuzzURLParser hold the two equal.
//  5. validate (webhook.go, keyed.go, split.go, assess.go): what a regex
//     can't say: cloud zone or not, a split form's partner URL nearby, a
//     client_id, an OAuth token's embedded expiry.
//  6. filter (filter.go, hosts.go): placeholders, vendor samples, example
//     hosts, truncated or masked values, low-variety and dictionary-made
//     values are dropped; nearby context (context.go) sets the Confidence.
//
// Every lookup is bounded by MaxContext bytes around the secret, so the
// scanner may call Find on overlapping chunks and get the same matches.
package rules

// Confidence grades how sure a rule is that a match is a live credential.
type Confidence uint8

const (
	Low Confidence = iota + 1
	Medium
	High
)

func (c Confidence) String() string {
	switch c {
	case Low:
		return "low"
	case Medium:
		return "medium"
	case High:
		return "high"
	}
	return "unknown"
}

// Span is a half-open byte range [Start, End) in the scanned input.
type Span struct{ Start, End int }

// Match is one credential found by Find.
type Match struct {
	RuleID     string
	Kind       string // the rule's credential kind (Rule.Kind)
	Span       Span   // whole match, in the original (undecoded) input
	SecretSpan Span   // the secret, in the original input; inside Span
	Secret     string // the secret as decoded (what the fingerprint is made from)
	Confidence Confidence
	Portal     string // webhooks: the portal host, when known
	UserID     string // webhooks: the user id, when known
	ClientID   string // OAuth secrets: the client_id seen nearby, when known
}

// KindWebhook is the credential kind of every inbound webhook rule: a
// webhook is the same credential whether found as a URL or in parts.
const KindWebhook = "webhook"

// Identity says which credential a match is: two matches with equal
// identities are one credential. A webhook is its portal, user and code
// (one code on two portals is two credentials); every other kind is its
// secret alone. Portal and UserID are empty when the match does not tell
// them, and always empty for kinds other than webhooks.
type Identity struct {
	Kind, Portal, UserID, Secret string
}

// Identity returns the credential m is.
func (m Match) Identity() Identity {
	id := Identity{Kind: m.Kind, Secret: m.Secret}
	if id.Kind == "" {
		id.Kind = m.RuleID
	}
	if id.Kind == KindWebhook {
		id.Portal = portalName(m.Portal)
		id.UserID = m.UserID
	}
	return id
}

// Complete reports whether the identity lacks nothing its kind can have.
func (id Identity) Complete() bool {
	return id.Kind != KindWebhook || id.Portal != "" && id.UserID != ""
}

// Covers reports whether id names the same credential as other with at
// least as much known: equal kind and secret, and every field other knows
// equal in id.
func (id Identity) Covers(other Identity) bool {
	return id.Kind == other.Kind && id.Secret == other.Secret &&
		(other.Portal == "" || other.Portal == id.Portal) &&
		(other.UserID == "" || other.UserID == id.UserID)
}
