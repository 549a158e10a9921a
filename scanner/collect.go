package scanner

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"
)

// collector gathers match results on the goroutine that called Scan.
type collector struct {
	matched    map[contentKey]*matched
	order      []*matched   // first-result order
	suppressed []Suppressed // matches Filters.Match dropped
}

// matched is a content with its matches (and, with Options.Markers, the
// lines of its markers and of its matches inline allow suppressed).
type matched struct {
	content
	matches      []located
	markers      []int
	allowedLines map[int]bool
}

func newCollector() *collector {
	return &collector{matched: make(map[contentKey]*matched)}
}

// receive drains results until the workers close the channel, reporting
// progress on the way.
//
// When ctx ends it returns at once, even if a source is blocked in a read
// (a pipe that never closes): the caller reports the scan as interrupted.
func (c *collector) receive(ctx context.Context, results <-chan chunkResult, shared *scanShared, opts Options, start time.Time) {
	var tick <-chan time.Time
	if opts.Progress != nil {
		t := time.NewTicker(opts.ProgressEvery)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case res, ok := <-results:
			if !ok {
				report(opts.Progress, shared, start, true)
				return
			}
			c.add(res)
		case <-tick:
			report(opts.Progress, shared, start, false)
		case <-ctx.Done():
			return
		}
	}
}

func report(progress func(Progress), shared *scanShared, start time.Time, done bool) {
	if progress == nil {
		return
	}
	n := &shared.counters
	progress(Progress{
		Objects: n.objects.Load(), Bytes: n.bytes.Load(), Elapsed: time.Since(start), Done: done,
		TotalObjects: shared.totals.objects, TotalBytes: shared.totals.bytes,
	})
}

func (c *collector) add(res chunkResult) {
	c.suppressed = append(c.suppressed, res.suppressed...)
	allowed := false
	for _, s := range res.suppressed {
		allowed = allowed || s.By == byInlineAllow
	}
	if len(res.matches) == 0 && len(res.markers) == 0 && !allowed {
		return
	}
	m, ok := c.matched[res.content.key]
	if !ok {
		m = &matched{content: res.content}
		c.matched[res.content.key] = m
		c.order = append(c.order, m)
	}
	m.matches = append(m.matches, res.matches...)
	m.markers = append(m.markers, res.markers...)
	for _, s := range res.suppressed {
		if s.By == byInlineAllow {
			if m.allowedLines == nil {
				m.allowedLines = map[int]bool{}
			}
			m.allowedLines[s.Line] = true
		}
	}
}

// unusedAllows places the markers on lines where inline allow suppressed
// nothing, as sorted "path:line" strings.
func (c *collector) unusedAllows(ctx context.Context, sources []Source, names []string, seen *seenSet) []string {
	var cts []*matched
	for _, ct := range c.order {
		for _, line := range ct.markers {
			if !ct.allowedLines[line] {
				cts = append(cts, ct)
				break
			}
		}
	}
	places, _ := place(ctx, sources, names, seen, cts)
	set := map[string]bool{}
	for _, ct := range cts {
		for _, line := range ct.markers {
			if ct.allowedLines[line] {
				continue
			}
			for _, p := range places[ct] {
				where := p.app.Path
				if where == "" {
					where = p.app.Kind.String() + " " + ct.id.String()
				}
				if names[p.source] != "" && len(names) > 1 {
					where = names[p.source] + ": " + where
				}
				set[fmt.Sprintf("%s:%d", where, line)] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}
