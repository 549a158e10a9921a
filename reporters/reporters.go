// Package reporters prints a scan result for people (text), programs
// (json, csv) and CI systems (sarif for code scanning, junit for test
// reports, github for pull request annotations, html for a page to share). Every format works from a Report that NewReport has already
// redacted: secrets are masked in every field, free text included
// (commit messages, paths, authors, errors), unless redaction is off.
//
//	scanner.Result ─NewReport (redact once, attach rules)→ Report ─Reporter.Report→ bytes
//
// rows.go holds what every format says the same way about a location.
package reporters

import (
	"fmt"
	"io"
	"strings"
)

// Options tune a reporter.
type Options struct {
	Color bool // colour the text report
}

// Reporter writes a prepared report.
type Reporter interface {
	Report(w io.Writer, rep *Report) error
}

// Formats lists the report formats New accepts.
func Formats() []string { return []string{"text", "json", "sarif", "junit", "csv", "github", "html"} }

// New returns the reporter for format.
func New(format string, opts Options) (Reporter, error) {
	switch format {
	case "text":
		return &textReporter{pal: newPalette(opts.Color)}, nil
	case "json":
		return &jsonReporter{}, nil
	case "sarif":
		return sarifReporter{}, nil
	case "junit":
		return junitReporter{}, nil
	case "csv":
		return csvReporter{}, nil
	case "github":
		return githubReporter{}, nil
	case "html":
		return htmlReporter{}, nil
	}
	return nil, fmt.Errorf("unknown report format %q (want %s)", format, strings.Join(Formats(), ", "))
}
