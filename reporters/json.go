package reporters

import (
	"encoding/json"
	"io"
	"time"

	"github.com/b24leaks/b24leaks/scanner"
)

// jsonReporter writes the result as one indented JSON document. Its field
// names are a contract with the tools that read it.
type jsonReporter struct{ opts Options }

type jsonReport struct {
	Version  string        `json:"version"`
	Findings []jsonFinding `json:"findings"`
	Stats    jsonStats     `json:"stats"`
}

type jsonFinding struct {
	RuleID      string         `json:"rule_id"`
	Fingerprint string         `json:"fingerprint"`
	Secret      string         `json:"secret"`
	Confidence  string         `json:"confidence"`
	Portal      string         `json:"portal,omitempty"`
	UserID      string         `json:"user_id,omitempty"`
	ClientID    string         `json:"client_id,omitempty"`
	Locations   []jsonLocation `json:"locations"`
}

type jsonLocation struct {
	Path      string `json:"path"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Commit    string `json:"commit,omitempty"`
	Author    string `json:"author,omitempty"`
	Email     string `json:"email,omitempty"`
	Date      string `json:"date,omitempty"`
	Message   string `json:"message,omitempty"`
	AtHead    *bool  `json:"at_head,omitempty"`
	Kind      string `json:"kind"`
}

type jsonStats struct {
	Commits      int              `json:"commits"`
	Tags         int              `json:"tags"`
	Blobs        int              `json:"blobs"`
	BlobsScanned int              `json:"blobs_scanned"`
	Bytes        int64            `json:"bytes"`
	Suppressed   int              `json:"suppressed"`  // findings dropped by the ignore file
	Unreachable  int              `json:"unreachable"` // objects with matches that no ref reaches
	Skipped      map[string]int   `json:"skipped"`
	Errors       []string         `json:"errors"`
	DurationsMS  map[string]int64 `json:"durations_ms"`
}

// Report writes res as JSON. Findings and locations keep their order; map
// keys are sorted, so the output is deterministic.
func (r *jsonReporter) Report(w io.Writer, res *scanner.Result) error {
	mask := r.opts.masker(res)
	doc := jsonReport{
		Version:  r.opts.Version,
		Findings: make([]jsonFinding, 0, len(res.Findings)),
		Stats:    newJSONStats(res.Stats, mask),
	}
	for _, f := range res.Findings {
		doc.Findings = append(doc.Findings, r.finding(f, mask))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func (r *jsonReporter) finding(f scanner.Finding, mask func(string) string) jsonFinding {
	out := jsonFinding{
		RuleID:      f.RuleID,
		Fingerprint: string(f.Fingerprint),
		Secret:      r.opts.secret(f.Secret),
		Confidence:  f.Confidence.String(),
		Portal:      f.Portal,
		UserID:      f.UserID,
		ClientID:    f.ClientID,
		Locations:   make([]jsonLocation, 0, len(f.Locations)),
	}
	for _, l := range f.Locations {
		out.Locations = append(out.Locations, newJSONLocation(l, mask))
	}
	return out
}

func newJSONLocation(l scanner.Location, mask func(string) string) jsonLocation {
	a := l.Appearance
	out := jsonLocation{
		Path:      mask(a.Path),
		Line:      l.Start.Line,
		Column:    l.Start.Column,
		EndLine:   l.End.Line,
		EndColumn: l.End.Column,
		Kind:      kindName(a.Kind),
	}
	if c := a.Commit; c != nil {
		out.Commit = c.Hash
		out.Author = mask(c.Author)
		out.Email = mask(c.Email)
		out.Message = mask(c.Message)
		if !c.Date.IsZero() {
			out.Date = c.Date.UTC().Format(time.RFC3339)
		}
	}
	if hasAtHead(a.Kind) {
		atHead := a.AtHead
		out.AtHead = &atHead
	}
	return out
}

func newJSONStats(s scanner.Stats, mask func(string) string) jsonStats {
	out := jsonStats{
		Commits:      s.Commits,
		Tags:         s.Tags,
		Blobs:        s.Blobs,
		BlobsScanned: s.BlobsScanned,
		Bytes:        s.Bytes,
		Suppressed:   s.Suppressed,
		Unreachable:  s.Unreachable,
		Skipped:      map[string]int{},
		Errors:       []string{},
		DurationsMS:  map[string]int64{},
	}
	for reason, n := range s.Skipped {
		out.Skipped[string(reason)] = n
	}
	for _, e := range s.Errors {
		out.Errors = append(out.Errors, mask(e))
	}
	for stage, d := range s.Durations {
		out.DurationsMS[stage] = d.Milliseconds()
	}
	return out
}
