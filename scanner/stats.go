package scanner

import "time"

// Stats counts what a scan read, skipped and how long each stage took.
type Stats struct {
	History      bool                     // a source read git history (so "blobs", not "files")
	Commits      int                      // commit messages offered (history scans)
	Tags         int                      // annotated tag messages offered
	Blobs        int                      // blobs or files offered
	BlobsScanned int                      // distinct blobs or files matched (not empty, binary, repeated or messages)
	Bytes        int64                    // bytes matched
	Skipped      map[SkipReason]int       // contents passed over, by reason
	Suppressed   int                      // findings dropped by the ignore file
	Unreachable  int                      // contents with matches that no ref reaches, dropped
	Errors       []string                 // items that could not be read; the scan is incomplete if any
	Durations    map[string]time.Duration // wall time per stage: "walk+match", "attribute"
}

// Result is the outcome of a scan.
type Result struct {
	Findings []Finding // sorted by first location, then rule id
	Stats    Stats
}

// Incomplete reports whether some content could not be read.
func (r *Result) Incomplete() bool { return len(r.Stats.Errors) > 0 }
