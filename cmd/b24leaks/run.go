package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/b24leaks/b24leaks/rules"
	"io"
	"slices"

	"github.com/spf13/pflag"
)

// run is the whole program but for the process exit: it returns the exit code.
func run(ctx context.Context, args []string, t terminal) int {
	if len(args) == 0 {
		fmt.Fprint(t.stderr, mainUsage)
		return exitError
	}
	command := args[0]
	switch command {
	case "-h", "--help", "help":
		fmt.Fprint(t.stdout, mainUsage)
		return exitClean
	case "--version":
		command = "version"
	}
	if _, ok := commandUsage[command]; !ok {
		return t.errorf("unknown command %q (want git, dir, stdin, install-hook, ignore, baseline, merge, rules or version); run 'b24leaks --help'", command)
	}
	o := options{command: command}
	rest := args[1:]
	if command == "baseline" {
		if len(rest) == 0 || !slices.Contains([]string{"git", "dir", "stdin"}, rest[0]) {
			if len(rest) > 0 && (rest[0] == "-h" || rest[0] == "--help") {
				fmt.Fprint(t.stdout, usage("baseline", newFlagSet("baseline", &o)))
				return exitClean
			}
			return t.errorf("baseline: say what to scan: b24leaks baseline git|dir|stdin ... -o FILE")
		}
		o.command, rest = rest[0], rest[1:]
	}
	fs := newFlagSet(o.command, &o)
	if command == "baseline" {
		addBaselineFlags(fs, &o)
	}
	fs.SetOutput(io.Discard)
	if err := fs.Parse(rest); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			fmt.Fprint(t.stdout, usage(command, fs))
			return exitClean
		}
		return t.errorf("%v; run 'b24leaks %s --help'", err, command)
	}
	o.paths = fs.Args()
	if f := fs.Lookup("results"); f != nil {
		o.resultsSet = f.Changed
	}
	if err := o.validate(); err != nil {
		return t.errorf("%v; run 'b24leaks %s --help'", err, command)
	}
	if command == "baseline" && o.baselineOut == "" {
		return t.errorf("baseline: -o FILE is required; run 'b24leaks baseline --help'")
	}
	switch command {
	case "version":
		fmt.Fprintln(t.stdout, "b24leaks", versionLine())
		return exitClean
	case "install-hook":
		return installHook(o, t)
	case "ignore":
		return addIgnores(o, t)
	case "rules":
		return listRules(o, t)
	case "merge":
		return mergeReports(o, t)
	}
	return scan(ctx, o, t)
}

// validate checks values and combinations the flag parser cannot.
func (o *options) validate() error {
	switch {
	case o.command == "version" && len(o.paths) > 0,
		o.command == "stdin" && len(o.paths) > 0:
		return fmt.Errorf("%s takes no arguments, got %q", o.command, o.paths)
	case o.command == "install-hook" && len(o.paths) > 1:
		return fmt.Errorf("%s takes one repository path, got %d", o.command, len(o.paths))
	case o.command == "git" && (len(o.paths) > 1 || o.reposFrom != "") && (o.staged || o.ci):
		return errors.New("--staged and --ci scan one repository: give one PATH")
	case o.command == "git" && o.repoJobs < 1:
		return fmt.Errorf("invalid --repo-jobs %d (want 1 or more)", o.repoJobs)
	case o.command == "git" && scopeFlags(o) > 1:
		return errors.New("--staged, --log-opts, --since-commit and --ci each choose what to scan: give one")
	case o.command == "version":
		return nil
	case o.command == "merge" && len(o.paths) == 0:
		return errors.New("merge takes one or more JSON reports")
	case o.command == "merge":
		return nil
	case o.command == "ignore":
		if len(o.paths) == 0 {
			return errors.New("ignore takes one or more fingerprints")
		}
		return nil
	case o.command == "rules":
		if len(o.paths) > 0 || o.rulesFormat != "text" && o.rulesFormat != "gitleaks" {
			return fmt.Errorf("rules takes no arguments and --format text or gitleaks")
		}
		return nil
	case o.command == "install-hook":
		if len(o.paths) == 0 {
			o.paths = []string{"."}
		}
		return nil
	case !slices.Contains([]string{"auto", "always", "never"}, o.color):
		return fmt.Errorf("invalid --color %q (want auto, always or never)", o.color)
	case o.command == "git" && !slices.Contains([]string{"auto", "go-git", "git"}, o.gitBackend):
		return fmt.Errorf("invalid --git-backend %q (want auto, go-git or git)", o.gitBackend)
	case o.minConf != "" && !validConfidence(o.minConf):
		return fmt.Errorf("invalid --min-confidence %q (want low, medium or high)", o.minConf)
	case o.resultsSet && !o.verify:
		return errors.New("--results filters by what --verify found: add --verify")
	case o.resultsSet && !validResults(o.results):
		return fmt.Errorf("invalid --results %q (want a comma-separated list of live, invalid, inconclusive, unchecked)", o.results)
	case o.verify && o.verifyWait <= 0:
		return fmt.Errorf("invalid --verify-timeout %s (want more than 0)", o.verifyWait)
	case o.recurseSubs && (o.staged || o.logOpts != "" || o.sinceCommit != "" || o.ci):
		return errors.New("--recurse-submodules scans whole histories: it cannot be combined with --staged, --log-opts, --since-commit or --ci")
	case o.command == "git" && !slices.Contains([]string{"auto", "always", "never"}, o.checkObj):
		return fmt.Errorf("invalid --check-objects %q (want auto, always or never)", o.checkObj)
	case o.exitCode < 0 || o.exitCode > 255:
		return fmt.Errorf("invalid --exit-code %d (want 0 to 255)", o.exitCode)
	case o.jobs < 0:
		return fmt.Errorf("invalid --jobs %d", o.jobs)
	}
	if len(o.paths) == 0 && o.command != "stdin" && o.reposFrom == "" {
		o.paths = []string{"."}
	}
	return nil
}

// scopeFlags counts the flags that choose the part of a repository to scan.
func scopeFlags(o *options) int {
	n := 0
	for _, set := range []bool{o.staged, o.logOpts != "", o.sinceCommit != "", o.ci} {
		if set {
			n++
		}
	}
	return n
}

func validConfidence(s string) bool {
	_, err := rules.ParseConfidence(s)
	return err == nil
}
