package reporters

import (
	"cmp"
	_ "embed"
	"html/template"
	"io"
	"strings"
)

// htmlReporter writes one self-contained HTML page: no scripts, fonts or
// requests, so it opens from an email. html/template escapes every value
// for where it stands, and Printable shows control characters as escapes
// as the text report does; a Content-Security-Policy forbids loading
// anything, should markup ever get through.
type htmlReporter struct{}

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"printable": Printable,
	"prose":     printableLines,
	"number":    func(i int) int { return i + 1 },
	"place":     Place,
	"presence":  Presence,
	"author":    Author,
	"subject":   Subject,
	"short":     ShortHash,
	"rule":      func(f Finding, l Location) string { return cmp.Or(l.RuleID, f.Rule.ID) },
	"errors":    func(errs []Error) []string { return ErrorLines(errs, MaxErrorLines) },
	"join":      strings.Join,
	"next":      NextStep,
}).Parse(htmlSource))

// htmlPage is what the template reads.
type htmlPage struct {
	*Report
	Summary string
}

// Report writes rep as an HTML page.
func (htmlReporter) Report(w io.Writer, rep *Report) error {
	return htmlTemplate.Execute(w, htmlPage{Report: rep, Summary: summaryLine(rep, newPalette(false))})
}

// printableLines is Printable for prose that may have several lines.
func printableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Printable(l)
	}
	return strings.Join(lines, "\n")
}
