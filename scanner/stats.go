package scanner

import (
	"fmt"
	"time"
)

// Stats counts what a scan read, skipped and how long each stage took.
type Stats struct {
	History      bool                     // a source read git history (so "blobs", not "files")
	Commits      int                      // commit messages offered (history scans)
	Tags         int                      // annotated tag messages offered
	Blobs        int                      // blobs or files offered
	BlobsScanned int                      // distinct blobs or files matched (not empty, binary, repeated or messages)
	Bytes        int64                    // bytes matched
	Skipped      map[SkipReason]int       // contents passed over, by reason
	Suppressed   int                      // findings, places and matches the filters dropped
	SuppressedBy map[string]int           // the same, by mechanism
	Unreachable  int                      // contents with matches that no ref reaches, dropped
	Errors       []ScanError              // what could not be read; the scan is incomplete if any
	Notices      []string                 // what the user must know about what was scanned (Noticer)
	TooLarge     []string                 // contents skipped for Options.MaxSize, by path (or object id)
	LFSPointers  int                      // Git LFS pointer files met: their content was not scanned
	Durations    map[string]time.Duration // wall time per stage: "walk+match", "attribute"
}

// ScanError is one thing a scan could not read or place.
type ScanError struct {
	Source string   // name of the source (Result.Sources)
	Op     string   // what failed: "read", "walk", "attribute"
	Object ObjectID // the object, when one is to blame
	Kind   Kind     // what the object is, when Object is set
	Path   string   // the file, when one is to blame (Err names it too)
	Err    error
}

// Error describes the failure without the source name, which reporters
// add when a scan has several sources.
func (e ScanError) Error() string {
	switch {
	case !e.Object.IsZero() && e.Op != "":
		return fmt.Sprintf("%s %s %s: %v", e.Op, objectNoun(e.Kind), e.Object, e.Err)
	case e.Op == "attribute":
		return fmt.Sprintf("attribute findings: %v", e.Err)
	}
	return e.Err.Error()
}

// Unwrap returns the underlying error.
func (e ScanError) Unwrap() error { return e.Err }

func objectNoun(k Kind) string {
	switch k {
	case KindCommitMessage:
		return "commit"
	case KindTagMessage:
		return "tag"
	case KindObject:
		return "object"
	}
	return "blob"
}

// count adds up what the filters dropped.
func (s *Stats) count(suppressed []Suppressed) {
	s.Suppressed = len(suppressed)
	s.SuppressedBy = map[string]int{}
	for _, x := range suppressed {
		s.SuppressedBy[x.By]++
	}
}

// Result is the outcome of a scan.
type Result struct {
	Findings   []Finding // sorted by first location, then rule id
	Sources    []string  // names of the scanned sources, in the order given to Scan
	Stats      Stats
	Suppressed []Suppressed // what the filters dropped, for -v and unused-suppression reports
	// UnusedAllows are allow comments on lines where nothing was found
	// (only with Options.Markers), as "path:line".
	UnusedAllows []string
}

// Secrets returns every secret the scan found, reported or suppressed,
// so that redaction masks a suppressed one where it also stands in free
// text (a commit message that holds it).
func (r *Result) Secrets() []Secret {
	out := make([]Secret, 0, len(r.Findings)+len(r.Suppressed))
	for _, f := range r.Findings {
		out = append(out, f.Secret)
	}
	for _, s := range r.Suppressed {
		if s.secret != "" {
			out = append(out, s.secret)
		}
	}
	return out
}

// Incomplete reports whether some content could not be read.
func (r *Result) Incomplete() bool { return len(r.Stats.Errors) > 0 }
