package rules

import "testing"

func benchRuns(b *testing.B, avx bool) {
	data := sourceCorpus(b)
	old := useAVX2
	useAVX2 = avx
	defer func() { useAVX2 = old }()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		n := 0
		for pos := 0; ; {
			_, e, ok := nextRun(data, pos)
			if !ok {
				break
			}
			n++
			pos = e
		}
	}
}

func BenchmarkNextRunAVX2(b *testing.B) { benchRuns(b, true) }
func BenchmarkNextRunSWAR(b *testing.B) { benchRuns(b, false) }
