package main

import (
	"fmt"
	"io"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// listRules runs the rules command.
func listRules(o options, t terminal) int {
	set := rules.Default()
	if o.rulesFormat == "gitleaks" {
		fmt.Fprint(t.stdout, set.GitleaksTOML())
		return exitClean
	}
	for _, r := range set.Rules() {
		fmt.Fprintf(t.stdout, "%s  (%s, confidence %s)\n  %s\n", r.ID, r.Name, r.Confidence, r.Description)
		if len(r.Examples) > 0 {
			fmt.Fprintf(t.stdout, "  finds, for example: %s\n", r.Examples[0])
		}
		fmt.Fprintln(t.stdout)
	}
	return exitClean
}

// printSuppressed lists, for -v, what each suppression dropped.
func printSuppressed(w io.Writer, sup []scanner.Suppressed) {
	for _, s := range sup {
		where := ""
		if s.Path != "" {
			where = fmt.Sprintf(" at %s:%d", s.Path, s.Line)
		}
		fmt.Fprintf(w, "stats: suppressed by %s: %s %s%s\n", s.By, s.RuleID, s.Fingerprint, where)
	}
}
