package reporters

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// junitReporter writes one test case per finding, failed, so GitLab and
// Jenkins list each leak; a clean scan is one passing case.
type junitReporter struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Error     *junitFailure `xml:"error,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// Report writes rep as JUnit XML.
func (junitReporter) Report(w io.Writer, rep *Report) error {
	suite := junitSuite{Name: "b24leaks"}
	for _, f := range rep.Findings {
		c := junitCase{
			Name:      fmt.Sprintf("%s %s", f.Rule.ID, f.Secret),
			ClassName: "b24leaks." + f.Rule.ID,
			Failure:   &junitFailure{Message: findingMessage(f), Type: f.Rule.ID, Text: junitDetail(f)},
		}
		if len(f.Locations) > 0 && f.Locations[0].Path != "" {
			c.File, c.Line = f.Locations[0].Path, f.Locations[0].Line
		}
		suite.Cases = append(suite.Cases, c)
		suite.Failures++
	}
	for _, e := range rep.Stats.ErrorList {
		suite.Cases = append(suite.Cases, junitCase{Name: "scan incomplete", ClassName: "b24leaks.scan",
			Error: &junitFailure{Message: e.Message, Type: "scan-error", Text: e.Message}})
		suite.Errors++
	}
	if len(suite.Cases) == 0 {
		suite.Cases = []junitCase{{Name: "no Bitrix24 credentials found", ClassName: "b24leaks.scan"}}
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{Name: "b24leaks", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// junitDetail lists a finding's places and its fix.
func junitDetail(f Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Fingerprint: %s\n", f.Fingerprint)
	for _, l := range f.Locations {
		fmt.Fprintf(&b, "  %s", Place(l))
		if l.Commit != nil {
			fmt.Fprintf(&b, "  commit %s", ShortHash(l.Commit.Hash))
		}
		if where := Presence(l); where != "" {
			fmt.Fprintf(&b, "  (%s)", where)
		}
		b.WriteString("\n")
	}
	if verdict := Verdict(f); verdict != "" {
		fmt.Fprintf(&b, "Verified: %s\n", verdict)
	}
	if next := NextStep(f); next != "" {
		fmt.Fprintf(&b, "Next: %s\n", next)
	} else if f.Rule.Fix != "" {
		fmt.Fprintf(&b, "Fix: %s\n", strings.TrimSpace(f.Rule.Fix))
	}
	return b.String()
}
