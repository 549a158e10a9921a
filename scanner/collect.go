package scanner

import (
	"context"
	"fmt"
	"time"
)

// collector gathers match results on the goroutine that called Scan.
type collector struct {
	matched map[contentKey]*matched
	order   []*matched // first-result order, for determinism before sorting
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

// suppress drops the matches whose fingerprint is ignored, before anything
// is attributed, and returns how many distinct fingerprints it dropped.
func (c *collector) suppress(ignore IgnoreSet) int {
	if len(ignore) == 0 {
		return 0
	}
	dropped := map[Fingerprint]bool{}
	kept := c.order[:0]
	for _, ct := range c.order {
		ms := ct.matches[:0]
		for _, m := range ct.matches {
			if fp := FingerprintOf(m.RuleID, m.Secret); ignore[fp] {
				dropped[fp] = true
			} else {
				ms = append(ms, m)
			}
		}
		if ct.matches = ms; len(ms) > 0 {
			kept = append(kept, ct)
		}
	}
	c.order = kept
	return len(dropped)
}

// findings attributes the matched contents and groups their matches by
// fingerprint. Objects that no ref reaches are dropped and counted.
func (c *collector) findings(ctx context.Context, sources []Source) ([]Finding, int, []string) {
	places, errs := c.attribute(ctx, sources)
	groups := newGrouper()
	dropped := 0
	for _, ct := range c.order {
		apps := places[ct]
		if len(apps) == 0 {
			dropped++
			continue
		}
		for _, m := range ct.matches { // chunk ownership and Find keep each match once
			groups.add(ct.id, apps, m)
		}
	}
	return groups.sorted(), dropped, errs
}

// attribute returns every appearance of every matched content: its own for
// files and stdin, the history's for objects of an Attributor source.
func (c *collector) attribute(ctx context.Context, sources []Source) (map[*matched][]Appearance, []string) {
	places := make(map[*matched][]Appearance, len(c.order))
	wanted := make(map[int][]ObjectID)
	for _, ct := range c.order {
		if _, ok := sources[ct.source].(Attributor); ok && !ct.id.IsZero() {
			wanted[ct.source] = append(wanted[ct.source], ct.id)
			continue
		}
		places[ct] = []Appearance{ct.appearance}
	}
	var errs []string
	found := make(map[int]map[ObjectID][]Appearance)
	for src, ids := range wanted {
		apps, err := sources[src].(Attributor).Attribute(ctx, ids)
		if err != nil {
			errs = append(errs, fmt.Sprintf("attribute findings: %v", err))
		}
		found[src] = apps
	}
	for _, ct := range c.order {
		apps, ok := found[ct.source]
		if !ok {
			continue
		}
		places[ct] = apps[ct.id]
		if apps == nil { // attribution failed: keep the finding, unplaced
			a := ct.appearance
			a.Path = "(unattributed)"
			places[ct] = []Appearance{a}
		}
	}
	return places, errs
}
