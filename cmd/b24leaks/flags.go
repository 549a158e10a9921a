package main

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"
)

// options are the parsed command line.
type options struct {
	command     string
	paths       []string
	format      string
	reportPath  string
	noRedact    bool
	color       string
	exitCode    int
	verbose     bool
	quiet       bool
	noProgress  bool
	jobs        int
	gitBackend  string
	noGitignore bool
	ignorePath  string
}

const mainUsage = `b24leaks finds leaked Bitrix24 credentials: inbound webhook URLs, outbound
webhook tokens, OAuth client secrets and tokens, and VibeCode keys.

Usage:
  b24leaks git [PATH]        scan the whole history of the repository at PATH (default .)
  b24leaks dir [PATH ...]    scan files on disk (default .), honouring .gitignore
  b24leaks stdin             scan standard input
  b24leaks version           print the version

Run 'b24leaks COMMAND --help' for the flags of a command.

Exit codes: 0 no leaks, 1 leaks found (see --exit-code), 2 error or incomplete scan.
`

var commandUsage = map[string]string{
	"git": `Usage: b24leaks git [PATH] [flags]

Scans every commit reachable from every ref (branches, tags, remote-tracking
refs, stash) of the repository at PATH: each distinct blob once, plus commit
and annotated tag messages. PATH may be a work tree, a directory inside one,
or a bare repository.

Examples:
  b24leaks git
  b24leaks git ../legacy-crm -f json -r leaks.json
  b24leaks git --git-backend go-git --no-redact
`,
	"dir": `Usage: b24leaks dir [PATH ...] [flags]

Scans files on disk. Directories are walked honouring .gitignore files at
every level; .git directories are skipped; symbolic links inside a directory
are not followed; binary files are skipped and counted.

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
	"version": `Usage: b24leaks version

Prints the version.
`,
}

// newFlagSet declares the flags of command into o.
func newFlagSet(command string, o *options) *pflag.FlagSet {
	fs := pflag.NewFlagSet("b24leaks "+command, pflag.ContinueOnError)
	fs.SortFlags = false
	if command == "version" {
		return fs
	}
	fs.StringVarP(&o.format, "report-format", "f", "text", "report format: text or json")
	fs.StringVarP(&o.reportPath, "report-path", "r", "", "write the report to `FILE` instead of stdout")
	fs.BoolVar(&o.noRedact, "no-redact", false, "print secrets in full (redacted by default)")
	fs.StringVar(&o.color, "color", "auto", "colour the text report: auto, always or never (auto honours NO_COLOR)")
	fs.IntVar(&o.exitCode, "exit-code", exitLeaks, "exit code when leaks are found")
	fs.StringVar(&o.ignorePath, "ignore-path", "", "suppress the fingerprints listed in `FILE` (default: "+ignoreFileHelp(command)+")")
	fs.BoolVarP(&o.verbose, "verbose", "v", false, "print scan statistics to stderr")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "print nothing to stderr but errors; no progress")
	fs.BoolVar(&o.noProgress, "no-progress", false, "do not draw progress on stderr (drawn only on a terminal)")
	fs.IntVarP(&o.jobs, "jobs", "j", 0, "match workers (default: number of CPUs); also git processes reading history, at most 4")
	switch command {
	case "git":
		fs.StringVar(&o.gitBackend, "git-backend", "auto", "how to read objects: auto, go-git or git (auto uses git when installed)")
	case "dir":
		fs.BoolVar(&o.noGitignore, "no-gitignore", false, "scan files that .gitignore files exclude")
	}
	return fs
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
