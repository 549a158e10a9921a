package reporters

import (
	"cmp"
	"fmt"
	"io"
	"strings"

	"github.com/b24leaks/b24leaks/scanner"
)

// githubReporter writes GitHub Actions workflow commands, one per place a
// finding has a file (::error file=…,line=…::…, once per path and line,
// the first commit named), so findings show inline on the pull request,
// and one without a file for messages.
type githubReporter struct{}

// Report writes rep as workflow commands.
func (githubReporter) Report(w io.Writer, rep *Report) error {
	for _, f := range rep.Findings {
		title := cmp.Or(f.Rule.Name, f.Rule.ID)
		seen := map[string]bool{}
		for _, l := range f.Locations {
			place := Place(l)
			if seen[place] {
				continue // the same lines in another commit: one annotation is enough
			}
			seen[place] = true
			props := []string{}
			if l.Path != "" && (l.Kind == scanner.KindFile || l.Kind == scanner.KindHistory || l.Kind == scanner.KindStaged) {
				props = append(props, "file="+ghProperty(Printable(l.Path)), fmt.Sprintf("line=%d", l.Line), fmt.Sprintf("col=%d", l.Column),
					fmt.Sprintf("endLine=%d", l.EndLine), fmt.Sprintf("endColumn=%d", l.EndColumn))
			}
			props = append(props, "title="+ghProperty(Printable(title)))
			msg := findingMessage(f) + " Fingerprint " + f.Fingerprint + "."
			if c := l.Commit; c != nil {
				msg = fmt.Sprintf("%s Found at %s in commit %s", msg, Place(l), ShortHash(c.Hash))
				if where := Presence(l); where != "" {
					msg += " (" + where + ")"
				}
				msg += "."
			}
			if _, err := fmt.Fprintf(w, "::%s %s::%s\n", ghLevel(f.Confidence), strings.Join(props, ","), ghData(Printable(msg))); err != nil {
				return err
			}
		}
	}
	return nil
}

func ghLevel(confidence string) string {
	switch confidence {
	case "high":
		return "error"
	case "medium":
		return "warning"
	}
	return "notice"
}

// ghData escapes a workflow command's message as GitHub documents.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
