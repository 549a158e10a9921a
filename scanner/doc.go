// Package scanner runs the b24leaks pipeline: sources offer content, rules
// find credentials in it, and matches are grouped into findings.
//
//	Source.Walk (one goroutine per source partition)
//	  │ Item{ID, Appearance, Open}   seen[ID]? → skip; binary? → count
//	  ▼ bounded channel of chunks (overlapping for large contents)
//	match workers × Options.Jobs  (rules.Set.Find; the set is immutable)
//	  ▼ results
//	collector: drop overlap duplicates → line:column → group by Fingerprint
//	  ▼
//	Attributor.Attribute (history only, only for objects with findings)
//	  ▼
//	Result{Findings, Stats} → reporters
//
// All concurrency lives in Scan. Sources, rules and reporters are synchronous.
package scanner
