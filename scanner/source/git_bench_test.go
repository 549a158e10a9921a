package source

import (
	"context"
	"io"
	"os"
	"reflect"
	"sync"
	"testing"

	"github.com/b24leaks/b24leaks/scanner"
)

// Run against a large repository, for example:
//
//	B24LEAKS_BENCH_REPO=/path/to/git.git go test ./scanner/source/ \
//	    -run '^$' -bench BenchmarkGitWalk -benchtime 1x
func benchRepo(b *testing.B) string {
	path := os.Getenv("B24LEAKS_BENCH_REPO")
	if path == "" {
		b.Skip("set B24LEAKS_BENCH_REPO to a repository to benchmark the git source")
	}
	return path
}

// drain opens every item and reads it to the end.
func drain(it scanner.Item) error {
	r, err := it.Open()
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, r)
	return err
}

func BenchmarkGitWalk(b *testing.B) { benchWalk(b, 1) }

func BenchmarkGitWalkSplit2(b *testing.B) { benchWalk(b, 2) }

// benchWalk reads every object with each backend, split into n parts
// walked concurrently (n == 1: Walk itself).
func benchWalk(b *testing.B, n int) {
	path := benchRepo(b)
	for _, backend := range []GitBackend{BackendGit, BackendGoGit} {
		b.Run(string(backend), func(b *testing.B) {
			for range b.N {
				g, err := OpenGit(path, GitOptions{Backend: backend})
				if err != nil {
					b.Fatal(err)
				}
				parts := []scanner.Source{g}
				if n > 1 {
					if parts, err = g.Split(context.Background(), n); err != nil {
						b.Fatal(err)
					}
				}
				if err := walkConcurrently(parts); err != nil {
					b.Fatal(err)
				}
				reportCounts(b, g.Counts())
			}
		})
	}
}

// BenchmarkGitAttribute attributes HEAD, its Makefile blob and a tag
// three ways — the git backend's tree index (after the object listing a
// scan makes), its git log walk, and go-git's walk — and fails if they
// disagree.
func BenchmarkGitAttribute(b *testing.B) {
	path := benchRepo(b)
	ids := benchAttributeIDs(b, path)
	var results []map[scanner.ObjectID][]scanner.Appearance
	for _, way := range []struct {
		name    string
		backend GitBackend
		listed  bool
	}{{"git-trees", BackendGit, true}, {"git-log", BackendGit, false}, {"go-git", BackendGoGit, false}} {
		b.Run(way.name, func(b *testing.B) {
			g, err := OpenGit(path, GitOptions{Backend: way.backend})
			if err != nil {
				b.Fatal(err)
			}
			if way.listed {
				if _, _, err := g.listObjects(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			for range b.N {
				res, err := g.Attribute(context.Background(), ids)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for _, apps := range res {
					n += len(apps)
				}
				b.ReportMetric(float64(n), "appearances")
				results = append(results, res)
			}
		})
	}
	for _, r := range results[1:] {
		if !reflect.DeepEqual(results[0], r) {
			b.Fatalf("attributions disagree:\n%v\n%v", results[0], r)
		}
	}
}

func benchAttributeIDs(b *testing.B, path string) []scanner.ObjectID {
	g, err := OpenGit(path, GitOptions{Backend: BackendGoGit})
	if err != nil {
		b.Fatal(err)
	}
	head, err := g.repo.Head()
	if err != nil {
		b.Fatal(err)
	}
	ids := []scanner.ObjectID{scanner.ObjectID(head.Hash())}
	if c, err := g.repo.CommitObject(head.Hash()); err == nil {
		if f, err := c.File("Makefile"); err == nil {
			ids = append(ids, scanner.ObjectID(f.Hash))
		}
	}
	if tags, err := g.repo.TagObjects(); err == nil {
		if t, err := tags.Next(); err == nil {
			ids = append(ids, scanner.ObjectID(t.Hash))
		}
	}
	return ids
}

func walkConcurrently(parts []scanner.Source) error {
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = p.Walk(context.Background(), drain)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func reportCounts(b *testing.B, c GitCounts) {
	b.ReportMetric(float64(c.Blobs), "blobs")
	b.ReportMetric(float64(c.Commits), "commits")
	b.ReportMetric(float64(c.BlobBytes)/(1<<20), "blobMiB")
}
