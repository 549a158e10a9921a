// Package scanner runs the b24leaks pipeline: sources offer content, rules
// find credentials in it, and matches become findings with every place
// they occur. Each stage and the file that holds it:
//
//	source.go   Source.Walk (one goroutine per partition, see Splitter)
//	  │ Item{ID, Appearance, Deferred, Open}
//	seen.go     an ID read before? record the offer as a sighting, skip
//	reader.go   binary or empty? count it; else read into chunks
//	  ▼ bounded channel of chunks (chunk.go: overlapping windows of large
//	  │ contents; each owns the matches whose secret starts in its range)
//	chunk.go    match workers × Options.Jobs: rules.Set.Find, line:column,
//	filter.go     Filters.Match with the line (inline allow, regexes)
//	  ▼ results
//	collect.go  matches gathered by content on Scan's goroutine
//	group.go    matches resolved into credentials by identity
//	              (rules.Identity: a webhook is portal + user + code)
//	filter.go   Filters.Finding (ignore file) before any history walk
//	place.go    contents placed: their own appearance, sightings, and
//	              Attributor.Attribute for Deferred offers (history)
//	filter.go   Filters.Location (path allowlists, baselines)
//	group.go    locations sorted first-introduced first, findings ordered
//	  ▼
//	Result{Findings, Sources, Stats} → reporters.NewReport → a format
//
// finding.go and object.go hold the data model (Finding, Location,
// Appearance, Kind, Fingerprint, Verification), stats.go the counters and
// typed ScanErrors (merge.go adds up the readers'), ignore.go the ignore file, scan.go Scan itself. All
// concurrency lives in Scan; sources, rules and reporters are synchronous.
package scanner
