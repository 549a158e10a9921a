package rules

import "testing"

func benchGate(b *testing.B, avx bool) {
	if avx && !useAVX2 {
		b.Skip("no AVX2")
	}
	data := sourceCorpus(b)
	old := useAVX2
	useAVX2 = avx
	defer func() { useAVX2 = old }()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		for g := newGate(data); ; {
			if _, ok := g.next(); !ok {
				break
			}
		}
	}
}

func BenchmarkGateAVX2(b *testing.B) { benchGate(b, true) }
func BenchmarkGateSWAR(b *testing.B) { benchGate(b, false) }
