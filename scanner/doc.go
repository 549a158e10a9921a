// Package scanner runs the b24leaks pipeline: sources offer content, rules
// find credentials in it, and matches are grouped into findings.
//
//	Source.Walk (one goroutine per source partition, see Splitter)
//	  │ Item{ID, Appearance, Open}   seen[ID]? → skip; binary or empty? → count
//	  ▼ bounded channel of chunks (overlapping for large contents; each
//	  │ chunk owns the matches whose secret starts in its own range)
//	match workers × Options.Jobs  (rules.Set.Find; the set is immutable)
//	  ▼ results with line:column
//	collector: drop Options.Ignore fingerprints
//	  ▼
//	Attributor.Attribute (history only, only for objects with findings)
//	  ▼
//	group by Fingerprint → Result{Findings, Stats} → reporters
//
// All concurrency lives in Scan. Sources, rules and reporters are synchronous.
package scanner
