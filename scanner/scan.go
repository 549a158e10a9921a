package scanner

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/b24leaks/b24leaks/rules"
)

// Options tune a scan. The zero value is usable: Default rules, one match
// worker per CPU.
type Options struct {
	Rules     *rules.Set // nil means rules.Default()
	Jobs      int        // match workers; <= 0 means runtime.NumCPU()
	ChunkSize int        // bytes matched at once; <= 0 means DefaultChunkSize
	// Filters decide what is reported (suppressions, allowlists).
	Filters Filters
	// MaxSize, when positive, skips content larger than this many bytes
	// whose size is known in advance (counted as "too-large" and named in
	// Stats.TooLarge).
	MaxSize int64
	// Markers, when set, are looked for in every content: the places of
	// those on lines where no match was suppressed by "inline allow" are
	// Result.UnusedAllows (stale allow comments).
	Markers [][]byte
	// Progress, if set, is called about every ProgressEvery from the
	// goroutine that called Scan, and once at the end.
	Progress      func(Progress)
	ProgressEvery time.Duration
}

// DefaultChunkSize is the largest piece of one content matched at once;
// larger contents are matched in overlapping chunks.
const DefaultChunkSize = 4 << 20

// Progress reports how far a scan has come.
type Progress struct {
	Objects int64 // items offered by the sources
	Bytes   int64 // bytes matched
	// TotalObjects and TotalBytes are what the sources will offer, or 0
	// when some source cannot tell in advance.
	TotalObjects, TotalBytes int64
	Elapsed                  time.Duration
	Done                     bool
}

// Scan walks every source, matches every distinct content once and returns
// the findings grouped by fingerprint. Unreadable items and failing sources
// do not stop the scan: they are listed in Result.Stats.Errors, and the
// result is then incomplete. Scan returns an error only when ctx ends.
func Scan(ctx context.Context, sources []Source, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	start := time.Now()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	jobs := make(chan chunk, 4*opts.Jobs)
	results := make(chan chunkResult, 4*opts.Jobs)
	var readers []*reader
	var producers, workers sync.WaitGroup
	shared := newScanShared(opts)
	parts := make([][]Source, len(sources))
	for i, src := range sources {
		parts[i] = partitions(ctx, src, min(opts.Jobs, MaxPartitions))
	}
	shared.totals = estimate(parts)
	names := sourceNames(sources)
	for i := range sources {
		for _, part := range parts[i] {
			r := newReader(len(readers), i, names[i], opts, shared, jobs)
			readers = append(readers, r)
			producers.Add(1)
			go func() {
				defer producers.Done()
				r.walk(ctx, part)
			}()
		}
	}
	for range opts.Jobs {
		workers.Add(1)
		go func() {
			defer workers.Done()
			matchChunks(opts, jobs, results)
		}()
	}
	go func() { producers.Wait(); close(jobs); workers.Wait(); close(results) }()

	col := newCollector()
	col.receive(ctx, results, shared, opts, start)
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	stats := mergeStats(readers)
	stats.Durations = map[string]time.Duration{"walk+match": time.Since(start)}
	attrStart := time.Now()
	out := col.report(ctx, sources, names, shared.seen, opts.Filters)
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	stats.Unreachable = out.unreachable
	suppressed := append(col.suppressed, out.suppressed...)
	stats.count(suppressed)
	stats.Errors = append(stats.Errors, out.errors...)
	stats.Durations["attribute"] = time.Since(attrStart)
	slices.Sort(stats.TooLarge)
	if n := len(stats.TooLarge); n > 0 {
		names := strings.Join(stats.TooLarge[:min(n, 5)], ", ")
		if n > 5 {
			names += fmt.Sprintf(" and %d more", n-5)
		}
		stats.Notices = append(stats.Notices, fmt.Sprintf("%d content(s) larger than the size limit were not scanned: %s", n, names))
	}
	if n := stats.LFSPointers; n > 0 {
		stats.Notices = append(stats.Notices, fmt.Sprintf("%d Git LFS pointer file(s): their content is on the LFS server and was not scanned "+
			"(git lfs pull, then b24leaks dir, scans it)", n))
	}
	for _, src := range sources {
		if n, ok := src.(Noticer); ok {
			stats.Notices = append(stats.Notices, n.Notices()...)
		}
		if f, ok := src.(Faulter); ok {
			stats.Errors = append(stats.Errors, f.Faults(ctx)...)
		}
	}
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	res := &Result{Findings: out.findings, Sources: names, Stats: stats, Suppressed: suppressed}
	if len(opts.Markers) > 0 {
		res.UnusedAllows = col.unusedAllows(ctx, sources, names, shared.seen)
	}
	return res, nil
}

// sourceNames returns each source's Name, or "" for unnamed ones.
func sourceNames(sources []Source) []string {
	names := make([]string, len(sources))
	for i, src := range sources {
		if n, ok := src.(Named); ok {
			names[i] = n.Name()
		}
	}
	return names
}

func (o Options) withDefaults() Options {
	if o.Rules == nil {
		o.Rules = rules.Default()
	}
	if o.Jobs <= 0 {
		o.Jobs = runtime.NumCPU()
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = DefaultChunkSize
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = 250 * time.Millisecond
	}
	return o
}

// MaxPartitions bounds how many partitions of one source are read at once:
// each may be a process with caches of its own (git cat-file holds up to
// about 160 MiB), so memory must not grow with the number of CPUs.
const MaxPartitions = 4

// partitions splits src for parallel reading when it supports it and
// there is more than one worker. If splitting fails, src is walked whole
// and reports its own errors.
func partitions(ctx context.Context, src Source, n int) []Source {
	if sp, ok := src.(Splitter); ok && n > 1 {
		if parts, err := sp.Split(ctx, n); err == nil && len(parts) > 0 {
			return parts
		}
	}
	return []Source{src}
}

// estimate adds up what the partitions will offer; zero if any cannot tell.
func estimate(parts [][]Source) (t totals) {
	for _, ps := range parts {
		for _, p := range ps {
			e, ok := p.(Estimator)
			if !ok {
				return totals{}
			}
			objects, bytes := e.Estimate()
			t.objects += objects
			t.bytes += bytes
		}
	}
	return t
}

// matchChunks is the body of one match worker.
func matchChunks(opts Options, jobs <-chan chunk, results chan<- chunkResult) {
	for c := range jobs {
		results <- c.match(opts.Rules, opts.Filters.Match, opts.Markers)
	}
}
