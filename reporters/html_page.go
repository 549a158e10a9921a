package reporters

import (
	"cmp"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"
	"time"
)

// html.js sorts and filters the findings table; the page works without it.
//
//go:embed html.js
var htmlScript string

// htmlPage is what the template reads: the report, and the summaries,
// rows and timeline worked out from it.
type htmlPage struct {
	*Report
	Summary  string
	Policy   string // the Content-Security-Policy: nothing loads, only html.js runs
	Script   template.JS
	Totals   htmlTotals
	ByRepo   []htmlCount
	ByPortal []htmlCount
	ByRule   []htmlCount
	Rows     []htmlRow
	Timeline htmlTimeline
}

type htmlTotals struct {
	Credentials, AtHead, Checked, Live, Invalid, Inconclusive, Unchecked int
}

type htmlCount struct {
	Name string
	N    int
}

// htmlRow is one finding in the table and the details.
type htmlRow struct {
	Number     int
	F          Finding
	Repository string
	First      time.Time // when it was first committed; zero outside history
	Present    bool      // still in a file, the index or HEAD's tree
	Status     string    // verification status, or "not checked"
}

// FirstDate is the first commit date as the table shows and sorts it.
func (r htmlRow) FirstDate() string {
	if r.First.IsZero() {
		return ""
	}
	return r.First.UTC().Format("2006-01-02")
}

func newHTMLPage(rep *Report) htmlPage {
	sum := sha256.Sum256([]byte(htmlScript))
	p := htmlPage{
		Report: rep, Summary: summaryLine(rep, newPalette(false)), Script: template.JS(htmlScript),
		Policy: "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'",
	}
	repos, portals, rules := map[string]int{}, map[string]int{}, map[string]int{}
	for i, f := range rep.Findings {
		row := htmlRow{Number: i + 1, F: f, Repository: repositoryOf(f), First: firstCommitted(f), Present: present(f), Status: "not checked"}
		if v := f.Verification; v != nil {
			row.Status = v.Status
			p.Totals.Checked++
		}
		p.Totals.count(row)
		p.Rows = append(p.Rows, row)
		for _, name := range repositoriesOf(f) {
			repos[name]++
		}
		portals[cmp.Or(f.Portal, "(none)")]++
		rules[f.Rule.ID]++
	}
	p.ByRepo, p.ByPortal, p.ByRule = counts(repos), counts(portals), counts(rules)
	p.Timeline = newTimeline(p.Rows)
	return p
}

func (t *htmlTotals) count(r htmlRow) {
	t.Credentials++
	if r.Present {
		t.AtHead++
	}
	switch r.Status {
	case "live":
		t.Live++
	case "invalid":
		t.Invalid++
	case "inconclusive":
		t.Inconclusive++
	case "unchecked":
		t.Unchecked++
	}
}

// counts lists a tally largest first, then by name.
func counts(m map[string]int) []htmlCount {
	out := make([]htmlCount, 0, len(m))
	for _, name := range slices.Sorted(maps.Keys(m)) {
		out = append(out, htmlCount{Printable(name), m[name]})
	}
	slices.SortStableFunc(out, func(a, b htmlCount) int { return b.N - a.N })
	return out
}

// repositoriesOf lists the sources a finding's locations are in.
func repositoriesOf(f Finding) []string {
	var names []string
	for _, l := range f.Locations {
		if l.Source != "" && !slices.Contains(names, l.Source) {
			names = append(names, l.Source)
		}
	}
	return names
}

func repositoryOf(f Finding) string {
	names := repositoriesOf(f)
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return fmt.Sprintf("%s and %d more", names[0], len(names)-1)
}

// firstCommitted is the earliest commit date among the locations.
func firstCommitted(f Finding) time.Time {
	var first time.Time
	for _, l := range f.Locations {
		if c := l.Commit; c != nil && !c.Date.IsZero() && (first.IsZero() || c.Date.Before(first)) {
			first = c.Date
		}
	}
	return first
}

// CommitLink is a web link to a location's commit when its repository is
// a clone URL of a known forge (GitHub, GitLab, Bitbucket, Gitea-like
// https hosts); empty otherwise.
func CommitLink(l Location) string {
	if l.Commit == nil || l.Commit.Hash == "" || !strings.HasPrefix(l.Source, "https://") {
		return ""
	}
	base := strings.TrimSuffix(strings.TrimSuffix(l.Source, "/"), ".git")
	if strings.Contains(base, "@") || strings.ContainsAny(base, "?#") {
		return ""
	}
	if strings.HasPrefix(base, "https://gitlab.") || strings.Contains(base, "gitlab") {
		return base + "/-/commit/" + l.Commit.Hash
	}
	if strings.HasPrefix(base, "https://bitbucket.org/") {
		return base + "/commits/" + l.Commit.Hash
	}
	return base + "/commit/" + l.Commit.Hash
}
