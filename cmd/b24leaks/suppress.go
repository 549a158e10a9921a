package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
)

// suppressions are every way a scan accepts findings: the ignore file,
// inline allow comments, a baseline and the config's allowlists, with the
// rule set the config asks for.
type suppressions struct {
	ignore   *scanner.Ignore
	baseline *scanner.Baseline // nil without --baseline-path
	config   *scanner.Config   // nil without a config file
	rules    *rules.Set
}

// loadSuppressions reads the ignore file, baseline and config that apply.
func loadSuppressions(o options, root string) (*suppressions, error) {
	s := &suppressions{rules: rules.Default()}
	var err error
	if s.ignore, err = loadIgnore(o, root); err != nil {
		return nil, err
	}
	if o.baselineIn != "" {
		f, err := os.Open(o.baselineIn)
		if err != nil {
			return nil, fmt.Errorf("read baseline: %w", err)
		}
		defer f.Close()
		if s.baseline, err = scanner.ReadBaseline(f, o.baselineIn); err != nil {
			return nil, err
		}
	}
	var opts rules.Options
	path := o.configPath
	if path == "" {
		path = filepath.Join(root, scanner.ConfigFile)
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			path = ""
		}
	}
	if path != "" {
		if s.config, err = scanner.LoadConfig(path); err != nil {
			return nil, err
		}
		opts, _ = s.config.RuleOptions() // checked by LoadConfig
	}
	if o.minConf != "" { // the flag wins over the config file
		opts.MinConfidence, _ = rules.ParseConfidence(o.minConf) // checked by validate
	}
	if path == "" && o.minConf == "" {
		return s, nil
	}
	s.rules, err = rules.New(opts)
	return s, err
}

// loadIgnore reads --ignore-path, or ROOT/.b24leaksignore when present.
func loadIgnore(o options, root string) (*scanner.Ignore, error) {
	path := o.ignorePath
	if path == "" {
		path = filepath.Join(root, scanner.IgnoreFile)
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) && o.ignorePath == "" {
		return scanner.NewIgnore(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("read ignore file: %w", err)
	}
	defer f.Close()
	return scanner.ReadIgnore(f, path)
}

// filters combines the mechanisms; the first that suppresses is counted.
func (s *suppressions) filters() scanner.Filters {
	fs := []scanner.Filters{
		{Match: scanner.AllowInline},
		{Finding: s.ignore.Keep, Location: s.ignore.KeepLocation},
	}
	if s.baseline != nil {
		fs = append(fs, scanner.Filters{Finding: s.baseline.Keep})
	}
	if s.config != nil {
		fs = append(fs, s.config.Filters())
	}
	return scanner.Combine(fs...)
}

// reportUnused lists the suppressions that suppressed nothing: ignore
// and baseline entries, and allow comments on lines with no finding.
func (s *suppressions) reportUnused(t terminal, allows []string) {
	unused := s.ignore.Unused()
	if s.baseline != nil {
		unused = append(unused, s.baseline.Unused()...)
	}
	for _, a := range allows {
		unused = append(unused, a+": allow comment")
	}
	if len(unused) == 0 {
		fmt.Fprintln(t.stderr, "b24leaks: every ignore entry, baseline entry and allow comment suppressed something")
		return
	}
	fmt.Fprintf(t.stderr, "b24leaks: %d suppression(s) matched nothing; remove them:\n", len(unused))
	for _, u := range unused {
		fmt.Fprintf(t.stderr, "  %s\n", u)
	}
}

// writeBaseline writes the scan's findings as a baseline file.
func writeBaseline(o options, t terminal, res *scanner.Result) int {
	f, err := os.Create(o.baselineOut)
	if err == nil {
		err = scanner.WriteBaseline(f, res)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return t.errorf("write baseline: %v", err)
	}
	if !o.quiet {
		fmt.Fprintf(t.stderr, "b24leaks: wrote %d finding(s) to %s; scan with --baseline-path %s to see only new ones\n",
			len(res.Findings), o.baselineOut, o.baselineOut)
	}
	if res.Incomplete() {
		return exitStatus(o, t, res)
	}
	return exitClean
}

// addIgnores runs the ignore command: it appends the entries not in the
// file yet, each with the reason and date as a comment.
func addIgnores(o options, t terminal) int {
	path := cmp.Or(o.ignorePath, scanner.IgnoreFile)
	have := map[string]bool{}
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return t.errorf("ignore: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		have[strings.TrimSpace(scanner.StripComment(line))] = true
	}
	var add []string
	for _, e := range o.paths {
		if _, _, err := scanner.ParseIgnoreEntry(e); err != nil {
			return t.errorf("ignore: %v", err)
		}
		if !have[e] && !slices.Contains(add, e) {
			add = append(add, e)
		}
	}
	comment := time.Now().UTC().Format("2006-01-02")
	if o.message != "" {
		comment = strings.ReplaceAll(o.message, "\n", " ") + " (" + comment + ")"
	}
	var b strings.Builder
	if len(data) > 0 && !strings.HasSuffix(string(data), "\n") {
		b.WriteString("\n")
	}
	for _, e := range add {
		fmt.Fprintf(&b, "%s  # %s\n", e, comment)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err == nil {
		_, err = f.WriteString(b.String())
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return t.errorf("ignore: %v", err)
	}
	fmt.Fprintf(t.stdout, "%s: added %d entr%s, %d already there\n", path, len(add), map[bool]string{true: "y", false: "ies"}[len(add) == 1], len(o.paths)-len(add))
	return exitClean
}
