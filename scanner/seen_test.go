package scanner

import (
	"encoding/binary"
	"runtime"
	"testing"
)

// BenchmarkSeenSet measures what remembering content costs: the bytes per
// object of a history scan (each offered once, so no sightings), and the
// bytes per extra appearance recorded when content is offered again.
func BenchmarkSeenSet(b *testing.B) {
	const n = 200_000
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	item := func(i int) *Item {
		it := &Item{Deferred: true, Appearance: Appearance{Kind: KindHistory}}
		binary.LittleEndian.PutUint64(it.ID[:], uint64(i)+1)
		return it
	}
	for b.Loop() {
		before := heap()
		s := newSeenSet()
		for i := range n {
			s.offer(0, item(i))
		}
		mid := heap()
		for i := range n {
			it := item(i)
			it.Deferred, it.Appearance = false, Appearance{Kind: KindStaged, Path: "dir/file.txt"}
			s.offer(1, it)
		}
		after := heap()
		b.ReportMetric(float64(mid-before)/n, "B/object")
		b.ReportMetric(float64(after-mid)/n, "B/appearance")
		runtime.KeepAlive(s)
	}
}
