package reporters

import (
	"encoding/base64"
	"github.com/b24leaks/b24leaks/rules"
	"sort"
	"strings"
	"time"

	"github.com/b24leaks/b24leaks/scanner"
)

// Report is what every reporter receives. NewReport builds it from a scan
// result and redacts it once: with redaction on, no field holds a secret
// in full, so a reporter cannot leak one by forgetting to mask it.
type Report struct {
	Version  string
	Rules    []RuleInfo // the whole rule table, for formats that list it (SARIF)
	Findings []Finding
	// Sources names the scanned sources when there are several; each
	// location then says which it is in. Empty for one source.
	Sources []string
	// Scanned names every source the scan read, even just one (JSON lists
	// them, so that reports merged later still say where each was found).
	Scanned []string
	Stats   Stats
}

// RuleInfo describes a rule for reports.
type RuleInfo struct {
	ID, Name, Description, Fix string
	Confidence                 string // of a match with nothing for or against it
}

// Finding is one credential as reported.
type Finding struct {
	Rule         RuleInfo // of its strongest match; only the ID when the rule is unknown
	Rules        []string // every rule that matched it
	Kind         string   // the credential kind (rules.Match.Kind): "webhook", or the rule id
	Fingerprint  string
	Secret       string // redacted unless redaction is off
	Confidence   string
	Portal       string
	UserID       string
	ClientID     string
	Locations    []Location
	Verification *Verification
	// Expires is the expiry an OAuth token embeds (rules.TokenExpiry), a
	// hint shown beside it; zero for other kinds. Expired compares it with
	// ReportOptions.Now.
	Expires time.Time
	Expired bool
}

// Location is one place a finding's secret occurs. Fields that do not
// apply are empty.
type Location struct {
	Source    string       // the source's name, when the report has several
	Kind      scanner.Kind // file, history, commit-message, tag-message, stdin, staged
	Path      string       // empty for messages and for history not attributed
	Object    string       // the blob, commit or tag id (history and staged)
	Line      int
	Column    int
	EndLine   int
	EndColumn int
	Commit    *Commit  // history and messages
	AtHead    *bool    // history and commit messages
	Refs      []string // history: other refs whose tip holds it
	RuleID    string   // where it differs from the finding's
	Portal    string   // where it differs from the finding's
	UserID    string   // where it differs from the finding's
	ClientID  string   // where it differs from the finding's
}

// Commit is the commit or tag of a location.
type Commit struct {
	Hash, Author, Email, Message string
	Date                         time.Time
}

// Verification is the outcome of checking a finding against Bitrix24.
type Verification struct {
	Status    string // live, invalid, inconclusive, unchecked
	Detail    string
	CheckedAt time.Time
	Profile   *Profile // a live credential's owner
	Scopes    []string // a live webhook's scopes
}

// Profile is the user a live credential acts as.
type Profile struct {
	UserID string
	Admin  bool
}

// Stats are the scan's counters, with errors as text.
type Stats struct {
	scanner.Stats
	ErrorList []Error // Stats.Errors, redacted
}

// Error is one thing the scan could not read.
type Error struct {
	Source, Object, Path, Message string
	Op                            string // what failed: read, walk, attribute
}

// ReportOptions say how NewReport prepares a result.
type ReportOptions struct {
	Redact  bool       // mask every secret: first 4 characters, then '*'
	Rules   []RuleInfo // the rule table; findings of unknown rules show the id alone
	Version string     // tool version
	Now     time.Time  // what "expired" is measured against; zero means the time of the call
}

// NewReport prepares res for the reporters: secrets redacted (in free
// text too: paths, messages, authors, errors), rule details attached,
// and per-location fields kept only where they add something.
func NewReport(res *scanner.Result, opts ReportOptions) *Report {
	mask := masker(res, opts.Redact)
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	rep := &Report{Version: opts.Version, Rules: opts.Rules, Findings: make([]Finding, 0, len(res.Findings))}
	if distinct(res.Sources) > 1 {
		rep.Sources = res.Sources
	}
	for _, name := range res.Sources {
		if name != "" {
			rep.Scanned = append(rep.Scanned, mask(name))
		}
	}
	infos := map[string]RuleInfo{}
	for _, r := range opts.Rules {
		infos[r.ID] = r
	}
	for _, f := range res.Findings {
		rep.Findings = append(rep.Findings, newFinding(f, infos, rep.Sources != nil, opts.Redact, mask, now))
	}
	sortBySeverity(rep.Findings)
	rep.Stats = newStats(res.Stats, rep.Sources != nil, mask)
	return rep
}

func newFinding(f scanner.Finding, infos map[string]RuleInfo, sources, redact bool, mask func(string) string, now time.Time) Finding {
	info, ok := infos[f.RuleID]
	if !ok {
		info = RuleInfo{ID: f.RuleID}
	}
	secret := f.Secret.Reveal()
	if redact {
		secret = f.Secret.String()
	}
	out := Finding{
		Rule: info, Rules: f.Rules, Kind: f.Kind, Fingerprint: string(f.Fingerprint), Secret: secret,
		Confidence: f.Confidence.String(), Portal: mask(f.Portal), UserID: f.UserID, ClientID: mask(f.ClientID),
		Locations: make([]Location, 0, len(f.Locations)),
	}
	if rules.EmbedsExpiry(f.Kind) {
		out.Expires, _ = rules.TokenExpiry(f.Secret.Reveal())
		out.Expired = !out.Expires.IsZero() && out.Expires.Before(now)
	}
	if v := f.Verification; v != nil {
		out.Verification = &Verification{Status: string(v.Status), Detail: mask(v.Detail), CheckedAt: v.CheckedAt, Scopes: v.Scopes}
		if p := v.Profile; p != nil {
			out.Verification.Profile = &Profile{UserID: p.UserID, Admin: p.Admin}
		}
	}
	for _, l := range f.Locations {
		out.Locations = append(out.Locations, newLocation(l, f, sources, mask))
	}
	return out
}

func newLocation(l scanner.Location, f scanner.Finding, sources bool, mask func(string) string) Location {
	a := l.Appearance
	out := Location{
		Kind: a.Kind, Path: mask(a.Path),
		Line: l.Start.Line, Column: l.Start.Column, EndLine: l.End.Line, EndColumn: l.End.Column,
		Refs:     a.Refs,
		RuleID:   differs(l.RuleID, f.RuleID),
		Portal:   mask(differs(strings.ToLower(l.Portal), f.Portal)),
		UserID:   differs(l.UserID, f.UserID),
		ClientID: mask(differs(l.ClientID, f.ClientID)),
	}
	if sources {
		out.Source = mask(l.Source)
	}
	if !l.Object.IsZero() {
		out.Object = l.Object.String()
	}
	if c := a.Commit; c != nil {
		out.Commit = &Commit{Hash: c.Hash, Author: mask(c.Author), Email: mask(c.Email), Message: mask(c.Message), Date: c.Date}
	}
	if (a.Kind == scanner.KindHistory || a.Kind == scanner.KindCommitMessage) && a.Placed() {
		atHead := a.AtHead
		out.AtHead = &atHead
	}
	return out
}

// differs returns v when it is known and not the finding's own value.
func differs(v, finding string) string {
	if v == finding {
		return ""
	}
	return v
}

func newStats(s scanner.Stats, sources bool, mask func(string) string) Stats {
	out := Stats{Stats: s, ErrorList: make([]Error, 0, len(s.Errors))}
	out.Stats.Errors = nil
	out.Notices = make([]string, len(s.Notices))
	for i, n := range s.Notices {
		out.Notices[i] = mask(n)
	}
	for _, e := range s.Errors {
		re := Error{Path: mask(e.Path), Message: mask(e.Error()), Op: e.Op}
		if sources {
			re.Source = mask(e.Source)
		}
		if !e.Object.IsZero() {
			re.Object = e.Object.String()
		}
		out.ErrorList = append(out.ErrorList, re)
	}
	return out
}

func distinct(names []string) int {
	seen := map[string]bool{}
	for _, n := range names {
		seen[n] = true
	}
	return len(seen)
}

// masker returns a function that masks every secret of res in free text,
// or the identity when redaction is off.
func masker(res *scanner.Result, redact bool) func(string) string {
	if !redact {
		return func(s string) string { return s }
	}
	type pair struct{ from, to string }
	var pairs []pair
	seen := map[string]bool{}
	for _, sec := range res.Secrets() {
		s := sec.Reveal()
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		pairs = append(pairs, pair{s, scanner.Redact(s)})
		for _, enc := range base64Forms(s) {
			pairs = append(pairs, pair{enc, strings.Repeat("*", len(enc))})
		}
	}
	// Longest first, so a secret containing another is masked whole.
	sort.SliceStable(pairs, func(i, j int) bool { return len(pairs[i].from) > len(pairs[j].from) })
	flat := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		flat = append(flat, p.from, p.to)
	}
	return strings.NewReplacer(flat...).Replace
}

// base64Forms returns what a secret looks like inside base64 text (a
// webhook URL pasted base64-encoded into a commit message): for each of
// the three alignments and both alphabets, the run of base64 characters
// that only the secret's bytes determine.
func base64Forms(secret string) []string {
	var out []string
	for k := range 3 {
		enc := []string{
			base64.StdEncoding.EncodeToString(append(make([]byte, k), secret...)),
			base64.URLEncoding.EncodeToString(append(make([]byte, k), secret...)),
		}
		first := (8*k + 5) / 6              // first character whose bits are all the secret's
		last := (8*(k+len(secret)) - 6) / 6 // last such character
		for _, e := range enc {
			if last >= first && last < len(e) && last-first+1 >= 8 {
				out = append(out, e[first:last+1])
			}
		}
	}
	return out
}
