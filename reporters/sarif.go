package reporters

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/b24leaks/b24leaks/scanner"
)

// sarifReporter writes SARIF 2.1.0 as GitHub code scanning ingests it:
// the rule table as the driver's rules, one result per finding and path
// (its first location there; the others are in the result's properties),
// partialFingerprints from the finding's fingerprint and the path.
type sarifReporter struct{}

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifLevel     `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties"`
}

type sarifLevel struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// Report writes rep as one SARIF run.
func (sarifReporter) Report(w io.Writer, rep *Report) error {
	rules, index := sarifRules(rep)
	run := sarifRun{
		Tool:    sarifTool{Driver: sarifDriver{Name: "b24leaks", Version: rep.Version, InformationURI: projectURL, Rules: rules}},
		Results: []sarifResult{},
	}
	for _, f := range rep.Findings {
		run.Results = append(run.Results, sarifResults(f, index[f.Rule.ID])...)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(sarifLog{Schema: sarifSchema, Version: "2.1.0", Runs: []sarifRun{run}})
}

// projectURL is where the rules' help links.
const projectURL = "https://github.com/b24leaks/b24leaks"

// sarifRules lists the rule table, plus any rule a finding names that the
// table lacks, and indexes them by id.
func sarifRules(rep *Report) ([]sarifRule, map[string]int) {
	infos := append([]RuleInfo(nil), rep.Rules...)
	known := map[string]bool{}
	for _, r := range infos {
		known[r.ID] = true
	}
	for _, f := range rep.Findings {
		if !known[f.Rule.ID] {
			known[f.Rule.ID] = true
			infos = append(infos, f.Rule)
		}
	}
	rules := make([]sarifRule, len(infos))
	index := map[string]int{}
	for i, r := range infos {
		index[r.ID] = i
		name := cmp.Or(r.Name, r.ID)
		rules[i] = sarifRule{
			ID: r.ID, Name: ruleName(r.ID),
			ShortDescription:     sarifText{Text: name},
			FullDescription:      sarifText{Text: cmp.Or(r.Description, name)},
			Help:                 sarifText{Text: cmp.Or(r.Fix, name), Markdown: "**Fix:** " + cmp.Or(r.Fix, name)},
			DefaultConfiguration: sarifLevel{Level: level(r.Confidence)},
			Properties: map[string]any{
				"tags": []string{"security", "secret", "bitrix24"}, "precision": precision(r.Confidence),
				"security-severity": severity(r.Confidence),
			},
		}
	}
	return rules, index
}

// sarifResults makes one result per path of the finding.
func sarifResults(f Finding, ruleIndex int) []sarifResult {
	var out []sarifResult
	byPath := map[string]int{}
	for _, l := range f.Locations {
		uri := sarifURI(l)
		if i, ok := byPath[uri]; ok {
			out[i].Properties["occurrences"] = out[i].Properties["occurrences"].(int) + 1
			continue
		}
		byPath[uri] = len(out)
		props := map[string]any{"kind": l.Kind.String(), "occurrences": 1, "confidence": f.Confidence}
		if l.Commit != nil {
			props["commit"] = l.Commit.Hash
		}
		if where := Presence(l); where != "" {
			props["presence"] = where
		}
		if v := f.Verification; v != nil {
			props["verification"] = v.Status
		}
		if !f.Expires.IsZero() {
			props["expires_at"] = f.Expires.UTC().Format(time.RFC3339)
		}
		if l.Source != "" && l.Kind.InGit() {
			props["repository"] = l.Source
		}
		out = append(out, sarifResult{
			RuleID: f.Rule.ID, RuleIndex: ruleIndex, Level: level(f.Confidence),
			Message: sarifText{Text: findingMessage(f)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: uri, URIBaseID: "%SRCROOT%"},
				Region:           sarifRegion{StartLine: l.Line, StartColumn: l.Column, EndLine: l.EndLine, EndColumn: l.EndColumn + 1},
			}}},
			PartialFingerprints: map[string]string{"b24leaks/v1": f.Fingerprint + ":" + pathHash(uri)},
			Properties:          props,
		})
	}
	return out
}

// sarifURI is a location's path relative to the repository root, as a URI
// reference; messages, which have no path, are named by their commit.
func sarifURI(l Location) string {
	path := l.Path
	switch {
	case l.Kind.IsMessage() && l.Commit != nil:
		path = l.Kind.String() + "/" + l.Commit.Hash
	case l.Kind == scanner.KindStdin:
		path = "stdin"
	case path == "":
		path = "blob/" + l.Object
	}
	if l.Source != "" {
		path = strings.Trim(l.Source, "/") + "/" + path
	}
	return uriEscape(path)
}

// uriEscape percent-encodes what may not stand in a relative URI.
func uriEscape(p string) string {
	var b strings.Builder
	for _, c := range []byte(p) {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/!$&'()*+,;=:@", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

func pathHash(p string) string {
	sum := sha256.Sum256([]byte(p))
	return hex.EncodeToString(sum[:8])
}

// findingMessage is a one-line, redacted description of a finding.
func findingMessage(f Finding) string {
	msg := cmp.Or(f.Rule.Name, f.Rule.ID) + " leaked: " + f.Secret
	var where []string
	if f.Portal != "" {
		where = append(where, "portal "+f.Portal)
	}
	if f.UserID != "" {
		where = append(where, "user "+f.UserID)
	}
	if len(where) > 0 {
		msg += " (" + strings.Join(where, ", ") + ")"
	}
	if e := Expiry(f); e != "" {
		msg += "; " + e
	}
	if verdict := Verdict(f); verdict != "" {
		msg += " — " + verdict
	}
	if next := NextStep(f); next != "" {
		return msg + ". " + next
	}
	if f.Rule.Fix == "" {
		return msg + ". Rotate it."
	}
	return msg + ". Rotate it: " + firstLine(f.Rule.Fix)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// ruleName is the PascalCase name SARIF viewers show: Bitrix24WebhookSplit.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func level(confidence string) string {
	switch confidence {
	case "high":
		return "error"
	case "medium":
		return "warning"
	}
	return "note"
}

func precision(confidence string) string {
	switch confidence {
	case "high":
		return "very-high"
	case "medium":
		return "high"
	}
	return "medium"
}

// severity is GitHub's security-severity: 9.0 critical for a high
// confidence leak, 7.0 high, 4.0 medium.
func severity(confidence string) string {
	switch confidence {
	case "high":
		return "9.0"
	case "medium":
		return "7.0"
	}
	return "4.0"
}
