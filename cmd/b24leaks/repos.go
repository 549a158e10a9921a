package main

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/b24leaks/b24leaks/scanner"
	"github.com/b24leaks/b24leaks/scanner/source"
)

// gitTargets lists the repositories of a git scan: the PATHs and URLs
// given, then the lines of --repos-from (blank lines and # comments
// skipped).
func gitTargets(o options) ([]string, error) {
	targets := append([]string(nil), o.paths...)
	if o.reposFrom == "" {
		return targets, nil
	}
	f, err := os.Open(o.reposFrom)
	if err != nil {
		return nil, fmt.Errorf("--repos-from: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			targets = append(targets, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--repos-from %s: %w", o.reposFrom, err)
	}
	if len(targets) == 0 {
		return nil, fmt.Errorf("--repos-from %s: no repositories in it", o.reposFrom)
	}
	return targets, nil
}

// scanTargets makes each repository a scan of its own: a URL is cloned
// (credentials from the environment), a path opened, with its
// submodules when asked.
func scanTargets(o options, t terminal, targets []string) []scanner.Target {
	out := make([]scanner.Target, len(targets))
	for i, target := range targets {
		name := source.Redact(target)
		out[i] = scanner.Target{Name: name, Open: func(ctx context.Context) ([]scanner.Source, func(), error) {
			if !source.IsRemote(target) {
				srcs, err := openGit(o, t, target, "")
				return srcs, func() {}, err
			}
			user, token := gitToken(t.getenv, target)
			dir, cleanup, err := source.Clone(ctx, target, source.CloneOptions{Dir: o.cloneDir, Token: token, User: user})
			if err != nil {
				return nil, nil, err
			}
			srcs, err := openGit(o, t, dir, name)
			if err != nil {
				cleanup()
				return nil, nil, err
			}
			return srcs, cleanup, nil
		}}
	}
	return out
}

// gitToken picks the credentials for an HTTP(S) clone from the
// environment: B24LEAKS_GIT_TOKEN for any host, else GITHUB_TOKEN for
// github.com and GITLAB_TOKEN for GitLab hosts; the user names are those
// the services accept with a token.
func gitToken(getenv func(string) string, target string) (user, token string) {
	if tok := getenv("B24LEAKS_GIT_TOKEN"); tok != "" {
		return "b24leaks", tok
	}
	u, err := url.Parse(target)
	if err != nil {
		return "", ""
	}
	host := strings.ToLower(u.Hostname())
	switch {
	case host == "github.com" && getenv("GITHUB_TOKEN") != "":
		return "x-access-token", getenv("GITHUB_TOKEN")
	case strings.Contains(host, "gitlab") && getenv("GITLAB_TOKEN") != "":
		return "oauth2", getenv("GITLAB_TOKEN")
	}
	return "", ""
}
