package scanner

import "github.com/b24leaks/b24leaks/rules"

// Filters decide what a scan reports, at the three points where what they
// need is known. Each is optional; a nil Filters reports everything.
type Filters struct {
	// Match sees every match with the line that holds it, as soon as it is
	// found (inline allow comments, regexes on the secret or the line). It
	// runs in the match workers, so it must be safe for concurrent use.
	// Returning false drops the match; Stats.Allowed counts them.
	Match func(MatchContext) bool
	// Finding sees each credential (identity, fingerprint, rules) before
	// its contents are attributed, so what it drops costs no provenance
	// walk (ignore files by fingerprint). Locations are not filled in yet.
	Finding func(*Finding) bool
	// Location sees each place after attribution (path allowlists,
	// baselines). Returning false drops the location; a finding left with
	// none is dropped. Stats.Suppressed counts findings either dropped.
	Location func(*Finding, *Location) bool
}

// MatchContext is what Filters.Match sees of one match.
type MatchContext struct {
	Match rules.Match // spans are offsets in the content
	Start Position    // of the secret
	// Line is the line holding the secret, without its line break, cut at
	// 4 KiB on each side of the secret. It is valid only during the call.
	Line []byte
	Kind Kind   // of the content
	Path string // of the content, when the source names it before the scan (not for history)
}
