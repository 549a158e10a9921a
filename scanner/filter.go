package scanner

import "github.com/b24leaks/b24leaks/rules"

// Filters decide what a scan reports, at the three points where what they
// need is known. Each is optional. Each returns "" to keep what it is
// shown, or the name of the mechanism that suppresses it ("ignore file",
// "inline allow", "baseline", "config"), which Stats.SuppressedBy counts
// and Result.Suppressed lists.
type Filters struct {
	// Match sees every match with the line that holds it, as soon as it is
	// found (inline allow comments, regexes on the secret or the line). It
	// runs in the match workers, so it must be safe for concurrent use.
	Match func(MatchContext) string
	// Finding sees each credential (identity, fingerprint, rules) before
	// its contents are attributed, so what it drops costs no provenance
	// walk (ignore files and baselines by fingerprint). Locations are not
	// filled in yet.
	Finding func(*Finding) string
	// Location sees each place after attribution (path allowlists, ignore
	// entries for one path). A finding left with no location is dropped.
	Location func(*Finding, *Location) string
}

// MatchContext is what Filters.Match sees of one match.
type MatchContext struct {
	Match rules.Match // spans are offsets in the content
	Start Position    // of the secret
	// Line is the line holding the secret, without its line break, cut at
	// 2 KiB on each side of the secret. It is valid only during the call.
	Line []byte
	Kind Kind   // of the content
	Path string // of the content, when the source names it before the scan (not for history)
}

// Suppressed is a finding, or one place of it, that a filter dropped.
type Suppressed struct {
	By          string // the mechanism
	RuleID      string
	Fingerprint Fingerprint
	Path        string // the place, when one place was dropped and its path is known
	Line        int
	secret      Secret // for Result.Secrets: a suppressed secret may still stand in free text
}
