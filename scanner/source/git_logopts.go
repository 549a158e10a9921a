package source

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// ParseLogOpts reads git log arguments, as gitleaks' --log-opts takes
// them, into a commit range: revisions and ranges (A..B, A...B, ^A, names
// and ids), --all, --branches, --tags, --remotes, --since/--after and
// --until/--before (dates as git writes them, or "2 weeks ago"), and path
// limits after "--". Anything else is an error naming it. now anchors
// relative dates.
func ParseLogOpts(opts string, now time.Time) (GitScope, error) {
	args, err := splitArgs(opts)
	if err != nil {
		return GitScope{}, fmt.Errorf("--log-opts: %w", err)
	}
	s := GitScope{kind: scopeRange}
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, value, hasValue := strings.Cut(a, "=")
		switch {
		case a == "--":
			s.paths = append(s.paths, args[i+1:]...)
			i = len(args)
		case a == "--all", a == "--branches", a == "--tags", a == "--remotes":
			s.revs = append(s.revs, a)
		case name == "--since", name == "--after", name == "--until", name == "--before":
			if !hasValue {
				if i+1 == len(args) {
					return GitScope{}, fmt.Errorf("--log-opts: %s needs a date", name)
				}
				i++
				value = args[i]
			}
			t, err := parseGitDate(value, now)
			if err != nil {
				return GitScope{}, fmt.Errorf("--log-opts: %s: %w", name, err)
			}
			if name == "--since" || name == "--after" {
				s.since = t
			} else {
				s.until = t
			}
		case strings.HasPrefix(a, "-") && a != "-":
			return GitScope{}, fmt.Errorf("--log-opts: %s is not supported (use revisions, ranges, --all, --branches, --tags, --remotes, --since, --until and -- PATH...)", a)
		default:
			s.revs = append(s.revs, a)
		}
	}
	if len(s.revs) == 0 {
		s.revs = []string{"HEAD"}
	}
	return s, nil
}

// splitArgs splits a command line on spaces, honouring single and double
// quotes.
func splitArgs(s string) ([]string, error) {
	var out []string
	var cur strings.Builder
	quote, inArg := rune(0), false
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inArg = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inArg {
				out, inArg = append(out, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote in %q", quote, s)
	}
	if inArg {
		out = append(out, cur.String())
	}
	return out, nil
}

var relativeDate = regexp.MustCompile(`^(\d+)[. ]?(second|minute|hour|day|week|month|year)s?[. ]ago$`)

// parseGitDate reads an absolute date (2024-01-31, 2024-01-31 15:04:05,
// RFC 3339) or a relative one ("2.weeks.ago", "3 days ago").
func parseGitDate(v string, now time.Time) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, v, time.Local); err == nil {
			return t, nil
		}
	}
	m := relativeDate.FindStringSubmatch(strings.ToLower(strings.TrimSpace(v)))
	if m == nil {
		return time.Time{}, fmt.Errorf("cannot read date %q (want 2024-01-31, 2024-01-31 15:04:05 or 2.weeks.ago)", v)
	}
	n, _ := strconv.Atoi(m[1])
	switch m[2] {
	case "second":
		return now.Add(-time.Duration(n) * time.Second), nil
	case "minute":
		return now.Add(-time.Duration(n) * time.Minute), nil
	case "hour":
		return now.Add(-time.Duration(n) * time.Hour), nil
	case "day":
		return now.AddDate(0, 0, -n), nil
	case "week":
		return now.AddDate(0, 0, -7*n), nil
	case "month":
		return now.AddDate(0, -n, 0), nil
	}
	return now.AddDate(-n, 0, 0), nil
}
