package scanner

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// mergeStats adds up the per-source reader stats.
func mergeStats(readers []*reader) Stats {
	total := Stats{Skipped: map[SkipReason]int{}}
	for _, r := range readers {
		total.add(r.stats)
	}
	return total
}

// Merge combines the results of separate scans (one per repository, or
// runs on other machines) into the result one scan of all their sources
// would give: a credential found in several is one finding with every
// location, in the order the results are given; counts add up. The
// result of one scan merges into itself.
func Merge(results ...*Result) *Result {
	if len(results) == 1 {
		return results[0]
	}
	out := &Result{Stats: Stats{Skipped: map[SkipReason]int{}}}
	byFingerprint := map[Fingerprint]int{}
	for _, r := range results {
		out.Sources = append(out.Sources, r.Sources...)
		out.Stats.add(withSourceNames(r))
		out.Suppressed = append(out.Suppressed, r.Suppressed...)
		out.UnusedAllows = append(out.UnusedAllows, r.UnusedAllows...)
		for _, f := range r.Findings {
			i, seen := byFingerprint[f.Fingerprint]
			if !seen {
				byFingerprint[f.Fingerprint] = len(out.Findings)
				f.Locations = slices.Clone(f.Locations)
				out.Findings = append(out.Findings, f)
				continue
			}
			out.Findings[i].join(f)
		}
	}
	return out
}

// join takes another scan's finding of the same credential in.
func (f *Finding) join(other Finding) {
	f.Locations = append(f.Locations, other.Locations...)
	f.Rules = union(f.Rules, other.Rules)
	f.Aliases = union(f.Aliases, other.Aliases)
	if other.Confidence > f.Confidence {
		f.Confidence, f.RuleID = other.Confidence, other.RuleID
	}
	if f.Verification == nil {
		f.Verification = other.Verification
	}
}

// union is the sorted set of both lists.
func union[T cmp.Ordered](a, b []T) []T {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// add adds another scan's counts and lists to s.
func (s *Stats) add(o Stats) {
	s.History = s.History || o.History
	s.Commits += o.Commits
	s.Tags += o.Tags
	s.Blobs += o.Blobs
	s.BlobsScanned += o.BlobsScanned
	s.Bytes += o.Bytes
	s.Suppressed += o.Suppressed
	s.Unreachable += o.Unreachable
	s.LFSPointers += o.LFSPointers
	for k, v := range o.Skipped {
		s.Skipped[k] += v
	}
	for k, v := range o.SuppressedBy {
		if s.SuppressedBy == nil {
			s.SuppressedBy = map[string]int{}
		}
		s.SuppressedBy[k] += v
	}
	s.Errors = append(s.Errors, o.Errors...)
	s.Notices = append(s.Notices, o.Notices...)
	s.TooLarge = append(s.TooLarge, o.TooLarge...)
	for k, d := range o.Durations {
		if s.Durations == nil {
			s.Durations = map[string]time.Duration{}
		}
		s.Durations[k] += d
	}
}

// withSourceNames is r's stats with each notice prefixed by the name of
// the scan's source, so that merged notices say which repository they
// are about.
func withSourceNames(r *Result) Stats {
	s := r.Stats
	if len(r.Sources) != 1 || r.Sources[0] == "" {
		return s
	}
	prefix := r.Sources[0] + ": "
	s.Notices = slices.Clone(s.Notices)
	for i, n := range s.Notices {
		if !strings.HasPrefix(n, prefix) {
			s.Notices[i] = prefix + n
		}
	}
	return s
}
