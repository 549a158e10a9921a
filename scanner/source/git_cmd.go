package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// gitProc is a running git subprocess whose standard output is read by
// the caller.
type gitProc struct {
	cmd     *exec.Cmd
	args    []string
	gitDir  string
	stdout  io.ReadCloser
	stderr  capBuffer
	waited  bool
	cleanup func() // removes a shadow git directory
}

// shadowGitDir makes a git directory that holds no refs and borrows the
// repository's objects (with GIT_OBJECT_DIRECTORY), for running git when
// the repository's refs are unreadable to it (garbage in packed-refs): the
// commands b24leaks runs need objects only, and the tips come on stdin.
func shadowGitDir(gitDir string) (string, error) {
	dir, err := os.MkdirTemp("", "b24leaks-gitdir-")
	if err != nil {
		return "", err
	}
	err = os.Mkdir(filepath.Join(dir, "refs"), 0o755)
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "HEAD"), []byte("ref: refs/heads/none\n"), 0o644)
	}
	if data, rerr := os.ReadFile(filepath.Join(commonDir(gitDir), "shallow")); rerr == nil && err == nil {
		err = os.WriteFile(filepath.Join(dir, "shallow"), data, 0o644)
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// startGit runs git with the given arguments against the git directory,
// stdin (which may be nil) as its input.
func (g *GitHistory) startGit(ctx context.Context, stdin *os.File, args ...string) (*gitProc, error) {
	gitDir, env := g.gitDir, gitEnv()
	p := &gitProc{args: args, gitDir: g.gitDir}
	if g.shadowRefs {
		shadow, err := shadowGitDir(g.gitDir)
		if err != nil {
			return nil, fmt.Errorf("run git %s: %w", args[0], err)
		}
		gitDir, p.cleanup = shadow, func() { os.RemoveAll(shadow) }
		env = append(env, "GIT_OBJECT_DIRECTORY="+filepath.Join(commonDir(g.gitDir), "objects"))
	}
	full := append([]string{"--git-dir=" + gitDir}, gitTuning...)
	full = append(full, args...)
	p.cmd = exec.CommandContext(ctx, g.gitBin, full...)
	p.cmd.Env = env
	if stdin != nil {
		p.cmd.Stdin = stdin
	}
	p.cmd.Stderr = &p.stderr
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("run git %s: %w", args[0], err)
	}
	growPipe(r, gitPipeSize)
	p.cmd.Stdout = w
	err = p.cmd.Start()
	w.Close()
	if err != nil {
		r.Close()
		if p.cleanup != nil {
			p.cleanup()
		}
		return nil, fmt.Errorf("run git %s: %w", args[0], err)
	}
	p.stdout = r
	return p, nil
}

// gitTuning trades git's pack window cache, which only saves remapping,
// for a larger delta base cache, which saves re-inflating delta chains:
// on git/git this cuts cat-file's time by 10% and its RSS by a third. A
// low big-file threshold makes cat-file stream large blobs instead of
// holding them whole: a 300 MB blob took its RSS from 298 MB to 5 MB.
var gitTuning = []string{
	"-c", "core.packedGitWindowSize=32m",
	"-c", "core.packedGitLimit=64m",
	"-c", "core.deltaBaseCacheLimit=96m",
	"-c", "core.bigFileThreshold=16m",
}

// gitPipeSize is the pipe buffer asked for git's output (Linux allows up
// to 1 MiB without privileges).
const gitPipeSize = 1 << 20

// wait waits for a process that has written all its output and returns
// its failure, if any, with what it printed on stderr.
func (p *gitProc) wait() error {
	if p.waited {
		return nil
	}
	p.waited = true
	err := p.cmd.Wait()
	p.stdout.Close()
	if p.cleanup != nil {
		p.cleanup()
	}
	if err == nil {
		return nil
	}
	msg := strings.TrimSpace(p.stderr.String())
	msg = strings.ReplaceAll(msg, "\n", "; ")
	if msg == "" {
		return fmt.Errorf("git %s in %s: %w", p.args[0], p.gitDir, err)
	}
	return fmt.Errorf("git %s in %s: %w: %s", p.args[0], p.gitDir, err, msg)
}

// stop kills the process if it is still running and reaps it.
func (p *gitProc) stop() {
	if p.waited {
		return
	}
	_ = p.cmd.Process.Kill()
	_ = p.wait()
}

// failed combines a read error with the process's own failure: when git
// dies, its stderr says why the stream was cut short.
func (p *gitProc) failed(readErr error) error {
	if errors.Is(readErr, io.EOF) || errors.Is(readErr, io.ErrUnexpectedEOF) {
		if werr := p.wait(); werr != nil {
			return fmt.Errorf("%w (%w)", werr, readErr)
		}
		return readErr
	}
	_ = p.cmd.Process.Kill()
	if werr := p.wait(); werr != nil && p.stderr.Len() > 0 {
		return fmt.Errorf("%w (%w)", readErr, werr)
	}
	return readErr
}

// capBuffer keeps the first few KiB written to it.
type capBuffer struct{ bytes.Buffer }

const capBufferMax = 4 << 10

func (b *capBuffer) Write(p []byte) (int, error) {
	if room := capBufferMax - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}
