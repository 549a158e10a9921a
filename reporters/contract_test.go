package reporters_test

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/scanner"
)

// dumpReporter is a new format written with no thought of redaction: it
// prints every field it is given, twice over.
type dumpReporter struct{}

func (dumpReporter) Report(w io.Writer, rep *reporters.Report) error {
	fmt.Fprintf(w, "%+v\n%#v\n", rep, rep)
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "%+v\n", f)
		for _, l := range f.Locations {
			fmt.Fprintf(w, "%+v %+v\n", l, l.Commit)
		}
	}
	return json.NewEncoder(w).Encode(rep)
}

// A format that forgets to redact still cannot print a secret: NewReport
// has masked every field before any reporter sees it.
func TestNewFormatCannotLeakASecret(t *testing.T) {
	res := fixture()
	res.Stats.Errors = append(res.Stats.Errors, scanner.ScanError{Op: "read", Err: fmt.Errorf("odd bytes near %s", outbound)})
	for _, redact := range []bool{true, false} {
		var b strings.Builder
		rep := reporters.NewReport(res, reporters.ReportOptions{Redact: redact, Rules: fixtureRules})
		if err := (dumpReporter{}).Report(&b, rep); err != nil {
			t.Fatal(err)
		}
		for _, s := range fixtureSecrets {
			if got := strings.Contains(b.String(), s); got != !redact {
				t.Errorf("redact %v: secret %s printed: %v\n%s", redact, s, got, b.String())
			}
		}
	}
}

func TestPresenceSaysWhereContentStillIs(t *testing.T) {
	yes, no := true, false
	cases := []struct {
		loc  reporters.Location
		want string
	}{
		{reporters.Location{Kind: scanner.KindHistory, AtHead: &yes}, "at HEAD"},
		{reporters.Location{Kind: scanner.KindHistory, AtHead: &no}, "history only"},
		{reporters.Location{Kind: scanner.KindHistory, AtHead: &no, Refs: []string{"refs/heads/feature"}}, "at feature"},
		{reporters.Location{Kind: scanner.KindHistory, AtHead: &yes, Refs: []string{"refs/tags/v1"}}, "at HEAD, v1"},
		{reporters.Location{Kind: scanner.KindHistory, AtHead: &no, Refs: []string{"refs/heads/a", "refs/heads/b", "refs/remotes/origin/c", "refs/stash"}},
			"at a, b, origin/c and 1 more"},
		{reporters.Location{Kind: scanner.KindCommitMessage, AtHead: &yes}, ""},
		{reporters.Location{Kind: scanner.KindFile}, ""},
	}
	for _, c := range cases {
		if got := reporters.Presence(c.loc); got != c.want {
			t.Errorf("Presence(%+v) = %q, want %q", c.loc, got, c.want)
		}
	}
}

func TestPlaceNamesKindsAndSources(t *testing.T) {
	cases := []struct {
		loc  reporters.Location
		want string
	}{
		{reporters.Location{Kind: scanner.KindFile, Path: "a.go", Line: 3, Column: 4}, "a.go:3:4"},
		{reporters.Location{Kind: scanner.KindCommitMessage, Line: 1, Column: 2}, "(commit message):1:2"},
		{reporters.Location{Kind: scanner.KindTagMessage, Line: 1, Column: 2}, "(tag message):1:2"},
		{reporters.Location{Kind: scanner.KindStdin, Path: "-", Line: 1, Column: 2}, "-:1:2"},
		{reporters.Location{Kind: scanner.KindHistory, Object: "0123456789abcdef", Line: 1, Column: 2}, "blob 01234567 (not attributed):1:2"},
		{reporters.Location{Source: "repos/a", Kind: scanner.KindStaged, Path: "x.py", Line: 5, Column: 6}, "[repos/a] x.py:5:6"},
	}
	for _, c := range cases {
		if got := reporters.Place(c.loc); got != c.want {
			t.Errorf("Place(%+v) = %q, want %q", c.loc, got, c.want)
		}
	}
}

// Sources are named only when a report has more than one.
func TestReportNamesSourcesOnlyWhenSeveral(t *testing.T) {
	res := fixture()
	res.Sources = []string{"repo-a"}
	for i := range res.Findings {
		for j := range res.Findings[i].Locations {
			res.Findings[i].Locations[j].Source = "repo-a"
		}
	}
	one := reporters.NewReport(res, reporters.ReportOptions{})
	if one.Sources != nil || one.Findings[0].Locations[0].Source != "" {
		t.Errorf("one source named: %v %q", one.Sources, one.Findings[0].Locations[0].Source)
	}
	res.Sources = []string{"repo-a", "repo-b"}
	res.Findings[0].Locations[1].Source = "repo-b"
	two := reporters.NewReport(res, reporters.ReportOptions{})
	if len(two.Sources) != 2 || two.Findings[0].Locations[1].Source != "repo-b" || two.Findings[0].Locations[0].Source != "repo-a" {
		t.Errorf("two sources: %v, locations %+v", two.Sources, two.Findings[0].Locations)
	}
}
