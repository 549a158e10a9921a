package reporters

import (
	"cmp"
	_ "embed"
	"html/template"
	"io"
	"strings"
)

// htmlReporter writes one self-contained HTML page to hand to people
// who never open a terminal: a summary, a timeline, a table that sorts
// and filters (html.js; without JavaScript it simply does not), and each
// finding with its locations and what to do. It loads nothing, so it
// opens from an email. html/template escapes every value for where it
// stands, Printable shows control characters as escapes as the text
// report does, and a Content-Security-Policy forbids everything but the
// page's own script, should markup ever get through.
type htmlReporter struct{}

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"printable": Printable,
	"prose":     printableLines,
	"place":     Place,
	"presence":  Presence,
	"author":    Author,
	"subject":   Subject,
	"short":     ShortHash,
	"link":      CommitLink,
	"rule":      func(f Finding, l Location) string { return cmp.Or(l.RuleID, f.Rule.ID) },
	"errors":    func(errs []Error) []string { return ErrorLines(errs, MaxErrorLines) },
	"join":      strings.Join,
	"next":      NextStep,
	"expiry":    Expiry,
	"mod":       func(a, b int) int { return a % b },
	"tally":     func(title string, rows []htmlCount) htmlTally { return htmlTally{title, rows} },
}).Parse(htmlSource))

// htmlTally is one small table of the summary.
type htmlTally struct {
	Title string
	Rows  []htmlCount
}

// Report writes rep as an HTML page.
func (htmlReporter) Report(w io.Writer, rep *Report) error {
	return htmlTemplate.Execute(w, newHTMLPage(rep))
}

// printableLines is Printable for prose that may have several lines.
func printableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Printable(l)
	}
	return strings.Join(lines, "\n")
}
