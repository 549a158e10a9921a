package reporters

import (
	"encoding/json"
	"io"
	"time"
	"unicode/utf8"
)

// jsonReporter writes the report as one indented JSON document. Its field
// names are a contract with the tools that read it.
type jsonReporter struct{}

type jsonReport struct {
	Version  string        `json:"version"`
	Sources  []string      `json:"sources,omitempty"`
	Findings []jsonFinding `json:"findings"`
	Stats    jsonStats     `json:"stats"`
}

type jsonFinding struct {
	RuleID       string            `json:"rule_id"`
	Rules        []string          `json:"rules,omitempty"` // when more than one rule matched
	Fingerprint  string            `json:"fingerprint"`
	Secret       string            `json:"secret"`
	Confidence   string            `json:"confidence"`
	Portal       string            `json:"portal,omitempty"`
	UserID       string            `json:"user_id,omitempty"`
	ClientID     string            `json:"client_id,omitempty"`
	ExpiresAt    string            `json:"expires_at,omitempty"` // an OAuth token's embedded expiry (a hint)
	Expired      *bool             `json:"expired,omitempty"`
	Verification *jsonVerification `json:"verification,omitempty"`
	Locations    []jsonLocation    `json:"locations"`
}

type jsonVerification struct {
	Status    string       `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	CheckedAt string       `json:"checked_at,omitempty"`
	Profile   *jsonProfile `json:"profile,omitempty"`
	Scope     []string     `json:"scope,omitempty"`
}

type jsonProfile struct {
	ID    string `json:"id"`
	Admin bool   `json:"admin"`
}

type jsonLocation struct {
	Source     string   `json:"source,omitempty"`     // a directory argument or stdin, when the report has several sources
	Repository string   `json:"repository,omitempty"` // the repository of a git location, when the report has several
	Kind       string   `json:"kind"`
	Path       string   `json:"path,omitempty"`
	PathBytes  []byte   `json:"path_bytes,omitempty"` // the path's exact bytes, base64, when they are not UTF-8
	Object     string   `json:"object,omitempty"`
	Line       int      `json:"line"`
	Column     int      `json:"column"`
	EndLine    int      `json:"end_line"`
	EndColumn  int      `json:"end_column"`
	Commit     string   `json:"commit,omitempty"`
	Author     string   `json:"author,omitempty"`
	Email      string   `json:"email,omitempty"`
	Date       string   `json:"date,omitempty"`
	Message    string   `json:"message,omitempty"`
	AtHead     *bool    `json:"at_head,omitempty"`
	Refs       []string `json:"refs,omitempty"`
	RuleID     string   `json:"rule_id,omitempty"`
	Portal     string   `json:"portal,omitempty"`
	UserID     string   `json:"user_id,omitempty"`
	ClientID   string   `json:"client_id,omitempty"`
}

type jsonStats struct {
	Commits      int              `json:"commits"`
	Tags         int              `json:"tags"`
	Blobs        int              `json:"blobs"`
	BlobsScanned int              `json:"blobs_scanned"`
	Bytes        int64            `json:"bytes"`
	Suppressed   int              `json:"suppressed"`    // findings, places and matches dropped by suppressions
	SuppressedBy map[string]int   `json:"suppressed_by"` // the same, by mechanism
	Unreachable  int              `json:"unreachable"`   // objects with matches that no ref reaches
	Skipped      map[string]int   `json:"skipped"`
	Errors       []jsonError      `json:"errors"`
	Notices      []string         `json:"notices,omitempty"` // what was not reachable, and why
	DurationsMS  map[string]int64 `json:"durations_ms"`
}

type jsonError struct {
	Source  string `json:"source,omitempty"`
	Object  string `json:"object,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

// Report writes rep as JSON. Findings and locations keep their order; map
// keys are sorted, so the output is deterministic.
func (r *jsonReporter) Report(w io.Writer, rep *Report) error {
	doc := jsonReport{
		Version:  rep.Version,
		Sources:  rep.Scanned,
		Findings: make([]jsonFinding, 0, len(rep.Findings)),
		Stats:    newJSONStats(rep.Stats),
	}
	for _, f := range rep.Findings {
		doc.Findings = append(doc.Findings, newJSONFinding(f))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func newJSONFinding(f Finding) jsonFinding {
	out := jsonFinding{
		RuleID: f.Rule.ID, Fingerprint: f.Fingerprint, Secret: f.Secret, Confidence: f.Confidence,
		Portal: f.Portal, UserID: f.UserID, ClientID: f.ClientID,
		Locations: make([]jsonLocation, 0, len(f.Locations)),
	}
	if len(f.Rules) > 1 {
		out.Rules = f.Rules
	}
	if !f.Expires.IsZero() {
		expired := f.Expired
		out.ExpiresAt, out.Expired = jsonTime(f.Expires), &expired
	}
	if v := f.Verification; v != nil {
		out.Verification = &jsonVerification{Status: v.Status, Detail: v.Detail, CheckedAt: jsonTime(v.CheckedAt), Scope: v.Scopes}
		if p := v.Profile; p != nil {
			out.Verification.Profile = &jsonProfile{ID: p.UserID, Admin: p.Admin}
		}
	}
	for _, l := range f.Locations {
		out.Locations = append(out.Locations, newJSONLocation(l))
	}
	return out
}

func newJSONLocation(l Location) jsonLocation {
	out := jsonLocation{
		Source: l.Source, Kind: l.Kind.String(), Path: l.Path, Object: l.Object,
		PathBytes: nonUTF8(l.Path),
		Line:      l.Line, Column: l.Column, EndLine: l.EndLine, EndColumn: l.EndColumn,
		AtHead: l.AtHead, Refs: l.Refs,
		RuleID: l.RuleID, Portal: l.Portal, UserID: l.UserID, ClientID: l.ClientID,
	}
	if c := l.Commit; c != nil {
		out.Commit, out.Author, out.Email, out.Message = c.Hash, c.Author, c.Email, c.Message
		out.Date = jsonTime(c.Date)
	}
	if l.Kind.InGit() {
		out.Repository, out.Source = out.Source, ""
	}
	return out
}

// nonUTF8 returns the bytes of a path JSON cannot carry exactly (it would
// replace invalid UTF-8 with U+FFFD), or nil.
func nonUTF8(s string) []byte {
	if utf8.ValidString(s) {
		return nil
	}
	return []byte(s)
}

func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func newJSONStats(s Stats) jsonStats {
	out := jsonStats{
		Commits: s.Commits, Tags: s.Tags, Blobs: s.Blobs, BlobsScanned: s.BlobsScanned, Bytes: s.Bytes,
		Suppressed: s.Suppressed, SuppressedBy: map[string]int{}, Unreachable: s.Unreachable,
		Skipped: map[string]int{}, Errors: []jsonError{}, DurationsMS: map[string]int64{}, Notices: s.Notices,
	}
	for reason, n := range s.Skipped {
		out.Skipped[string(reason)] = n
	}
	for by, n := range s.SuppressedBy {
		out.SuppressedBy[by] = n
	}
	for _, e := range s.ErrorList {
		out.Errors = append(out.Errors, jsonError{Source: e.Source, Object: e.Object, Path: e.Path, Message: e.Message})
	}
	for stage, d := range s.Durations {
		out.DurationsMS[stage] = d.Milliseconds()
	}
	return out
}
