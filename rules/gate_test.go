package rules

import (
	"math/rand/v2"
	"testing"
)

// slowAlnumWord is the definition nextAlnumWord implements.
func slowAlnumWord(d []byte, w int) int {
	for ; w+8 <= len(d); w += 8 {
		all := true
		for _, c := range d[w : w+8] {
			all = all && isAlnum(c)
		}
		if all {
			return w
		}
	}
	return len(d)
}

// TestNextAlnumWordAgrees checks the vector and SWAR searches against the
// byte-by-byte definition on inputs mixing alnum, punctuation and bytes
// above 0x7f, at every start offset.
func TestNextAlnumWordAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("aZ09mM_ -./\x80\xff\x00\x2f\x3a\x40\x5b\x60\x7b")
	for range 300 {
		d := make([]byte, r.IntN(300))
		for i := range d {
			if r.IntN(3) == 0 {
				d[i] = alphabet[r.IntN(len(alphabet))]
			} else {
				d[i] = "abcxyzABCXYZ0189"[r.IntN(16)]
			}
		}
		for w := 0; w <= len(d); w += 8 {
			want := slowAlnumWord(d, w)
			if got := min(nextAlnumWord(d, w), len(d)); got != want {
				t.Fatalf("nextAlnumWord(%q, %d) = %d, want %d (avx2 %v)", d, w, got, want, useAVX2)
			}
			if got := min(nextAlnumWordSWAR(d, w), len(d)); got != want {
				t.Fatalf("nextAlnumWordSWAR(%q, %d) = %d, want %d", d, w, got, want)
			}
		}
	}
}
