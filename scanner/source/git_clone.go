package source

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
)

// CloneOptions configure Clone.
type CloneOptions struct {
	// Dir keeps clones: a repository already cloned there is fetched
	// (only what changed) instead of cloned again. Empty means a temporary
	// directory, removed by the cleanup Clone returns.
	Dir string
	// Token authenticates HTTP(S) clones (basic auth, the token as the
	// password, User as the user name); SSH clones use the SSH agent.
	Token, User string
}

// IsRemote reports whether target names a repository to clone (https://,
// http://, ssh://, git://, file://, or scp-like user@host:path) rather
// than a local path.
func IsRemote(target string) bool {
	for _, p := range remoteSchemes {
		if strings.HasPrefix(target, p) {
			return true
		}
	}
	return scpLike.MatchString(target)
}

var (
	remoteSchemes = []string{"https://", "http://", "ssh://", "git://", "file://"}
	scpLike       = regexp.MustCompile(`^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/]`)
	notNameChars  = regexp.MustCompile(`[^A-Za-z0-9._-]+`)
)

// Clone makes a bare mirror of every ref of the repository at rawURL
// with go-git and returns its git directory and a cleanup that removes a
// temporary one. Errors name the repository without any user info its
// URL may hold.
func Clone(ctx context.Context, rawURL string, opts CloneOptions) (string, func(), error) {
	name := Redact(rawURL)
	var auth transport.AuthMethod
	if opts.Token != "" && (strings.HasPrefix(rawURL, "https://") || strings.HasPrefix(rawURL, "http://")) {
		auth = &githttp.BasicAuth{Username: opts.User, Password: opts.Token}
	}
	dir, cleanup := "", func() {}
	if opts.Dir == "" {
		tmp, err := os.MkdirTemp("", "b24leaks-clone-")
		if err != nil {
			return "", nil, fmt.Errorf("clone %s: %w", name, err)
		}
		dir, cleanup = tmp, func() { os.RemoveAll(tmp) }
	} else {
		dir = filepath.Join(opts.Dir, cloneDirName(rawURL))
		if repo, err := git.PlainOpen(dir); err == nil {
			err := repo.FetchContext(ctx, &git.FetchOptions{RemoteName: "origin", Auth: auth, Force: true, Prune: true,
				RefSpecs: []config.RefSpec{"+refs/*:refs/*"}, Tags: git.NoTags})
			if err != nil && !errors.Is(err, git.NoErrAlreadyUpToDate) {
				return "", nil, fmt.Errorf("fetch %s into %s: %s", name, dir, explain(err))
			}
			return dir, cleanup, nil
		}
	}
	_, err := git.PlainCloneContext(ctx, dir, true, &git.CloneOptions{URL: rawURL, Auth: auth, Mirror: true, Tags: git.NoTags})
	if err != nil {
		cleanup()
		if opts.Dir != "" {
			os.RemoveAll(dir) // no half clone is kept to be fetched into later
		}
		return "", nil, fmt.Errorf("clone %s: %s", name, explain(err))
	}
	return dir, cleanup, nil
}

// explain words a clone error for the person who must fix it.
func explain(err error) string {
	switch {
	case errors.Is(err, transport.ErrAuthenticationRequired):
		return "the server wants credentials: set B24LEAKS_GIT_TOKEN (or GITHUB_TOKEN, GITLAB_TOKEN) or load an SSH key into the agent"
	case errors.Is(err, transport.ErrAuthorizationFailed):
		return "the server refused the credentials: check B24LEAKS_GIT_TOKEN (or GITHUB_TOKEN, GITLAB_TOKEN)"
	case errors.Is(err, transport.ErrRepositoryNotFound):
		return "no such repository (or it is private and the credentials do not reach it)"
	case errors.Is(err, transport.ErrEmptyRemoteRepository):
		return "the repository is empty"
	}
	return err.Error()
}

// Redact is a repository URL without the user info (user:password@) it
// may carry, for messages and reports.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil || u.Scheme == "" {
		return rawURL
	}
	u.User = nil
	return u.String()
}

// cloneDirName is a stable directory name for a repository URL.
func cloneDirName(rawURL string) string {
	s := Redact(rawURL)
	for _, p := range remoteSchemes {
		s = strings.TrimPrefix(s, p)
	}
	s = strings.TrimSuffix(strings.Trim(s, "/"), ".git")
	s = notNameChars.ReplaceAllString(s, "_")
	return strings.Trim(s, "_.") + ".git"
}
