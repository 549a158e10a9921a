package scanner

import "sync"

// seenSet remembers which object ids have been read, across all sources.
type seenSet struct {
	mu  sync.Mutex
	ids map[ObjectID]struct{}
}

func newSeenSet() *seenSet { return &seenSet{ids: make(map[ObjectID]struct{})} }

// add records id and reports whether it was new.
func (s *seenSet) add(id ObjectID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ids[id]; ok {
		return false
	}
	s.ids[id] = struct{}{}
	return true
}

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
