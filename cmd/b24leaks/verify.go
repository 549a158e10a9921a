package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/scanner"
	"github.com/b24leaks/b24leaks/scanner/verify"
)

// statuses are the values --results takes.
var statuses = []string{"live", "invalid", "inconclusive", "unchecked"}

func validResults(list string) bool {
	for _, s := range strings.Split(list, ",") {
		if !slices.Contains(statuses, strings.TrimSpace(s)) {
			return false
		}
	}
	return true
}

// verifyFindings checks the findings with --verify, logging each request
// (redacted) with -v, and keeps only the statuses --results names.
func verifyFindings(ctx context.Context, o options, t terminal, res *scanner.Result) {
	opts := verify.Options{Timeout: o.verifyWait, AllowHTTP: o.allowHTTP, AllowPrivate: o.allowPriv}
	if o.verbose {
		opts.Log = func(line string) { fmt.Fprintln(t.stderr, "b24leaks: "+reporters.Printable(line)) }
	}
	if t.network != nil {
		t.network(&opts)
	}
	verify.Verify(ctx, res.Findings, opts)
	want := map[string]bool{}
	for _, s := range strings.Split(o.results, ",") {
		want[strings.TrimSpace(s)] = true
	}
	kept := res.Findings[:0]
	for _, f := range res.Findings {
		if want[string(f.Verification.Status)] {
			kept = append(kept, f)
		}
	}
	if dropped := len(res.Findings) - len(kept); dropped > 0 && !o.quiet {
		fmt.Fprintf(t.stderr, "b24leaks: --results %s: %d finding(s) with other statuses are not reported\n", o.results, dropped)
	}
	res.Findings = kept
}
