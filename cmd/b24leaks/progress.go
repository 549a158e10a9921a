package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/b24leaks/b24leaks/reporters"
	"github.com/b24leaks/b24leaks/scanner"
)

// progressLine returns the progress callback for a scan, or nil when no
// progress should be drawn: only on a terminal stderr, never with --quiet
// or --no-progress, never on stdout.
func progressLine(t terminal, o options) func(scanner.Progress) {
	if !t.stderrIsTerm || o.quiet || o.noProgress {
		return nil
	}
	drawn := false
	return func(p scanner.Progress) {
		if p.Done {
			if drawn {
				fmt.Fprint(t.stderr, "\r\033[K")
			}
			return
		}
		if p.Elapsed < time.Second {
			return // short scans draw nothing
		}
		drawn = true
		fmt.Fprint(t.stderr, "\r\033[K"+progressText(p))
	}
}

// progressText is one progress line: objects and bytes done, rate, and
// the time left when the sources know their totals.
func progressText(p scanner.Progress) string {
	rate := float64(p.Bytes) / p.Elapsed.Seconds()
	line := fmt.Sprintf("scanning: %d objects, %s, %s/s, %s",
		p.Objects, reporters.HumanBytes(p.Bytes), reporters.HumanBytes(int64(rate)), p.Elapsed.Round(time.Second))
	if p.TotalObjects > 0 {
		line = fmt.Sprintf("scanning: %d/%d objects, %s, %s/s, %s",
			p.Objects, p.TotalObjects, reporters.HumanBytes(p.Bytes), reporters.HumanBytes(int64(rate)), p.Elapsed.Round(time.Second))
	}
	if left, ok := timeLeft(p); ok {
		line += fmt.Sprintf(", ETA %s", left.Round(time.Second))
	}
	return line
}

// timeLeft extrapolates the time to finish from the share of bytes done,
// or of objects when the sources could not tell their bytes.
func timeLeft(p scanner.Progress) (time.Duration, bool) {
	done, total := p.Bytes, p.TotalBytes
	if total == 0 {
		done, total = p.Objects, p.TotalObjects
	}
	if done <= 0 || total <= done {
		return 0, false
	}
	return time.Duration(float64(p.Elapsed) * float64(total-done) / float64(done)), true
}

// printStats writes the -v statistics.
func printStats(w io.Writer, s scanner.Stats) {
	fmt.Fprintf(w, "stats: %d blobs (%d scanned, %s), %d commits, %d tags\n",
		s.Blobs, s.BlobsScanned, reporters.HumanBytes(s.Bytes), s.Commits, s.Tags)
	for _, reason := range slices.Sorted(maps.Keys(s.Skipped)) {
		fmt.Fprintf(w, "stats: skipped %d %s\n", s.Skipped[reason], reason)
	}
	for _, by := range slices.Sorted(maps.Keys(s.SuppressedBy)) {
		fmt.Fprintf(w, "stats: %d suppressed by %s\n", s.SuppressedBy[by], by)
	}
	if s.Unreachable > 0 {
		fmt.Fprintf(w, "stats: %d objects with findings that no ref reaches\n", s.Unreachable)
	}
	for _, stage := range slices.Sorted(maps.Keys(s.Durations)) {
		fmt.Fprintf(w, "stats: %s took %s\n", stage, s.Durations[stage].Round(time.Millisecond))
	}
}
