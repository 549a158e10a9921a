package reporters

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// textReporter writes one block per finding and a summary, for people.
type textReporter struct {
	opts Options
	pal  palette
}

// palette holds the colours of the text report. Each colour is enabled or
// disabled explicitly, so the output does not depend on the terminal.
type palette struct {
	header, label, rule, secret, path, dim, high, medium, low, bad, good, warn *color.Color
}

func newPalette(enabled bool) palette {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if enabled {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return palette{
		header: mk(color.Bold, color.Underline), label: mk(color.Bold),
		rule: mk(color.FgCyan), secret: mk(color.FgRed), path: mk(color.FgBlue),
		dim: mk(color.Faint), high: mk(color.FgRed, color.Bold), medium: mk(color.FgYellow),
		low: mk(color.FgWhite), bad: mk(color.FgRed, color.Bold), good: mk(color.FgGreen),
		warn: mk(color.FgYellow, color.Bold),
	}
}

func (p palette) confidence(c rules.Confidence) *color.Color {
	switch c {
	case rules.High:
		return p.high
	case rules.Medium:
		return p.medium
	}
	return p.low
}

// labelWidth aligns the values after "Fingerprint: ", the longest label.
const labelWidth = len("Fingerprint: ")

// textWriter is the state of one text report.
type textWriter struct {
	*textReporter
	w    *bufio.Writer
	mask func(string) string
}

// Report writes every finding of res, then the summary.
func (r *textReporter) Report(w io.Writer, res *scanner.Result) error {
	tw := &textWriter{textReporter: r, w: bufio.NewWriter(w), mask: r.opts.masker(res)}
	for i, f := range res.Findings {
		tw.finding(i+1, len(res.Findings), f)
	}
	tw.summary(res)
	return tw.w.Flush()
}

func (t *textWriter) field(label, value string) {
	value = strings.ReplaceAll(value, "\n", "\n"+strings.Repeat(" ", labelWidth))
	fmt.Fprintf(t.w, "%s%s\n", t.pal.label.Sprintf("%-*s", labelWidth, label+":"), value)
}

func (t *textWriter) finding(n, total int, f scanner.Finding) {
	p := t.pal
	fmt.Fprintln(t.w, p.header.Sprintf("Finding %d of %d", n, total))
	info := t.opts.rule(f.RuleID)
	rule := p.rule.Sprint(info.ID)
	if info.Name != "" {
		rule += " (" + info.Name + ")"
	}
	t.field("Rule", rule+"   confidence: "+p.confidence(f.Confidence).Sprint(f.Confidence))
	t.field("Secret", p.secret.Sprint(t.opts.secret(f.Secret)))
	if f.Portal != "" || f.UserID != "" {
		t.field("Portal", strings.TrimSpace(orDash(f.Portal)+"   User: "+orDash(f.UserID)))
	}
	if f.ClientID != "" {
		t.field("Client ID", t.mask(f.ClientID))
	}
	t.field("Fingerprint", string(f.Fingerprint))
	t.field("Locations", fmt.Sprint(len(f.Locations)))
	t.locations(f.Locations)
	if info.Fix != "" {
		t.field("Fix", strings.TrimSpace(info.Fix))
	}
	fmt.Fprintln(t.w)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// locations writes one line per location, the place column aligned.
func (t *textWriter) locations(locs []scanner.Location) {
	places := make([]string, len(locs))
	width := 0
	for i, l := range locs {
		places[i] = t.mask(place(l))
		width = max(width, utf8.RuneCountInString(places[i]))
	}
	for i, l := range locs {
		line := "  " + t.pal.path.Sprint(places[i])
		if meta := t.commitMeta(l.Appearance); meta != "" {
			pad := width - utf8.RuneCountInString(places[i])
			line += strings.Repeat(" ", pad) + "  " + meta
		}
		fmt.Fprintln(t.w, line)
	}
}

// place names where a location is: path:line:column, or what the content is.
func place(l scanner.Location) string {
	where := l.Appearance.Path
	switch l.Appearance.Kind {
	case scanner.KindStdin:
		where = "-"
	case scanner.KindCommitMessage:
		where = "(commit message)"
	case scanner.KindTagMessage:
		where = "(tag message)"
	}
	return fmt.Sprintf("%s:%d:%d", where, l.Start.Line, l.Start.Column)
}

// commitMeta describes the commit or tag of a location: short hash, date,
// HEAD status (blobs only), author and subject line.
func (t *textWriter) commitMeta(a scanner.Appearance) string {
	c := a.Commit
	if c == nil {
		return ""
	}
	label := "commit "
	if a.Kind == scanner.KindTagMessage {
		label = "tag "
	}
	parts := []string{label + shortHash(c.Hash)}
	if !c.Date.IsZero() {
		parts = append(parts, c.Date.UTC().Format("2006-01-02"))
	}
	if a.Kind == scanner.KindHistory {
		parts = append(parts, t.headStatus(a.AtHead))
	}
	if author := t.mask(authorOf(c)); author != "" {
		parts = append(parts, author)
	}
	if subject := subjectOf(t.mask(c.Message)); subject != "" {
		parts = append(parts, t.pal.dim.Sprint(fmt.Sprintf("%q", subject)))
	}
	return strings.Join(parts, "  ")
}

func (t *textWriter) headStatus(atHead bool) string {
	if atHead {
		return t.pal.bad.Sprint("(at HEAD)")
	}
	return t.pal.dim.Sprint("(removed)")
}

func shortHash(h string) string {
	if len(h) > 8 {
		return h[:8]
	}
	return h
}

func authorOf(c *scanner.Commit) string {
	switch {
	case c.Email == "":
		return c.Author
	case c.Author == "":
		return "<" + c.Email + ">"
	}
	return c.Author + " <" + c.Email + ">"
}

// subjectOf returns the first line of a message, shortened to 60 runes.
func subjectOf(msg string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(msg), "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) <= 60 {
		return line
	}
	return string([]rune(line)[:59]) + "…"
}
