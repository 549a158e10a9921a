package reporters

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// summary writes the closing lines of the text report: what was found,
// what was scanned and skipped, and the errors of an incomplete scan.
func (t *textWriter) summary(rep *Report) {
	fmt.Fprintln(t.w, summaryLine(rep, t.pal))
	for _, n := range rep.Stats.Notices {
		fmt.Fprintln(t.w, t.pal.warn.Sprint("note: ")+Printable(n))
	}
	errs := rep.Stats.ErrorList
	if len(errs) == 0 {
		return
	}
	fmt.Fprintln(t.w, t.pal.warn.Sprintf("scan incomplete: %s", plural(len(errs), "error", "errors")))
	for _, line := range ErrorLines(errs, MaxErrorLines) {
		fmt.Fprintln(t.w, "  "+line)
	}
}

// summaryLine says what was found, scanned, skipped and suppressed.
func summaryLine(rep *Report, pal palette) string {
	parts := []string{foundPart(rep.Findings, pal), scannedPart(rep.Stats.Stats)}
	if skipped := skippedPart(rep.Stats.Skipped); skipped != "" {
		parts = append(parts, skipped)
	}
	if checked := checkedPart(rep.Findings); checked != "" {
		parts = append(parts, checked)
	}
	if suppressed := suppressedPart(rep.Stats.SuppressedBy); suppressed != "" {
		parts = append(parts, suppressed)
	}
	return strings.Join(parts, "; ")
}

// checkedPart counts the findings by verification status: "checked: 1
// live, 2 invalid"; empty when none was checked.
func checkedPart(findings []Finding) string {
	by := map[string]int{}
	for _, f := range findings {
		if f.Verification != nil {
			by[f.Verification.Status]++
		}
	}
	var parts []string
	for _, s := range []string{"live", "inconclusive", "invalid", "unchecked"} {
		if by[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", by[s], s))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "checked: " + strings.Join(parts, ", ")
}

// MaxErrorLines is how many errors human-readable output names; the rest
// are counted by kind.
const MaxErrorLines = 10

// ErrorLines names the first max errors, printable, and sums up the rest
// by what failed: "... and 7306 more: 7306 read", so a tree whose files
// vanish mid-scan does not print thousands of lines.
func ErrorLines(errs []Error, max int) []string {
	var out []string
	for _, e := range errs[:min(len(errs), max)] {
		msg := e.Message
		if e.Source != "" && !strings.Contains(msg, e.Source) { // a clone error names its repository already
			msg = e.Source + ": " + msg
		}
		out = append(out, Printable(msg))
	}
	if len(errs) <= max {
		return out
	}
	kinds := map[string]int{}
	for _, e := range errs[max:] {
		kinds[cmp.Or(e.Op, "other")]++
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(kinds)) {
		parts = append(parts, fmt.Sprintf("%d %s", kinds[k], k))
	}
	return append(out, fmt.Sprintf("... and %d more (%s); the JSON report lists them all", len(errs)-max, strings.Join(parts, ", ")))
}

func foundPart(findings []Finding, pal palette) string {
	if len(findings) == 0 {
		return pal.good.Sprint("no leaks found")
	}
	byConf := map[string]int{}
	locations := 0
	for _, f := range findings {
		byConf[f.Confidence]++
		locations += len(f.Locations)
	}
	var grades []string
	for _, c := range []rules.Confidence{rules.High, rules.Medium, rules.Low} {
		if n := byConf[c.String()]; n > 0 {
			grades = append(grades, fmt.Sprintf("%d %s", n, c))
		}
	}
	found := pal.bad.Sprintf("%s found", plural(len(findings), "leak", "leaks"))
	if kinds := kindCounts(findings); len(kinds) > 1 {
		found += ": " + strings.Join(kinds, ", ")
	}
	if len(grades) > 0 {
		found += " (" + strings.Join(grades, ", ") + ")"
	}
	return found + " in " + plural(locations, "location", "locations")
}

// kindNames say what each kind of credential is, one and many.
var kindNames = map[string][2]string{
	"webhook":                    {"webhook", "webhooks"},
	"bitrix24-client-secret":     {"client secret", "client secrets"},
	"bitrix24-outbound-token":    {"outgoing-webhook token", "outgoing-webhook tokens"},
	"bitrix24-oauth-token":       {"OAuth token", "OAuth tokens"},
	"bitrix24-oauth-code":        {"OAuth authorization code", "OAuth authorization codes"},
	"bitrix24-vibecode-key":      {"VibeCode key", "VibeCode keys"},
	"bitrix24-crm-form-password": {"CRM form password", "CRM form passwords"},
	"bitrix24-bot-secret":        {"chat-bot secret", "chat-bot secrets"},
}

// kindCounts counts findings by kind, most severe kind first.
func kindCounts(findings []Finding) []string {
	by := map[string]int{}
	for _, f := range findings {
		by[cmp.Or(f.Kind, f.Rule.ID)]++
	}
	kinds := slices.Collect(maps.Keys(by))
	slices.SortFunc(kinds, func(a, b string) int { return cmp.Or(cmp.Compare(kindRank(a), kindRank(b)), cmp.Compare(a, b)) })
	var out []string
	for _, k := range kinds {
		name, ok := kindNames[k]
		if !ok {
			name = [2]string{k, k}
		}
		out = append(out, plural(by[k], name[0], name[1]))
	}
	return out
}

// scannedPart counts files for directory scans, blobs and messages for history scans.
func scannedPart(s scanner.Stats) string {
	if s.Commits == 0 && s.Tags == 0 && !s.History {
		return fmt.Sprintf("scanned %s, %s", plural(s.BlobsScanned, "file", "files"), HumanBytes(s.Bytes))
	}
	what := []string{plural(s.BlobsScanned, "blob", "blobs"), plural(s.Commits, "commit message", "commit messages")}
	if s.Tags > 0 {
		what = append(what, plural(s.Tags, "tag message", "tag messages"))
	}
	return fmt.Sprintf("scanned %s, %s", strings.Join(what, ", "), HumanBytes(s.Bytes))
}

func skippedPart(skipped map[scanner.SkipReason]int) string {
	reasons := make([]scanner.SkipReason, 0, len(skipped))
	for r, n := range skipped {
		if n > 0 {
			reasons = append(reasons, r)
		}
	}
	if len(reasons) == 0 {
		return ""
	}
	slices.Sort(reasons)
	parts := make([]string, len(reasons))
	for i, r := range reasons {
		parts[i] = plural(skipped[r], string(r), pluralReason(r))
	}
	return "skipped " + strings.Join(parts, ", ")
}

// suppressedPart says how many each mechanism suppressed: "suppressed 3
// by ignore file, 1 by inline allow".
func suppressedPart(by map[string]int) string {
	var parts []string
	for _, m := range slices.Sorted(maps.Keys(by)) {
		if by[m] > 0 {
			parts = append(parts, fmt.Sprintf("%d by %s", by[m], m))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "suppressed " + strings.Join(parts, ", ")
}

// pluralReason names several skipped contents: "2 symlinks", "2 binary".
func pluralReason(r scanner.SkipReason) string {
	if r == scanner.SkipSymlink {
		return "symlinks"
	}
	return string(r)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// HumanBytes formats a byte count in SI units: "512 B", "1.2 MB".
func HumanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
