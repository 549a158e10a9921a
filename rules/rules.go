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
	Span       Span   // whole match, in the original (undecoded) input
	SecretSpan Span   // the secret, in the original input; inside Span
	Secret     string // the secret as decoded (what the fingerprint is made from)
	Confidence Confidence
	Portal     string // webhooks: the portal host, when known
	UserID     string // webhooks: the user id, when known
	ClientID   string // OAuth secrets: the client_id seen nearby, when known
}
