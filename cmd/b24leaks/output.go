package main

import (
	"fmt"
	"os"

	"github.com/b24leaks/b24leaks/reporters"
)

// output is one report the run writes: a format and where to.
type output struct {
	format string
	path   string // "" for stdout
	rep    reporters.Reporter
}

// outputs pairs the -f formats with the -r paths in order: the n-th -r is
// for the n-th -f; formats without a path go to stdout, and only one may.
// With no -f the format is text.
func (o options) outputs(t terminal) ([]output, error) {
	formats := o.formats
	if len(formats) == 0 {
		formats = []string{"text"}
	}
	if len(o.reportPaths) > len(formats) {
		return nil, fmt.Errorf("%d report paths for %d formats: give each -r after its -f", len(o.reportPaths), len(formats))
	}
	var outs []output
	stdout := 0
	for i, f := range formats {
		out := output{format: f}
		if i < len(o.reportPaths) {
			out.path = o.reportPaths[i]
		}
		if out.path == "" || out.path == "-" {
			out.path = ""
			if stdout++; stdout > 1 {
				return nil, fmt.Errorf("formats %q: only one report can go to stdout; give the others -r FILE", formats)
			}
		}
		rep, err := reporters.New(f, reporters.Options{Color: o.wantColor(t, out)})
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
