// Package reporters prints a scan result for people (text) or programs
// (json). Reporters never print a secret in full unless Options.Redact is
// false: with redaction on, every secret of the result is also masked in the
// free text they print (commit messages, paths, authors, errors).
package reporters

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/b24leaks/b24leaks/scanner"
)

// RuleInfo gives reporters what they need to know about a rule without
// importing the rule table.
type RuleInfo struct{ ID, Name, Fix string }

// Options tune a reporter.
type Options struct {
	Redact  bool                     // print secrets as Secret.String(): the first 4 characters, then '*'
	Color   bool                     // colour the text report
	Rules   func(id string) RuleInfo // rule lookup; nil means rules are known by id only
	Version string                   // tool version, for the json "version" field
}

// Reporter writes a scan result.
type Reporter interface {
	Report(w io.Writer, res *scanner.Result) error
}

// Formats lists the report formats New accepts.
func Formats() []string { return []string{"text", "json"} }

// New returns the reporter for format.
func New(format string, opts Options) (Reporter, error) {
	switch format {
	case "text":
		return &textReporter{opts: opts, pal: newPalette(opts.Color)}, nil
	case "json":
		return &jsonReporter{opts: opts}, nil
	}
	return nil, fmt.Errorf("unknown report format %q (want %s)", format, strings.Join(Formats(), " or "))
}

// rule looks a rule up, falling back to its id alone.
func (o Options) rule(id string) RuleInfo {
	if o.Rules == nil {
		return RuleInfo{ID: id}
	}
	info := o.Rules(id)
	info.ID = id
	return info
}

// secret returns the secret as it may be printed.
func (o Options) secret(s scanner.Secret) string {
	if o.Redact {
		return s.String()
	}
	return s.Reveal()
}

// masker returns a function that masks every secret of res in free text,
// or the identity when redaction is off.
func (o Options) masker(res *scanner.Result) func(string) string {
	if !o.Redact {
		return func(s string) string { return s }
	}
	var secrets []string
	for _, f := range res.Findings {
		if s := f.Secret.Reveal(); s != "" {
			secrets = append(secrets, s)
		}
	}
	// Longest first, so a secret containing another is masked whole.
	sort.SliceStable(secrets, func(i, j int) bool { return len(secrets[i]) > len(secrets[j]) })
	pairs := make([]string, 0, 2*len(secrets))
	for _, s := range secrets {
		pairs = append(pairs, s, scanner.Redact(s))
	}
	return strings.NewReplacer(pairs...).Replace
}

// kindName is the json name of a location kind.
func kindName(k scanner.Kind) string {
	switch k {
	case scanner.KindFile:
		return "file"
	case scanner.KindHistory:
		return "history"
	case scanner.KindCommitMessage:
		return "commit_message"
	case scanner.KindTagMessage:
		return "tag_message"
	case scanner.KindStdin:
		return "stdin"
	}
	return "unknown"
}

// hasAtHead reports whether a location of kind k says whether it is at HEAD.
func hasAtHead(k scanner.Kind) bool {
	return k == scanner.KindHistory || k == scanner.KindCommitMessage
}
