package scanner

// mergeStats adds up the per-source reader stats.
func mergeStats(readers []*reader) Stats {
	total := Stats{Skipped: map[SkipReason]int{}}
	for _, r := range readers {
		s := r.stats
		total.History = total.History || s.History
		total.Commits += s.Commits
		total.Tags += s.Tags
		total.Blobs += s.Blobs
		total.BlobsScanned += s.BlobsScanned
		total.Bytes += s.Bytes
		for k, v := range s.Skipped {
			total.Skipped[k] += v
		}
		total.Errors = append(total.Errors, s.Errors...)
		total.TooLarge = append(total.TooLarge, s.TooLarge...)
		total.LFSPointers += s.LFSPointers
	}
	return total
}
