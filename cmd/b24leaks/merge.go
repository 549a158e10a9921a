package main

import (
	"fmt"
	"os"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// mergeReports reads JSON reports of separate runs, merges them as one
// run over all their sources would have found them, and writes the
// result in the formats asked for; the exit code is a scan's.
func mergeReports(o options, t terminal) int {
	outs, err := o.outputs(t)
	if err != nil {
		return t.errorf("%v", err)
	}
	results := make([]*scanner.Result, 0, len(o.paths))
	for _, path := range o.paths {
		res, err := readReport(path)
		if err != nil {
			return t.errorf("merge: %s: %v", path, err)
		}
		results = append(results, res)
	}
	res := scanner.Merge(results...)
	report := reporters.NewReport(res, reporters.ReportOptions{
		Redact: !o.noRedact, Rules: ruleInfos(rules.Default()), Version: versionString(),
	})
	for _, out := range outs {
		if err := out.write(t, report); err != nil {
			return t.errorf("%v", err)
		}
	}
	return exitStatus(o, t, res)
}

func readReport(path string) (*scanner.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	res, err := reporters.ReadJSON(f)
	if err != nil {
		return nil, fmt.Errorf("%w (merge reads reports written with -f json)", err)
	}
	return res, nil
}
