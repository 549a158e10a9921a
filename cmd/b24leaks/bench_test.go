package main

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"
)

// BenchmarkGitScan runs the whole `b24leaks git` command on the repository
// named by B24LEAKS_BENCH_REPO (for instance a clone of git/git).
func BenchmarkGitScan(b *testing.B) {
	repo := os.Getenv("B24LEAKS_BENCH_REPO")
	if repo == "" {
		b.Skip("set B24LEAKS_BENCH_REPO to a repository to benchmark `b24leaks git` on it")
	}
	backend := os.Getenv("B24LEAKS_BENCH_BACKEND")
	if backend == "" {
		backend = "auto"
	}
	for b.Loop() {
		code := run(context.Background(), []string{"git", repo, "--git-backend", backend, "-q"},
			terminal{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard})
		if code == exitError {
			b.Fatalf("exit %d", code)
		}
	}
}
