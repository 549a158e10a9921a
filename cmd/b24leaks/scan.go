package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/rules"
	"github.com/b24leaks/b24leaks/scanner"
	"github.com/b24leaks/b24leaks/scanner/source"
)

// scan runs a scanning command and returns the exit code.
func scan(ctx context.Context, o options, t terminal) int {
	var outs []output
	if o.baselineOut == "" { // a baseline run writes the baseline, no report
		var err error
		if outs, err = o.outputs(t); err != nil {
			return t.errorf("%v", err)
		}
	}
	scanAll, root, err := scanPlan(o, t)
	if err != nil {
		return t.errorf("%v", err)
	}
	sup, err := loadSuppressions(o, root)
	if err != nil {
		return t.errorf("%v", err)
	}
	maxSize, err := parseSize(o.maxSize)
	if err != nil {
		return t.errorf("invalid --max-file-size %q: %v", o.maxSize, err)
	}
	opts := scanner.Options{Rules: sup.rules, Jobs: o.jobs, Filters: sup.filters(), Progress: progressLine(t, o), MaxSize: maxSize}
	if o.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(ctx, o.timeout, errTimeout)
		defer cancel()
	}
	if o.unusedIgn {
		opts.Markers = scanner.AllowMarkers
	}
	res, err := scanAll(ctx, opts)
	if err != nil {
		return interrupted(o, t, err)
	}
	if o.verify {
		verifyFindings(ctx, o, t, res)
		if ctx.Err() != nil {
			return interrupted(o, t, context.Cause(ctx))
		}
	}
	if o.baselineOut != "" {
		return writeBaseline(o, t, res)
	}
	set := sup.rules
	report := reporters.NewReport(res, reporters.ReportOptions{
		Redact: !o.noRedact, Rules: ruleInfos(set), Version: versionString(),
	})
	for _, out := range outs {
		if err := out.write(t, report); err != nil {
			return t.errorf("%v", err)
		}
	}
	warnLegacy(o, t, sup.ignore)
	if o.unusedIgn {
		sup.reportUnused(t, res.UnusedAllows)
	}
	return exitStatus(o, t, res)
}

// ruleInfos describes the rule table for the reporters.
func ruleInfos(set *rules.Set) []reporters.RuleInfo {
	var out []reporters.RuleInfo
	for _, r := range set.Rules() {
		out = append(out, reporters.RuleInfo{
			ID: r.ID, Name: r.Name, Description: r.Description, Fix: r.Fix, Confidence: r.Confidence.String(),
		})
	}
	return out
}

// warnLegacy tells the user which ignore entries are in the format from
// before webhook fingerprints named the portal, and what to write instead.
func warnLegacy(o options, t terminal, ignore *scanner.Ignore) {
	legacy := ignore.Legacy()
	if len(legacy) == 0 || o.quiet {
		return
	}
	fmt.Fprintf(t.stderr, "b24leaks: %d ignore entries use the old webhook fingerprint (rule and code only); they still work, but replace each with the new one:\n", len(legacy))
	for _, e := range legacy {
		fmt.Fprintf(t.stderr, "  %s -> %s\n", e.Old, e.New)
	}
}

// scanPlan opens what the command scans and returns how to scan it, and
// the directory whose ignore file applies. A git scan of several
// repositories (or of one to clone) scans each on its own, --repo-jobs
// at once; one that fails is named and the others go on.
func scanPlan(o options, t terminal) (func(context.Context, scanner.Options) (*scanner.Result, error), string, error) {
	one := func(srcs []scanner.Source) func(context.Context, scanner.Options) (*scanner.Result, error) {
		return func(ctx context.Context, opts scanner.Options) (*scanner.Result, error) {
			return scanner.Scan(ctx, srcs, opts)
		}
	}
	switch o.command {
	case "git":
		targets, err := gitTargets(o)
		if err != nil {
			return nil, "", err
		}
		if len(targets) == 1 && !source.IsRemote(targets[0]) {
			srcs, err := openGit(o, t, targets[0], "")
			return one(srcs), repoRoot(targets[0]), err
		}
		root := "."
		if !source.IsRemote(targets[0]) {
			root = repoRoot(targets[0])
		}
		return func(ctx context.Context, opts scanner.Options) (*scanner.Result, error) {
			opts.Progress = nil // several scans at once: no one line to draw
			return scanner.ScanEach(ctx, scanTargets(o, t, targets), o.repoJobs, opts)
		}, root, nil
	case "dir":
		root := o.paths[0]
		if fi, err := os.Stat(root); err != nil || !fi.IsDir() {
			root = filepath.Dir(root)
		}
		return one([]scanner.Source{source.NewDir(o.paths, source.DirOptions{NoGitignore: o.noGitignore})}), root, nil
	default:
		return one([]scanner.Source{source.NewStdin(t.stdin)}), ".", nil
	}
}

// openGit opens the repository at path (named name in reports, or by its
// path), and with --recurse-submodules each initialized submodule as a
// source of its own, named by its path.
func openGit(o options, t terminal, path, name string) ([]scanner.Source, error) {
	scope, err := gitScope(o, t)
	if err != nil {
		return nil, err
	}
	opts := source.GitOptions{Backend: source.GitBackend(o.gitBackend), Scope: scope,
		CheckObjects: objectCheck(o.checkObj), RecurseSubmodules: o.recurseSubs, Name: name}
	g, err := source.OpenGit(path, opts)
	if err != nil {
		return nil, err
	}
	if !o.recurseSubs {
		return []scanner.Source{g}, nil
	}
	srcs := []scanner.Source{g}
	opts.Submodule = true
	for _, sub := range g.Submodules() {
		if sub.GitDir == "" {
			continue // named in the superproject's notice
		}
		opts.Name = filepath.Join(g.Name(), filepath.FromSlash(sub.Path))
		s, err := source.OpenGit(sub.GitDir, opts)
		if err != nil {
			return nil, fmt.Errorf("submodule %s: %w", sub.Path, err)
		}
		srcs = append(srcs, s)
	}
	return srcs, nil
}

// objectCheck is the --check-objects value as the git source takes it.
func objectCheck(flag string) source.ObjectCheck {
	switch flag {
	case "always":
		return source.CheckObjectsAlways
	case "never":
		return source.CheckObjectsNever
	}
	return source.CheckObjectsAuto
}

// gitScope is what part of the repository the flags select.
func gitScope(o options, t terminal) (source.GitScope, error) {
	switch {
	case o.staged:
		return source.StagedChanges(), nil
	case o.logOpts != "":
		return source.ParseLogOpts(o.logOpts, time.Now())
	case o.sinceCommit != "":
		return source.CommitRange(o.sinceCommit + "..HEAD"), nil
	case o.ci:
		r, ok, err := source.DetectCI(t.getenv, os.ReadFile)
		if err != nil {
			return source.GitScope{}, fmt.Errorf("--ci: %w", err)
		}
		if ok {
			if !o.quiet {
				fmt.Fprintf(t.stderr, "b24leaks: --ci: scanning %s\n", r)
			}
			return source.CIScope(r), nil
		}
		if !o.quiet {
			fmt.Fprintln(t.stderr, "b24leaks: --ci: no CI range found in the environment (GitHub Actions push or pull request, GitLab CI): scanning the whole history")
		}
	}
	return source.AllHistory(), nil
}

// exitStatus prints the scan's errors and stats to stderr and picks the exit code.
func exitStatus(o options, t terminal, res *scanner.Result) int {
	if o.verbose {
		printStats(t.stderr, res.Stats)
		printSuppressed(t.stderr, res.Suppressed)
	}
	redacted := reporters.NewReport(res, reporters.ReportOptions{Redact: true}).Stats
	if !o.quiet {
		for _, n := range redacted.Notices {
			fmt.Fprintf(t.stderr, "b24leaks: note: %s\n", reporters.Printable(n))
		}
	}
	if o.staged && len(res.Findings) > 0 && !o.quiet {
		fmt.Fprint(t.stderr, stagedHint)
	}
	if res.Incomplete() {
		for _, line := range reporters.ErrorLines(redacted.ErrorList, reporters.MaxErrorLines) {
			fmt.Fprintf(t.stderr, "b24leaks: error: %s\n", line)
		}
		fmt.Fprintf(t.stderr, "b24leaks: error: scan incomplete: %d item(s) could not be read\n", len(res.Stats.Errors))
		return exitError
	}
	if len(res.Findings) > 0 {
		return o.exitCode
	}
	return exitClean
}

// repoRoot returns the work tree (or bare repository) directory holding
// path, or path itself when none is found.
func repoRoot(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	for dir := abs; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		if isBareRepo(dir) || filepath.Dir(dir) == dir {
			if isBareRepo(dir) {
				return dir
			}
			return path
		}
	}
}

func isBareRepo(dir string) bool {
	for _, name := range []string{"HEAD", "objects", "refs"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return false
		}
	}
	return true
}

// stagedHint tells a developer whose commit was stopped what to do.
const stagedHint = `b24leaks: the commit was stopped: the staged changes hold a Bitrix24 credential.
  - Remove it from the file and use an environment variable or a secret store, then
    'git add' the file again; 'git restore --staged FILE' unstages a file meanwhile.
  - If the credential was ever pushed or shared, rotate it (see Fix above).
  - A false positive: add its fingerprint to .b24leaksignore (one per line), or put a
    'b24leaks:allow' comment on the line.
`

var errTimeout = errors.New("timeout")

// interrupted reports a scan that did not finish: a --timeout (exit 2)
// or Ctrl-C / SIGTERM (exit 130); nothing is claimed about the rest.
func interrupted(o options, t terminal, err error) int {
	if errors.Is(err, errTimeout) {
		t.errorf("scan incomplete: stopped by --timeout %s; what was not read by then was not scanned", o.timeout)
		return exitError
	}
	fmt.Fprintln(t.stderr, "b24leaks: interrupted: scan incomplete, nothing is claimed about what was not read")
	return exitInterrupted
}

// parseSize reads "1048576", "500K", "10M" or "2G" (powers of 1024).
func parseSize(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	mult := int64(1)
	switch strings.ToUpper(s[len(s)-1:]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	if mult > 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, errors.New("want a positive number of bytes, or with K, M or G")
	}
	return n * mult, nil
}
