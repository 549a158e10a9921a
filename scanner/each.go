package scanner

import (
	"context"
	"sync"
)

// Target is one scan of ScanEach: Open returns its sources (cloning a
// repository first, say) and a cleanup to run after the scan.
type Target struct {
	Name string
	Open func(ctx context.Context) ([]Source, func(), error)
}

// ScanEach scans each target on its own, at most jobs at once (each with
// the memory of one scan), and merges the results in the order the
// targets are given. A target that cannot be opened becomes an error of
// the result, and the others go on; only the end of ctx ends them all.
func ScanEach(ctx context.Context, targets []Target, jobs int, opts Options) (*Result, error) {
	if jobs < 1 {
		jobs = 1
	}
	results := make([]*Result, len(targets))
	errs := make([]error, len(targets))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, len(targets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				results[i], errs[i] = scanTarget(ctx, targets[i], opts)
			}
		}()
	}
	for i := range targets {
		next <- i
	}
	close(next)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return Merge(results...), nil
}

// scanTarget opens and scans one target; an open failure is its result.
func scanTarget(ctx context.Context, t Target, opts Options) (*Result, error) {
	srcs, cleanup, err := t.Open(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, context.Cause(ctx)
		}
		return &Result{Sources: []string{t.Name}, Stats: Stats{Skipped: map[SkipReason]int{},
			Errors: []ScanError{{Source: t.Name, Op: "open", Err: err}}}}, nil
	}
	defer cleanup()
	return Scan(ctx, srcs, opts)
}
