package scanner

import "sync"

// seenSet remembers which object ids have been read, across all sources,
// and every later offer of an id that adds a place: a path the source
// named itself, or another source that will attribute it. A history scan
// offers each object once, so it records no sightings and costs one map
// entry per object (see BenchmarkSeenSet).
type seenSet struct {
	mu        sync.Mutex
	first     map[ObjectID]int32 // source index of the offer that was read
	sightings map[ObjectID][]sighting
}

// sighting is an offer of content that had been read already.
type sighting struct {
	source     int
	appearance Appearance
	deferred   bool
}

func newSeenSet() *seenSet {
	return &seenSet{first: make(map[ObjectID]int32), sightings: make(map[ObjectID][]sighting)}
}

// offer records an offer of it from source and reports whether the
// content is new and must be read.
func (s *seenSet) offer(source int, it *Item) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	first, ok := s.first[it.ID]
	if !ok {
		s.first[it.ID] = int32(source)
		return true
	}
	if it.Deferred && int(first) == source {
		return false // the source's own attribution finds every place
	}
	for _, sg := range s.sightings[it.ID] {
		if it.Deferred && sg.deferred && sg.source == source {
			return false
		}
	}
	s.sightings[it.ID] = append(s.sightings[it.ID], sighting{source: source, appearance: it.Appearance, deferred: it.Deferred})
	return false
}

// of returns the sightings of id; call it only once every reader is done.
func (s *seenSet) of(id ObjectID) []sighting { return s.sightings[id] }

// scanShared is the state every reader of one scan shares.
type scanShared struct {
	seen     *seenSet
	pool     *sync.Pool
	overlap  int
	counters counters
	totals   totals
}

// totals are what the sources expect to offer, for progress.
type totals struct{ objects, bytes int64 }

func newScanShared(opts Options) *scanShared {
	overlap := 2 * (opts.Rules.MaxContext() + 1024)
	size := chunkSize(opts) + overlap
	return &scanShared{
		seen:    newSeenSet(),
		overlap: overlap,
		pool: &sync.Pool{New: func() any {
			b := make([]byte, size)
			return &b
		}},
	}
}

// chunkSize is the new content per chunk: at least what the binary sniff
// reads, so the first chunk alone decides whether a content is binary.
func chunkSize(opts Options) int { return max(opts.ChunkSize, binarySniff) }
