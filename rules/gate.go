package rules

import "encoding/binary"

// minRun is the shortest secret this package knows (a webhook code). Every
// credential contains a run of at least minRun ASCII letters and digits.
const minRun = 16

// byteClass bits.
const (
	cAlnum = 1 << iota // [A-Za-z0-9]
	cLower             // [a-z0-9]
	cHex               // [0-9a-f]
	cUpper             // [A-Z]
	cHost              // [A-Za-z0-9.-]
	cB64               // [A-Za-z0-9+/_-]
)

var class = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = cAlnum | cLower | cHex | cHost | cB64
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = cAlnum | cLower | cHost | cB64
		if c <= 'f' {
			t[c] |= cHex
		}
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] = cAlnum | cUpper | cHost | cB64
	}
	t['.'] |= cHost
	t['-'] |= cHost | cB64
	for _, c := range "+/_" {
		t[c] |= cB64
	}
	return t
}()

func isAlnum(c byte) bool { return class[c]&cAlnum != 0 }

// nextRun returns the first maximal run [s, e) of at least minRun alnum
// bytes that starts at or after from, where from is 0 or the end of the
// previous run. A run of 15 or more bytes always covers a whole aligned
// 8-byte word, so it reads the input a word at a time and only looks at
// single bytes around words that are all letters and digits: most bytes
// of text without long runs are tested eight at once.
func nextRun(d []byte, from int) (s, e int, ok bool) {
	n := len(d)
	w := (from + 7) &^ 7
	for w+8 <= n {
		w = nextAlnumWord(d, w)
		if w+8 > n {
			break
		}
		s, e = w, w+8
		for s > from && class[d[s-1]]&cAlnum != 0 {
			s--
		}
		for e < n && class[d[e]]&cAlnum != 0 {
			e++
		}
		if e-s >= minRun {
			return s, e, true
		}
		w = e&^7 + 8 // d[e] ends the run: its word is not all alnum
	}
	return 0, 0, false
}

// nextAlnumWord returns the first aligned offset w' >= w whose 8 bytes are
// all letters and digits, or a value past len(d)-8 when there is none. It
// uses AVX2 where the CPU has it, else tests 32 bytes per step with SWAR.
func nextAlnumWord(d []byte, w int) int {
	if n := (len(d) - w) &^ 31; useAVX2 && n > 0 {
		if i := alnumWordAVX2(&d[w], n); i >= 0 {
			return w + i
		}
		w += n
	}
	return nextAlnumWordSWAR(d, w)
}

// nextAlnumWordSWAR is nextAlnumWord without vector instructions.
func nextAlnumWordSWAR(d []byte, w int) int {
	for ; w+32 <= len(d); w += 32 {
		b := d[w : w+32 : w+32]
		m0 := alnumBits(binary.LittleEndian.Uint64(b[0:]))
		m1 := alnumBits(binary.LittleEndian.Uint64(b[8:]))
		m2 := alnumBits(binary.LittleEndian.Uint64(b[16:]))
		m3 := alnumBits(binary.LittleEndian.Uint64(b[24:]))
		if m0 != swarHigh && m1 != swarHigh && m2 != swarHigh && m3 != swarHigh {
			continue
		}
		for i, m := range [4]uint64{m0, m1, m2, m3} {
			if m == swarHigh {
				return w + 8*i
			}
		}
	}
	for ; w+8 <= len(d); w += 8 {
		if alnumBits(binary.LittleEndian.Uint64(d[w:])) == swarHigh {
			return w
		}
	}
	return len(d)
}

// SWAR constants: a byte of ones, and the high bit of every byte.
const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// alnumBits sets the high bit of each byte of x that is an ASCII letter or
// digit, and clears every other bit. Each range test adds a constant to
// every byte of the 7-bit part (which cannot carry into its neighbour) and
// reads the high bits.
func alnumBits(x uint64) uint64 {
	ascii := ^x & swarHigh
	x &^= swarHigh
	digit := (x + swarOnes*(0x80-'0')) &^ (x + swarOnes*(0x7f-'9'))
	y := x | swarOnes*0x20 // fold upper case onto lower case
	letter := (y + swarOnes*(0x80-'a')) &^ (y + swarOnes*(0x7f-'z'))
	return (digit | letter) & ascii
}

// suffixLen counts how many bytes before e (down to s, at most limit) all
// have the class bit.
func suffixLen(d []byte, s, e, limit int, bit uint8) int {
	k := 0
	for e-k > s && k < limit && class[d[e-k-1]]&bit != 0 {
		k++
	}
	return k
}
