package rules

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// minRun is the shortest secret with a fixed layout (a webhook code). Every
// such credential contains a run of at least minRun ASCII letters and
// digits; chosen values (passwords, bot secrets) are found by anchors.
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

// Anchors are byte triples the gate reports wherever they start: the
// credentials they mark have no long alnum run of their own (anchor.go).
const (
	anchorBot  = "imb" // imbot.* methods: chat-bot calls and registration
	anchorForm = "d.p" // lead.php: the legacy CRM form import
)

// event is what the gate found: a maximal alnum run [s, e) of at least
// minRun bytes, or an anchor starting at s.
type event struct {
	s, e   int
	anchor bool
}

// gate walks the input once and yields its events. The block scan
// (blocksGo, gateAVX2) reads 32 bytes per step and stops only at blocks
// where a run of minRun letters and digits ends or an anchor starts, so
// most text is passed over without a single branch per byte.
type gate struct {
	d          []byte
	blk        int    // next block to scan
	prev       uint32 // alnum mask of the block before blk
	keep       uint32 // bits of block blk not yet handled
	at         int    // block of the pending masks
	ends       uint32 // pending run ends in block at
	anchors    uint32 // pending anchors in block at
	anchorFrom int    // anchors starting before this were reported
	inRun      []int  // pending anchors found inside a long run
}

func newGate(d []byte) *gate { return &gate{d: d, keep: ^uint32(0)} }

// next returns the next event, or false at the end of the input.
func (g *gate) next() (event, bool) {
	for {
		switch {
		case len(g.inRun) > 0:
			p := g.inRun[0]
			g.inRun = g.inRun[1:]
			return event{s: p, e: p + 3, anchor: true}, true
		case g.anchors != 0:
			p := g.at + bits.TrailingZeros32(g.anchors)
			g.anchors &= g.anchors - 1
			return event{s: p, e: p + 3, anchor: true}, true
		case g.ends != 0:
			s, e := g.extend(g.at + bits.TrailingZeros32(g.ends))
			g.ends = 0
			g.resumeAfter(e)
			return event{s: s, e: e}, true
		case g.blk >= len(g.d):
			return event{}, false
		}
		off, ends, anchors, cur := nextBlock(g.d, g.blk, g.prev, g.keep)
		if off < 0 {
			g.blk = len(g.d)
			continue
		}
		if k := g.anchorFrom - off; k > 0 {
			anchors &= ^uint32(0) << min(k, 32)
		}
		g.at, g.ends, g.anchors, g.anchorFrom = off, ends, anchors, off+32
		g.blk, g.prev, g.keep = off+32, cur, ^uint32(0)
	}
}

// extend returns the maximal alnum run holding the minRun bytes that end at j.
func (g *gate) extend(j int) (s, e int) {
	d := g.d
	s, e = j+1-minRun, j+1
	for s > 0 && class[d[s-1]]&cAlnum != 0 {
		s--
	}
	for e < len(d) && class[d[e]]&cAlnum != 0 {
		e++
	}
	return s, e
}

// resumeAfter sets the scan to go on at e, the end of a run: runs end
// after it, so the block of e is scanned again with its earlier bits
// masked. Anchors inside the part of the run past its block are found here.
func (g *gate) resumeAfter(e int) {
	if e > g.at+32 {
		g.inRun = anchorsIn(g.inRun[:0], g.d, g.at+32, e)
		g.anchorFrom = e
	}
	g.blk = e &^ 31
	g.prev = 0
	g.keep = ^uint32(0) << (e - g.blk)
}

// anchorsIn appends, in order, the starts of the anchors in [s, e), the
// part of a run past its block: all letters and digits, so only anchorBot
// can lie inside it, and anchorForm can start at its last byte.
func anchorsIn(dst []int, d []byte, s, e int) []int {
	for i := s; ; {
		k := bytes.Index(d[i:e], []byte(anchorBot))
		if k < 0 {
			break
		}
		dst = append(dst, i+k)
		i += k + 1
	}
	if e+2 <= len(d) && string(d[e-1:e+2]) == anchorForm {
		dst = append(dst, e-1)
	}
	return dst
}

// nextBlock returns the first 32-byte block at or after b (a multiple of
// 32) where a run of minRun alnum bytes ends or an anchor starts: its
// offset, the run ends and anchor starts as bits by block offset, and its
// alnum mask. prev is the alnum mask of the 32 bytes before b, keep masks
// block b's bits. off is -1 when there is none.
func nextBlock(d []byte, b int, prev, keep uint32) (off int, ends, anchors, cur uint32) {
	if n := (len(d) - 2 - b) &^ 31; useAVX2 && n > 0 {
		off, ends, anchors, cur = gateAVX2(&d[b], n, prev, keep)
		if off >= 0 {
			return b + off, ends, anchors, cur
		}
		b, prev, keep = b+n, cur, ^uint32(0)
	}
	return blocksGo(d, b, prev, keep)
}

// blocksGo is nextBlock without vector instructions: SWAR on 8 bytes at a
// time. The last blocks are read from a zero-padded copy.
func blocksGo(d []byte, b int, prev, keep uint32) (off int, ends, anchors, cur uint32) {
	for ; b < len(d); b += 32 {
		blk := d[b:]
		if len(blk) < blockRead {
			blk = make([]byte, blockRead)
			copy(blk, d[b:])
		}
		m, a := blockMasks(blk)
		t := runEnds(uint64(m)<<32|uint64(prev)) & keep
		a &= keep
		if t|a != 0 {
			return b, t, a, m
		}
		prev, keep = m, ^uint32(0)
	}
	return -1, 0, 0, prev
}

// blockRead is how many bytes blockMasks reads for a 32-byte block: the
// anchors starting in its last bytes reach two further, and the SWAR words
// at offsets 1 and 2 read eight.
const blockRead = 42

// runEnds keeps bit j of x (j >= 15) iff bits j-15..j are all set, and
// returns the upper 32 bits: where in the second block a run of minRun ends.
func runEnds(x uint64) uint32 {
	x &= x << 1
	x &= x << 2
	x &= x << 4
	x &= x << 8
	return uint32(x >> 32)
}

// blockMasks returns the alnum and anchor-start masks of b[:32]; b holds
// at least blockRead bytes. The anchors are tested in full only for the
// words where a middle byte of one occurs (mayHaveByte).
func blockMasks(b []byte) (alnum, anchors uint32) {
	_ = b[blockRead-1]
	for k := 0; k < 4; k++ {
		w0 := binary.LittleEndian.Uint64(b[8*k:])
		alnum |= highBits(alnumBits(w0)) << (8 * k)
		w1 := binary.LittleEndian.Uint64(b[8*k+1:])
		if mayHaveByte(w1, anchorBot[1])|mayHaveByte(w1, anchorForm[1]) == 0 {
			continue
		}
		w2 := binary.LittleEndian.Uint64(b[8*k+2:])
		bot := eqBytes(w0, anchorBot[0]) & eqBytes(w1, anchorBot[1]) & eqBytes(w2, anchorBot[2])
		form := eqBytes(w0, anchorForm[0]) & eqBytes(w1, anchorForm[1]) & eqBytes(w2, anchorForm[2])
		anchors |= highBits(bot|form) << (8 * k)
	}
	return alnum, anchors
}

// mayHaveByte is nonzero when x has a byte equal to c (and may be when
// it has none: the classic has-zero-byte test, exact up to the first
// match), the cheap test before the exact one.
func mayHaveByte(x uint64, c byte) uint64 {
	v := x ^ swarOnes*uint64(c)
	return (v - swarOnes) &^ v & swarHigh
}

// eqBytes sets the high bit of each byte of x equal to c.
func eqBytes(x uint64, c byte) uint64 {
	v := x ^ swarOnes*uint64(c)
	nonzero := ((v &^ swarHigh) + swarHigh - swarOnes) | v // high bit set where the byte is not 0
	return ^nonzero & swarHigh
}

// highBits gathers the high bit of each byte of x into the low 8 bits,
// byte 0 first.
func highBits(x uint64) uint32 {
	return uint32(((x >> 7) * 0x0102040810204080) >> 56)
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
