package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/b24leaks/b24leaks/scanner"
)

// gitLog runs git log over the scope's commits (every commit reachable
// from any ref or HEAD, or exactly the range's commits, fed on stdin) and
// returns, for each commit, the paths whose content differs from every
// parent's (-c) with the full new blob id, within the scope's path
// limits: the wanted blobs, or all with all set. Output is NUL-separated
// so paths are never quoted.
//
// The whole history is walked from tips, the commits every ref resolves
// to (not --all, which fails on a ref to a missing object; Faults names
// those).
func (g *GitHistory) gitLog(ctx context.Context, want map[plumbing.Hash]bool, all bool, tips []plumbing.Hash) (map[plumbing.Hash][]introduction, []plumbing.Hash, error) {
	args := []string{
		"log", "--no-renames", "-c", "--raw", "--root", "--no-abbrev",
		"-z", "--format=%x01%H", "--no-color", "--no-ext-diff", "--no-textconv",
	}
	var stdin *os.File
	if g.scope.kind == scopeRange {
		commits, err := g.rangeCommits(ctx)
		if err != nil {
			return nil, nil, err
		}
		if len(commits) == 0 {
			return nil, nil, nil
		}
		if stdin, err = writeHashes(commits); err != nil {
			return nil, nil, err
		}
		defer stdin.Close()
		args = append(args, "--no-walk=unsorted", "--stdin")
	} else {
		if len(tips) == 0 {
			return nil, nil, nil
		}
		var err error
		if stdin, err = writeHashes(tips); err != nil {
			return nil, nil, err
		}
		defer stdin.Close()
		args = append(args, "--stdin")
	}
	p, err := g.startGit(ctx, stdin, append(args, "--")...)
	if err != nil {
		return nil, nil, err
	}
	defer p.stop()
	found, commits, err := scanLog(bufio.NewReaderSize(p.stdout, 64<<10), want, all)
	if err != nil {
		return nil, nil, fmt.Errorf("read git log: %w", p.failed(err))
	}
	if err := p.wait(); err != nil {
		return nil, nil, err
	}
	if len(g.scope.paths) > 0 {
		for h, ins := range found {
			found[h] = slices.DeleteFunc(ins, func(in introduction) bool { return !g.scope.pathLimit(in.path) })
		}
	}
	return found, commits, nil
}

// introduction is a wanted blob appearing at path in a commit.
type introduction struct {
	path string
	blob plumbing.Hash
}

// runGitLog attributes with `git log`, which diffs trees in C: several
// times faster than go-git on large histories, with the same results.
func (a *attributor) runGitLog(ctx context.Context, g *GitHistory) error {
	tips, err := a.start() // records the wanted tags too
	if err != nil {
		return err
	}
	found, commits, err := g.gitLog(ctx, a.want, false, tips)
	if err != nil {
		return err
	}
	for _, h := range commits {
		if err := a.logCommit(h, found[h]); err != nil {
			return fmt.Errorf("commit %s: %w", h, err)
		}
	}
	return nil
}

// scanLog reads the log and returns the wanted blobs each commit
// introduced and the commits that introduced some or are wanted, in order;
// with all set, every blob and every commit.
func scanLog(r *bufio.Reader, want map[plumbing.Hash]bool, all bool) (map[plumbing.Hash][]introduction, []plumbing.Hash, error) {
	found := map[plumbing.Hash][]introduction{}
	var commits []plumbing.Hash
	var cur plumbing.Hash
	note := func(h plumbing.Hash) {
		if _, ok := found[h]; !ok {
			found[h] = nil
			commits = append(commits, h)
		}
	}
	for {
		tok, err := readToken(r)
		if errors.Is(err, io.EOF) {
			return found, commits, nil
		}
		if err != nil {
			return nil, nil, err
		}
		switch {
		case len(tok) == 41 && tok[0] == 1:
			if _, err := hex.Decode(cur[:], tok[1:]); err != nil {
				return nil, nil, fmt.Errorf("bad commit line %q", tok)
			}
			if all || want[cur] {
				note(cur)
			}
		case len(tok) > 0 && tok[0] == ':':
			blob, ok, err := rawBlob(tok)
			if err != nil {
				return nil, nil, err
			}
			path, err := readToken(r)
			if err != nil {
				return nil, nil, fmt.Errorf("path after %q: %w", tok, err)
			}
			if ok && (all || want[blob]) {
				note(cur)
				found[cur] = append(found[cur], introduction{string(path), blob})
			}
		case len(tok) > 0:
			return nil, nil, fmt.Errorf("unexpected log output %q", tok)
		}
	}
}

// readToken returns the next NUL-terminated token without surrounding
// newlines; the slice is valid until the next read.
func readToken(r *bufio.Reader) ([]byte, error) {
	tok, err := r.ReadSlice(0)
	if errors.Is(err, io.EOF) && len(bytes.TrimSpace(tok)) > 0 {
		err = nil // the last token may lack its NUL
	}
	if err != nil {
		return nil, err
	}
	return bytes.Trim(tok, "\n\x00"), nil
}

// rawBlob parses a raw diff line ":mode… hash… status" (one colon per
// parent) and returns the new blob id, ok false for deletions, trees and
// submodules.
func rawBlob(line []byte) (plumbing.Hash, bool, error) {
	n := 0
	for n < len(line) && line[n] == ':' {
		n++
	}
	fields := bytes.Fields(line[n:])
	if len(fields) != 2*(n+1)+1 {
		return plumbing.ZeroHash, false, fmt.Errorf("bad raw diff line %q", line)
	}
	mode, id := fields[n], fields[2*n+1]
	var h plumbing.Hash
	if _, err := hex.Decode(h[:], id); err != nil || len(id) != 40 {
		return h, false, fmt.Errorf("bad raw diff line %q", line)
	}
	switch string(mode) {
	case "000000", "040000", "160000":
		return h, false, nil
	}
	return h, true, nil
}

// logCommit records the appearances found in commit h.
func (a *attributor) logCommit(h plumbing.Hash, intro []introduction) error {
	c, err := object.GetCommit(a.s, h)
	if err != nil {
		return err
	}
	meta := commitMeta(c)
	if a.want[h] {
		a.add(h, scanner.Appearance{
			Kind:   scanner.KindCommitMessage,
			Commit: meta, AtHead: h == a.head,
		})
	}
	for _, in := range intro {
		a.add(in.blob, a.historyAppearance(in.path, in.blob, meta))
	}
	return nil
}
