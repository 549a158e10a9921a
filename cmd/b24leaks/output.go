package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/b24leaks/b24leaks/reporters"
)

// output is one report the run writes: a format and where to.
type output struct {
	format  string
	path    string // "" or "-" for stdout
	hasPath bool   // a -r was given for it
	rep     reporters.Reporter
}

// reportSpecs are the -f and -r flags in the order given: each -r names
// the file of the -f before it (or, given first, of the next -f); a -r
// with no -f at all is a text report.
type reportSpecs struct {
	specs   []output
	pending string // a -r given before any -f that could take it
}

type formatFlag struct{ r *reportSpecs }

func (f formatFlag) String() string { return "" }
func (f formatFlag) Type() string   { return "string" }
func (f formatFlag) Set(v string) error {
	f.r.specs = append(f.r.specs, output{format: v, path: f.r.pending, hasPath: f.r.pending != ""})
	f.r.pending = ""
	return nil
}

type pathFlag struct{ r *reportSpecs }

func (p pathFlag) String() string { return "" }
func (p pathFlag) Type() string   { return "string" }
func (p pathFlag) Set(v string) error {
	if n := len(p.r.specs); n > 0 && !p.r.specs[n-1].hasPath {
		p.r.specs[n-1].path, p.r.specs[n-1].hasPath = v, true
		return nil
	}
	if p.r.pending != "" {
		return fmt.Errorf("two report paths (%s, %s) for one format: give each -r after its -f", p.r.pending, v)
	}
	p.r.pending = v
	return nil
}

// outputs are the reports to write; without -f, one text report. Only
// one may go to stdout.
func (o options) outputs(t terminal) ([]output, error) {
	specs := append([]output(nil), o.reports.specs...)
	if o.reports.pending != "" {
		if len(specs) > 0 {
			return nil, fmt.Errorf("report path %s follows no -f: give each -r after its -f", o.reports.pending)
		}
		specs = append(specs, output{format: "text", path: o.reports.pending, hasPath: true})
	}
	if len(specs) == 0 {
		specs = []output{{format: "text"}}
	}
	var outs []output
	stdout := 0
	for _, out := range specs {
		if out.path == "-" {
			out.path = ""
		}
		if out.path == "" {
			if stdout++; stdout > 1 {
				return nil, errors.New("only one report can go to stdout: give the others -r FILE")
			}
		}
		rep, err := reporters.New(out.format, reporters.Options{Color: o.wantColor(t, out)})
		if err != nil {
			return nil, err
		}
		out.rep = rep
		outs = append(outs, out)
	}
	return outs, nil
}

func (o options) wantColor(t terminal, out output) bool {
	switch o.color {
	case "always":
		return true
	case "never":
		return false
	}
	return out.path == "" && out.format == "text" && t.stdoutColor
}

// write writes the report to its file or stdout.
func (out output) write(t terminal, rep *reporters.Report) error {
	if out.path == "" {
		return out.rep.Report(t.stdout, rep)
	}
	f, err := os.Create(out.path)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := out.rep.Report(f, rep); err != nil {
		f.Close()
		return fmt.Errorf("write report %s: %w", out.path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write report %s: %w", out.path, err)
	}
	return nil
}
