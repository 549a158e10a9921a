// Package githook installs and removes the b24leaks pre-commit hook of a
// git repository. The hooks directory is the one git itself runs hooks
// from (`git rev-parse --git-path hooks`): core.hooksPath when set, the
// common directory's hooks for a linked work tree. An existing pre-commit
// hook is kept and run first; nothing but what Install added is removed.
package githook

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const (
	hookName = "pre-commit"
	chained  = "pre-commit.b24leaks-chained" // a kept hook, run before ours
	backup   = "pre-commit.b24leaks-backup"  // a hook --force replaced
	marker   = "# b24leaks pre-commit hook"
)

// Result says what Install or Uninstall did, for the user.
type Result struct {
	Hook    string // path of the pre-commit hook
	Message string
}

// HooksDir returns the directory git runs the hooks of the repository
// at repo from.
func HooksDir(repo string) (string, error) {
	cmd := exec.Command("git", "-C", repo, "rev-parse", "--path-format=absolute", "--git-path", "hooks")
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) && len(ee.Stderr) > 0 {
			return "", fmt.Errorf("%s: %s", repo, strings.TrimSpace(string(ee.Stderr)))
		}
		return "", fmt.Errorf("%s: git rev-parse: %w", repo, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Script is the hook that runs bin (an absolute path) on what is staged.
func Script(bin string) string {
	return `#!/bin/sh
` + marker + ` (written by 'b24leaks install-hook'; 'b24leaks install-hook --uninstall' removes it)
B24LEAKS=` + shellQuote(bin) + `
hooks=$(dirname "$0")
if [ -x "$hooks/` + chained + `" ]; then
	"$hooks/` + chained + `" "$@" || exit $?
fi
if [ ! -x "$B24LEAKS" ]; then
	echo "b24leaks pre-commit hook: $B24LEAKS is missing." >&2
	echo "  Install it again (go install github.com/b24leaks/b24leaks/cmd/b24leaks@latest)" >&2
	echo "  and run 'b24leaks install-hook --force', or skip the check once with 'git commit --no-verify'." >&2
	exit 1
fi
exec "$B24LEAKS" git --staged --no-progress
`
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// Install writes the hook into the repository at repo. An existing hook
// that is not ours is kept as pre-commit.b24leaks-chained and run first,
// or with force moved aside as pre-commit.b24leaks-backup.
func Install(repo, bin string, force bool) (Result, error) {
	dir, err := HooksDir(repo)
	if err != nil {
		return Result{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Result{}, fmt.Errorf("create hooks directory: %w", err)
	}
	hook := filepath.Join(dir, hookName)
	res := Result{Hook: hook}
	want := []byte(Script(bin))
	have, err := os.ReadFile(hook)
	switch {
	case errors.Is(err, os.ErrNotExist):
		res.Message = "installed"
	case err != nil:
		return res, fmt.Errorf("read %s: %w", hook, err)
	case bytes.Equal(have, want):
		res.Message = "already installed"
		return res, nil
	case bytes.Contains(have, []byte(marker)):
		res.Message = "updated"
	default:
		keep := chained
		if force {
			keep = backup
		}
		if err := moveAside(hook, filepath.Join(dir, keep)); err != nil {
			return res, err
		}
		res.Message = "installed; the existing hook is kept as " + keep
		if !force {
			res.Message += " and runs first"
		}
	}
	if err := writeExecutable(hook, want); err != nil {
		return res, err
	}
	return res, nil
}

// Uninstall removes the hook Install wrote and restores a kept hook.
func Uninstall(repo string) (Result, error) {
	dir, err := HooksDir(repo)
	if err != nil {
		return Result{}, err
	}
	hook := filepath.Join(dir, hookName)
	res := Result{Hook: hook}
	have, err := os.ReadFile(hook)
	switch {
	case errors.Is(err, os.ErrNotExist):
		res.Message = "not installed"
		return res, nil
	case err != nil:
		return res, fmt.Errorf("read %s: %w", hook, err)
	case !bytes.Contains(have, []byte(marker)):
		return res, fmt.Errorf("%s was not written by b24leaks install-hook; left alone", hook)
	}
	if err := os.Remove(hook); err != nil {
		return res, fmt.Errorf("remove %s: %w", hook, err)
	}
	res.Message = "removed"
	kept := filepath.Join(dir, chained)
	if _, err := os.Stat(kept); err == nil {
		if err := os.Rename(kept, hook); err != nil {
			return res, fmt.Errorf("restore %s: %w", kept, err)
		}
		res.Message = "removed; the hook it kept is back"
	}
	return res, nil
}

func moveAside(hook, to string) error {
	if _, err := os.Stat(to); err == nil {
		return fmt.Errorf("%s already exists from an earlier install: remove it, then install again", to)
	}
	if err := os.Rename(hook, to); err != nil {
		return fmt.Errorf("keep existing hook: %w", err)
	}
	return nil
}

func writeExecutable(path string, data []byte) error {
	tmp := path + ".b24leaks-tmp"
	if err := os.WriteFile(tmp, data, 0o755); err != nil {
		return fmt.Errorf("write hook: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write hook: %w", err)
	}
	return nil
}
