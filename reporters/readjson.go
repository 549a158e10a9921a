package reporters

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// ReadJSON reads a report written by -f json back into a scan result, so
// reports of separate runs can be merged (scanner.Merge) and written in
// any format. Secrets are as the report holds them: redacted unless it
// was written with --no-redact.
func ReadJSON(r io.Reader) (*scanner.Result, error) {
	var doc jsonReport
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("not a b24leaks JSON report: %w", err)
	}
	res := &scanner.Result{Sources: doc.Sources, Stats: readJSONStats(doc.Stats)}
	for i := range res.Stats.Errors {
		if res.Stats.Errors[i].Source == "" && len(doc.Sources) == 1 {
			res.Stats.Errors[i].Source = doc.Sources[0]
		}
	}
	for i, jf := range doc.Findings {
		f, err := readJSONFinding(jf, doc.Sources)
		if err != nil {
			return nil, fmt.Errorf("finding %d: %w", i+1, err)
		}
		res.Findings = append(res.Findings, f)
		res.Stats.History = res.Stats.History || f.Locations[0].Appearance.Kind.InGit()
	}
	return res, nil
}

func readJSONFinding(jf jsonFinding, sources []string) (scanner.Finding, error) {
	conf, err := rules.ParseConfidence(jf.Confidence)
	if err != nil {
		return scanner.Finding{}, err
	}
	if jf.Fingerprint == "" || len(jf.Locations) == 0 {
		return scanner.Finding{}, errors.New("no fingerprint or no locations")
	}
	f := scanner.Finding{
		RuleID: jf.RuleID, Rules: jf.Rules, Fingerprint: scanner.Fingerprint(jf.Fingerprint), Secret: scanner.Secret(jf.Secret),
		Confidence: conf, Portal: jf.Portal, UserID: jf.UserID, ClientID: jf.ClientID,
	}
	if len(f.Rules) == 0 {
		f.Rules = []string{jf.RuleID}
	}
	f.Kind = jf.RuleID // the kind a report does not carry: its rule's
	if r, ok := rules.Default().Rule(jf.RuleID); ok && r.Kind != "" {
		f.Kind = r.Kind
	}
	if v := jf.Verification; v != nil {
		f.Verification = &scanner.Verification{Status: scanner.VerificationStatus(v.Status), Detail: v.Detail,
			CheckedAt: readTime(v.CheckedAt), Scopes: v.Scope}
		if v.Profile != nil {
			f.Verification.Profile = &scanner.Profile{UserID: v.Profile.ID, Admin: v.Profile.Admin}
		}
	}
	for _, jl := range jf.Locations {
		l, err := readJSONLocation(jl, sources)
		if err != nil {
			return scanner.Finding{}, err
		}
		f.Locations = append(f.Locations, l)
	}
	return f, nil
}

func readJSONLocation(jl jsonLocation, sources []string) (scanner.Location, error) {
	kind, ok := scanner.ParseKind(jl.Kind)
	if !ok {
		return scanner.Location{}, fmt.Errorf("unknown location kind %q", jl.Kind)
	}
	l := scanner.Location{
		Source: cmp.Or(jl.Repository, jl.Source),
		Start:  scanner.Position{Line: jl.Line, Column: jl.Column}, End: scanner.Position{Line: jl.EndLine, Column: jl.EndColumn},
		RuleID: jl.RuleID, Portal: jl.Portal, UserID: jl.UserID, ClientID: jl.ClientID,
		Appearance: scanner.Appearance{Kind: kind, Path: jl.Path, Refs: jl.Refs},
	}
	if jl.PathBytes != nil {
		l.Appearance.Path = string(jl.PathBytes)
	}
	if l.Source == "" && len(sources) == 1 {
		l.Source = sources[0]
	}
	if id, ok := scanner.ParseObjectID(jl.Object); ok {
		l.Object = id
	}
	if jl.Commit != "" {
		l.Appearance.Commit = &scanner.Commit{Hash: jl.Commit, Author: jl.Author, Email: jl.Email, Message: jl.Message, Date: readTime(jl.Date)}
	}
	if jl.AtHead != nil {
		l.Appearance.AtHead = *jl.AtHead
	}
	return l, nil
}

func readJSONStats(js jsonStats) scanner.Stats {
	s := scanner.Stats{
		Commits: js.Commits, Tags: js.Tags, Blobs: js.Blobs, BlobsScanned: js.BlobsScanned, Bytes: js.Bytes,
		Suppressed: js.Suppressed, SuppressedBy: js.SuppressedBy, Unreachable: js.Unreachable,
		Skipped: map[scanner.SkipReason]int{}, Notices: js.Notices, Durations: map[string]time.Duration{},
	}
	for reason, n := range js.Skipped {
		s.Skipped[scanner.SkipReason(reason)] = n
	}
	for _, e := range js.Errors {
		se := scanner.ScanError{Source: e.Source, Path: e.Path, Err: errors.New(e.Message)}
		if id, ok := scanner.ParseObjectID(e.Object); ok {
			se.Object = id
		}
		s.Errors = append(s.Errors, se)
	}
	for stage, ms := range js.DurationsMS {
		s.Durations[stage] = time.Duration(ms) * time.Millisecond
	}
	return s
}

func readTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
