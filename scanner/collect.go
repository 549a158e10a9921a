package scanner

import (
	"time"
)

// collector gathers match results on the goroutine that called Scan.
type collector struct {
	matched map[contentKey]*matched
	order   []*matched // first-result order
	allowed int        // matches Filters.Match dropped
}

// matched is a content with its matches.
type matched struct {
	content
	matches []located
}

func newCollector() *collector {
	return &collector{matched: make(map[contentKey]*matched)}
}

// receive drains results until the workers close the channel, reporting
// progress on the way.
func (c *collector) receive(results <-chan chunkResult, shared *scanShared, opts Options, start time.Time) {
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
	c.allowed += res.allowed
	if len(res.matches) == 0 {
		return
	}
	m, ok := c.matched[res.content.key]
	if !ok {
		m = &matched{content: res.content}
		c.matched[res.content.key] = m
		c.order = append(c.order, m)
	}
	m.matches = append(m.matches, res.matches...)
}
