package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/b24leaks/b24leaks/reporters"
)

// options are the parsed command line.
type options struct {
	command     string
	paths       []string
	reports     reportSpecs // -f and -r, in command-line order
	staged      bool
	logOpts     string
	sinceCommit string
	ci          bool
	force       bool
	uninstall   bool
	baselineIn  string // --baseline-path
	baselineOut string // baseline -o
	configPath  string
	unusedIgn   bool
	message     string // ignore -m
	rulesFormat string
	maxSize     string
	timeout     time.Duration
	noRedact    bool
	color       string
	exitCode    int
	verbose     bool
	quiet       bool
	noProgress  bool
	jobs        int
	gitBackend  string
	checkObj    string // --check-objects
	recurseSubs bool
	reposFrom   string
	repoJobs    int
	cloneDir    string
	verify      bool
	verifyWait  time.Duration // --verify-timeout
	allowHTTP   bool
	allowPriv   bool
	results     string
	minConf     string // --min-confidence
	resultsSet  bool
	noGitignore bool
	ignorePath  string
}

const mainUsage = `b24leaks finds leaked Bitrix24 credentials: inbound webhook URLs, outbound
webhook tokens, OAuth client secrets and tokens, and VibeCode keys.

Usage:
  b24leaks git [PATH|URL...] scan the whole history of the repositories (default .)
  b24leaks dir [PATH ...]    scan files on disk (default .), honouring .gitignore
  b24leaks stdin             scan standard input
  b24leaks install-hook      install a git pre-commit hook that scans what is staged
  b24leaks ignore FP...      add fingerprints to .b24leaksignore
  b24leaks baseline CMD ...  write the findings of a git, dir or stdin scan as a baseline
  b24leaks merge REPORT...   merge JSON reports of separate runs into one report
  b24leaks rules             list the rules (--format gitleaks: as a gitleaks rule set)
  b24leaks version           print the version

Run 'b24leaks COMMAND --help' for the flags of a command.

Exit codes: 0 no leaks, 1 leaks found (see --exit-code), 2 error or incomplete
scan, 130 interrupted.
`

var commandUsage = map[string]string{
	"git": `Usage: b24leaks git [PATH|URL ...] [flags]

Scans every commit reachable from every ref (branches, tags, remote-tracking
refs, stash) of the repository at PATH: each distinct blob once, plus commit
and annotated tag messages. PATH may be a work tree, a directory inside one,
or a bare repository. --staged, --log-opts, --since-commit and --ci narrow
the scan to what is staged or to a range of commits. Several PATHs and clone
URLs (and --repos-from FILE) are scanned each on its own and reported
together; URLs are cloned with B24LEAKS_GIT_TOKEN, GITHUB_TOKEN or
GITLAB_TOKEN for HTTPS, the SSH agent for SSH.

Examples:
  b24leaks git
  b24leaks git ../legacy-crm -f json -r leaks.json
  b24leaks git --staged                          # in a pre-commit hook
  b24leaks git --log-opts "origin/main..HEAD"    # only new commits
  b24leaks git --ci -f sarif -r b24leaks.sarif -f github
  b24leaks git --repos-from repos.txt --repo-jobs 2 -f html -r audit.html
`,
	"dir": `Usage: b24leaks dir [PATH ...] [flags]

Scans files on disk. Directories are walked honouring .gitignore files at
every level; .git directories are skipped; symbolic links inside a directory
are not followed; compressed and media files are skipped and counted (other
content with NUL bytes is scanned); UTF-16 files are decoded.

Examples:
  b24leaks dir
  b24leaks dir src config/settings.php
  b24leaks dir --no-gitignore -f json
`,
	"stdin": `Usage: b24leaks stdin [flags]

Scans standard input, reported as path "-".

Examples:
  curl -s https://intranet.example/log.txt | b24leaks stdin
  git diff | b24leaks stdin -f json
`,
	"install-hook": `Usage: b24leaks install-hook [PATH] [flags]

Installs a git pre-commit hook in the repository at PATH (default .) that
runs 'b24leaks git --staged' by absolute path. It honours core.hooksPath
and linked work trees; an existing pre-commit hook is kept and still run
first. Running it again changes nothing; --uninstall removes only what it
added and puts a kept hook back.

Examples:
  b24leaks install-hook
  b24leaks install-hook ../crm-sync --force
  b24leaks install-hook --uninstall
`,
	"ignore": `Usage: b24leaks ignore FINGERPRINT... [flags]

Adds fingerprints (or PATH:FINGERPRINT, to suppress in one file only) to
the ignore file, with the reason and date as a comment; entries already
there are not added again. The text report prints each finding's entry.

Examples:
  b24leaks ignore 56d124499553ef3753808d05e13ddb4d -m "test portal, revoked"
  b24leaks ignore docs/setup.md:56d124499553ef3753808d05e13ddb4d
`,
	"baseline": `Usage: b24leaks baseline git|dir|stdin [ARGS] -o FILE [flags]

Scans as 'b24leaks git', 'dir' or 'stdin' would (with their flags) and
writes the findings to FILE as a baseline: one finding per line, sorted,
without dates or line numbers, so that it merges cleanly. Later scans
with --baseline-path FILE report only what is new.

Examples:
  b24leaks baseline git . -o .b24leaks-baseline
  b24leaks git --baseline-path .b24leaks-baseline
`,
	"rules": `Usage: b24leaks rules [--format text|gitleaks]

Lists the rules: id, what each finds, confidence, an example. With
--format gitleaks, prints them as a gitleaks (or betterleaks) TOML rule
set, saying which of b24leaks' checks that engine cannot express.

Examples:
  b24leaks rules
  b24leaks rules --format gitleaks > bitrix24.toml
`,
	"merge": `Usage: b24leaks merge REPORT.json... [flags]

Merges JSON reports of separate runs (-f json, one per repository or per
machine) into the report one run over all their repositories would give:
a credential found in several is one finding with every location. Writes
it in any format; exits as a scan would (0 clean, 1 leaks, 2 if any run
was incomplete).

Examples:
  b24leaks merge crm.json portal.json -f html -r audit.html
  b24leaks merge reports/*.json -f sarif -r audit.sarif
`,
	"version": `Usage: b24leaks version

Prints the version.
`,
}

// newFlagSet declares the flags of command into o.
func newFlagSet(command string, o *options) *pflag.FlagSet {
	fs := pflag.NewFlagSet("b24leaks "+command, pflag.ContinueOnError)
	fs.SortFlags = false
	switch command {
	case "version":
		return fs
	case "ignore":
		fs.StringVarP(&o.message, "message", "m", "", "why the findings are accepted, written as a comment with the date")
		fs.StringVar(&o.ignorePath, "ignore-path", "", "the ignore `FILE` to add to (default: .b24leaksignore in the current directory)")
		return fs
	case "rules":
		fs.StringVar(&o.rulesFormat, "format", "text", "text, or gitleaks for a gitleaks/betterleaks TOML rule set")
		return fs
	case "merge":
		fs.VarP(formatFlag{&o.reports}, "report-format", "f", "report `FORMAT`: "+strings.Join(reporters.Formats(), ", ")+" (default text; repeat for several)")
		fs.VarP(pathFlag{&o.reports}, "report-path", "r", "write the report to `FILE` instead of stdout (each -r is for the -f before it)")
		fs.BoolVar(&o.noRedact, "no-redact", false, "print secrets as the reports hold them (redacted by default)")
		fs.StringVar(&o.color, "color", "auto", "colour the text report: auto, always or never (auto honours NO_COLOR)")
		fs.IntVar(&o.exitCode, "exit-code", exitLeaks, "exit code when leaks are found")
		fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing to stderr but errors")
		return fs
	case "install-hook":
		fs.BoolVar(&o.force, "force", false, "replace an existing pre-commit hook (kept as pre-commit.b24leaks-backup) instead of running it first")
		fs.BoolVar(&o.uninstall, "uninstall", false, "remove the hook install-hook added and restore a hook it kept")
		return fs
	}
	fs.VarP(formatFlag{&o.reports}, "report-format", "f", "report `FORMAT`: "+strings.Join(reporters.Formats(), ", ")+" (default text; repeat for several)")
	fs.VarP(pathFlag{&o.reports}, "report-path", "r", "write the report to `FILE` instead of stdout (each -r is for the -f before it)")
	fs.BoolVar(&o.noRedact, "no-redact", false, "print secrets in full (redacted by default)")
	fs.StringVar(&o.color, "color", "auto", "colour the text report: auto, always or never (auto honours NO_COLOR)")
	fs.IntVar(&o.exitCode, "exit-code", exitLeaks, "exit code when leaks are found")
	fs.StringVar(&o.ignorePath, "ignore-path", "", "suppress the fingerprints listed in `FILE` (default: "+ignoreFileHelp(command)+")")
	fs.StringVar(&o.baselineIn, "baseline-path", "", "report only findings not in the baseline `FILE` (from 'b24leaks baseline' or a gitleaks JSON report)")
	fs.StringVar(&o.configPath, "config", "", "read allowlists and rule settings from `FILE` (default: "+configHelp(command)+")")
	fs.StringVar(&o.maxSize, "max-file-size", "", "skip files and blobs larger than `SIZE` (bytes, or with K, M, G), counted and named")
	fs.DurationVar(&o.timeout, "timeout", 0, "stop the scan after `DURATION` (e.g. 10m); the report then says it is incomplete and the exit code is 2")
	fs.BoolVar(&o.unusedIgn, "report-unused-ignores", false, "list ignore entries, allow comments and baseline entries that suppressed nothing")
	fs.StringVar(&o.minConf, "min-confidence", "", "report (and set the exit code by) only findings of at least this `CONFIDENCE`: low, medium or high (default: all; overrides the config file)")
	fs.BoolVar(&o.verify, "verify", false, "check each credential found against Bitrix24 (read-only calls; off by default, needs the network)")
	fs.DurationVar(&o.verifyWait, "verify-timeout", 10*time.Second, "give up on one verification request after `DURATION`")
	fs.BoolVar(&o.allowHTTP, "verify-allow-http", false, "let --verify reach self-hosted portals over plain HTTP when HTTPS fails")
	fs.BoolVar(&o.allowPriv, "verify-allow-private", false, "let --verify reach portals at loopback, private and link-local addresses (intranet portals)")
	fs.StringVar(&o.results, "results", "live,invalid,inconclusive,unchecked", "with --verify, report (and set the exit code by) only findings with these `STATUSES`")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "print scan statistics (and with --verify each request, redacted) to stderr")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing to stderr but errors; no progress")
	fs.BoolVar(&o.noProgress, "no-progress", false, "do not draw progress on stderr (drawn only on a terminal)")
	fs.IntVarP(&o.jobs, "jobs", "j", 0, "match workers (default: number of CPUs); also git processes reading history, at most 4")
	switch command {
	case "baseline":
		addBaselineFlags(fs, o)
	case "git":
		fs.BoolVar(&o.staged, "staged", false, "scan only what is staged for the next commit (pre-commit hooks)")
		fs.StringVar(&o.logOpts, "log-opts", "", "scan only the commits these git log `ARGS` select: A..B, A...B, --all, --since=DATE, -- PATH")
		fs.StringVar(&o.sinceCommit, "since-commit", "", "scan only the commits after `REF` (REF..HEAD)")
		fs.BoolVar(&o.ci, "ci", false, "scan the commits the CI job is for (GitHub Actions, GitLab CI); the whole history when it cannot tell")
		fs.StringVar(&o.gitBackend, "git-backend", "auto", "how to read objects: auto, go-git or git (auto reads a whole history in process, a range with git when installed)")
		fs.StringVar(&o.checkObj, "check-objects", "auto", "check that no object history refers to is missing: auto (partial clones, and histories of at most 50,000 objects), always or never; alone: always")
		fs.Lookup("check-objects").NoOptDefVal = "always"
		fs.StringVar(&o.reposFrom, "repos-from", "", "also scan the repositories listed in `FILE`: one path or clone URL per line, # comments")
		fs.IntVar(&o.repoJobs, "repo-jobs", 1, "scan up to `N` repositories at once (each with the memory of one scan)")
		fs.StringVar(&o.cloneDir, "clone-dir", "", "keep clones of URLs in `DIR` and fetch only what changed next time (default: a temporary directory, removed)")
		fs.BoolVar(&o.recurseSubs, "recurse-submodules", false, "also scan the whole history of every initialized submodule (nested ones too), reported under its path")
	case "dir":
		fs.BoolVar(&o.noGitignore, "no-gitignore", false, "scan files that .gitignore files exclude")
	}
	return fs
}

// addBaselineFlags declares what the baseline command adds to a scan's flags.
func addBaselineFlags(fs *pflag.FlagSet, o *options) {
	fs.StringVarP(&o.baselineOut, "output", "o", "", "write the baseline to `FILE` (required)")
}

// configHelp says where the configuration file is looked for.
func configHelp(command string) string {
	return strings.Replace(ignoreFileHelp(command), ".b24leaksignore", ".b24leaks.toml", 1)
}

func ignoreFileHelp(command string) string {
	switch command {
	case "stdin":
		return ".b24leaksignore in the current directory"
	case "git":
		return ".b24leaksignore in the repository root"
	}
	return ".b24leaksignore in the first PATH"
}

// usage is the full --help text of a command.
func usage(command string, fs *pflag.FlagSet) string {
	var b strings.Builder
	b.WriteString(commandUsage[command])
	if flags := fs.FlagUsages(); flags != "" {
		fmt.Fprintf(&b, "\nFlags:\n%s", flags)
	}
	b.WriteString("  -h, --help                 show this help\n")
	return b.String()
}
