package sourcetest

import (
	"math/rand/v2"
	"strings"
)

// SynthCode returns a deterministic, random-looking 16-character webhook
// code with letters and digits, as real codes have. Fixtures built from it
// need no entry in the repository's ignore file.
func SynthCode(seed uint64) string {
	const letters, digits = "abcdefghijklmnopqrstuvwxyz", "0123456789"
	r := rand.New(rand.NewPCG(seed, 0xb24))
	for {
		b := make([]byte, 16)
		for i := range b {
			b[i] = (letters + digits)[r.IntN(len(letters)+len(digits))]
		}
		if s := string(b); strings.ContainsAny(s, digits) && strings.ContainsAny(s, letters) {
			return s
		}
	}
}
