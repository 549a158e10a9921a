package reporters

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// textReporter writes one block per finding and a summary, for people.
type textReporter struct {
	pal palette
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

func (p palette) confidenceColor(c string) *color.Color {
	switch c {
	case rules.High.String():
		return p.high
	case rules.Medium.String():
		return p.medium
	}
	return p.low
}

// labelWidth aligns the values after "Fingerprint: ", the longest label.
const labelWidth = len("Fingerprint: ")

// textWriter is the state of one text report.
type textWriter struct {
	*textReporter
	w *bufio.Writer
}

// Report writes every finding of rep, then the summary.
func (r *textReporter) Report(w io.Writer, rep *Report) error {
	tw := &textWriter{textReporter: r, w: bufio.NewWriter(w)}
	for i, f := range rep.Findings {
		tw.finding(i+1, len(rep.Findings), f)
	}
	tw.summary(rep)
	return tw.w.Flush()
}

func (t *textWriter) field(label, value string) {
	value = strings.ReplaceAll(value, "\n", "\n"+strings.Repeat(" ", labelWidth))
	fmt.Fprintf(t.w, "%s%s\n", t.pal.label.Sprintf("%-*s", labelWidth, label+":"), value)
}

func (t *textWriter) finding(n, total int, f Finding) {
	p := t.pal
	fmt.Fprintln(t.w, p.header.Sprintf("Finding %d of %d", n, total))
	rule := p.rule.Sprint(f.Rule.ID)
	if f.Rule.Name != "" {
		rule += " (" + f.Rule.Name + ")"
	}
	t.field("Rule", rule+"   confidence: "+p.confidenceColor(f.Confidence).Sprint(f.Confidence))
	t.field("Secret", p.secret.Sprint(f.Secret))
	if f.Portal != "" || f.UserID != "" {
		t.field("Portal", strings.TrimSpace(orDash(Printable(f.Portal))+"   User: "+orDash(Printable(f.UserID))))
	}
	if f.ClientID != "" {
		t.field("Client ID", Printable(f.ClientID))
	}
	if e := Expiry(f); e != "" {
		t.field("Expires", e)
	}
	if v := f.Verification; v != nil {
		t.field("Verified", t.verification(v))
	}
	t.field("Fingerprint", f.Fingerprint)
	t.field("Locations", fmt.Sprint(len(f.Locations)))
	t.locations(f.Locations)
	if next := NextStep(f); next != "" {
		t.field("Next", next)
	} else if f.Rule.Fix != "" {
		t.field("Fix", strings.TrimSpace(f.Rule.Fix))
	}
	t.field("Suppress", t.pal.dim.Sprint("a false positive? b24leaks ignore "+f.Fingerprint+"  (adds it to .b24leaksignore)"))
	fmt.Fprintln(t.w)
}

// verification is "live — detail (checked 2026-12-01 10:00 UTC)".
func (t *textWriter) verification(v *Verification) string {
	status := v.Status
	switch v.Status {
	case "live":
		status = t.pal.bad.Sprint(status)
	case "invalid":
		status = t.pal.good.Sprint(status)
	}
	if v.Detail != "" {
		status += " — " + Printable(v.Detail)
	}
	if !v.CheckedAt.IsZero() {
		status += t.pal.dim.Sprint(" (checked " + v.CheckedAt.UTC().Format("2006-01-02 15:04 MST") + ")")
	}
	return status
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// locations writes one line per location, the place column aligned; a
// place repeated more than collapseAfter times in one file (a log holding
// a token thousands of times) is one line with the count and the lines.
func (t *textWriter) locations(locs []Location) {
	lines := collapse(locs)
	places := make([]string, len(lines))
	width := 0
	for i, g := range lines {
		places[i] = Place(g[0])
		width = max(width, utf8.RuneCountInString(places[i]))
	}
	for i, g := range lines {
		line := "  " + t.pal.path.Sprint(places[i])
		meta := t.meta(g[0])
		if len(g) > 1 {
			meta = strings.TrimSpace(meta + "  " + t.pal.warn.Sprint(repeats(g)))
		}
		if meta != "" {
			pad := width - utf8.RuneCountInString(places[i])
			line += strings.Repeat(" ", pad) + "  " + meta
		}
		fmt.Fprintln(t.w, line)
	}
}

// collapse turns locations into report lines: one per location, except
// that more than collapseAfter places in one file (same content, path and
// commit) become one line where the first of them was.
func collapse(locs []Location) [][]Location {
	count := map[string]int{}
	for _, l := range locs {
		count[repeatKey(l)]++
	}
	var lines [][]Location
	at := map[string]int{} // key → its collapsed line
	for _, l := range locs {
		k := repeatKey(l)
		if count[k] <= collapseAfter {
			lines = append(lines, []Location{l})
			continue
		}
		i, ok := at[k]
		if !ok {
			i = len(lines)
			at[k] = i
			lines = append(lines, nil)
		}
		lines[i] = append(lines[i], l)
	}
	return lines
}

// collapseAfter is how many places in one file are listed one by one.
const collapseAfter = 3

// repeatKey is what places that differ only by line and column share.
func repeatKey(l Location) string {
	commit := ""
	if l.Commit != nil {
		commit = l.Commit.Hash
	}
	return strings.Join([]string{l.Source, l.Kind.String(), l.Path, l.Object, commit, strings.Join(Differences(l), ",")}, "\x00")
}

// repeats sums up a collapsed group: "2,431 occurrences, lines 4–9,880
// (4, 9, 17, …)".
func repeats(g []Location) string {
	lo, hi := g[0].Line, g[0].Line
	for _, l := range g {
		lo, hi = min(lo, l.Line), max(hi, l.Line)
	}
	first := make([]string, 0, 4)
	for _, l := range g[:min(len(g), 3)] {
		first = append(first, thousands(l.Line))
	}
	return fmt.Sprintf("%s occurrences, lines %s–%s (%s, …)", thousands(len(g)), thousands(lo), thousands(hi), strings.Join(first, ", "))
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// meta describes a location's commit or tag (short hash, date, where the
// content still is, author, subject), and what its match said that the
// finding does not.
func (t *textWriter) meta(l Location) string {
	var parts []string
	if l.Kind == scanner.KindStaged {
		parts = append(parts, t.pal.bad.Sprint("(staged)"))
	}
	if c := l.Commit; c != nil {
		label := "commit "
		if l.Kind == scanner.KindTagMessage {
			label = "tag "
		}
		parts = append(parts, label+ShortHash(c.Hash))
		if !c.Date.IsZero() {
			parts = append(parts, c.Date.UTC().Format("2006-01-02"))
		}
		if where := Presence(l); where != "" {
			parts = append(parts, t.presence(where))
		}
		if author := Author(c); author != "" {
			parts = append(parts, author)
		}
		if subject := Subject(c.Message); subject != "" {
			parts = append(parts, t.pal.dim.Sprint(fmt.Sprintf("%q", subject)))
		}
	}
	for _, d := range Differences(l) {
		parts = append(parts, t.pal.dim.Sprint(d))
	}
	return strings.Join(parts, "  ")
}

// presence colours where content still is: red while a ref holds it.
func (t *textWriter) presence(where string) string {
	if where == "history only" {
		return t.pal.dim.Sprint("(" + where + ")")
	}
	return t.pal.bad.Sprint("(" + where + ")")
}
