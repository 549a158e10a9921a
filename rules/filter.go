package rules

import (
	"bytes"
	"math/bits"
	"strings"
)

// fakeCode reports whether a 16-char webhook code (or a 32-char token, or
// a 50-char secret) is a placeholder, a vendor sample, or too regular to
// have come from a random generator. Real values are uniform over their
// alphabet; these checks drop about 4 in 100,000 random codes (a test holds
// it under 1 in 10,000): runs of 5 repeated or sequential characters, not 4,
// since 4 happen by chance in 0.08% of random codes.
func fakeCode(v string) bool {
	n := len(v)
	if n == 0 || nearSample(v) {
		return true
	}
	st := statsOf(v)
	switch {
	case st.distinct < n/3+1, st.digitsOnly:
		return true
	case st.repeat >= 5+n/32, st.step >= 5+n/32, st.subStep >= 6, st.keyboard:
		return true
	case distinctBigrams(v) < n/2:
		return true
	}
	lv := v
	if st.upper {
		lv = strings.ToLower(v)
	}
	return 2*wordCover(lv) >= n
}

// stats are the regularities of a value, gathered in one pass.
type stats struct {
	distinct   int  // distinct bytes
	digitsOnly bool // only 0-9
	upper      bool // has A-Z
	repeat     int  // longest run of one byte
	step       int  // longest run of +1 or -1 steps ("1234", "dcba"), case-folded
	subStep    int  // the same among letters alone or digits alone ("a1b2c3d4e5")
	keyboard   bool // a walk of 5 keys along a keyboard row
}

func statsOf(v string) stats {
	st := stats{digitsOnly: true, repeat: 1, step: 1, subStep: 1}
	var seen [4]uint64
	rep, up, down, kb := 1, 1, 1, 0
	var prevL, prevD byte
	lUp, lDown, dUp, dDown := 0, 0, 0, 0
	for i := 0; i < len(v); i++ {
		c := v[i]
		seen[c>>6] |= 1 << (c & 63)
		isDigit := c >= '0' && c <= '9'
		st.digitsOnly = st.digitsOnly && isDigit
		if c >= 'A' && c <= 'Z' {
			st.upper = true
			c += 'a' - 'A'
		}
		if i > 0 {
			p := lowerASCII(v[i-1])
			rep = stepIf(v[i] == v[i-1], rep)
			up, down = stepRun(p, c, up, down)
			kb = keyWalk(v, i, p, c, kb, &st)
		}
		st.repeat, st.step = max(st.repeat, rep), max(st.step, up, down)
		if isDigit {
			dUp, dDown = subRun(prevD, c, dUp, dDown)
			prevD = c
		} else {
			lUp, lDown = subRun(prevL, c, lUp, lDown)
			prevL = c
		}
		st.subStep = max(st.subStep, lUp, lDown, dUp, dDown)
	}
	for _, w := range seen {
		st.distinct += bits64(w)
	}
	return st
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func stepIf(cond bool, run int) int {
	if cond {
		return run + 1
	}
	return 1
}

// subRun extends the up/down step runs of a subsequence; prev 0 starts it.
func subRun(prev, c byte, up, down int) (int, int) {
	if prev == 0 {
		return 1, 1
	}
	return stepRun(prev, c, up, down)
}

// keyWalk extends the run of keyboard-adjacent pairs ending at v[i].
func keyWalk(v string, i int, p, c byte, run int, st *stats) int {
	a, b := alnumIndex(p), alnumIndex(c)
	x := a*62 + b
	if a < 0 || b < 0 || keyboardNext[x/64]&(1<<(x%64)) == 0 {
		return 0
	}
	if run++; run >= 4 && onOneRow(strings.ToLower(v[i-4:i+1])) {
		st.keyboard = true
	}
	return run
}

func bits64(w uint64) int { return bits.OnesCount64(w) }

// stepRun extends the runs of +1 (up) and -1 (down) steps by the pair a, b.
func stepRun(a, b byte, up, down int) (int, int) {
	if b == a+1 {
		up++
	} else {
		up = 1
	}
	if b+1 == a {
		down++
	} else {
		down = 1
	}
	return up, down
}

// fakeHex70 reports whether a 70-hex OAuth token is a sample or synthetic.
// Real ones have long zero runs, so only diversity is checked. Bytes 4-11
// identify the application and portal that issued a token; the REST docs'
// samples all come from a handful of demo portals.
func fakeHex70(v string) bool {
	return vendorSamples[v] || docsTokenIssuers[v[8:24]] || statsOf(v).distinct < 8 || distinctBigrams(v) < 24
}

// fakeSecret50 also demands both letter cases, as a random 50-char
// [A-Za-z0-9] string practically always has them.
func fakeSecret50(v string) bool {
	return fakeCode(v) || strings.ToLower(v) == v || strings.ToUpper(v) == v
}

func distinctBigrams(v string) int {
	var seen [4]uint64
	for i := 0; i+2 <= len(v); i++ {
		x := (uint32(v[i])<<8 | uint32(v[i+1])) * 2654435761 >> 24
		seen[x>>6] |= 1 << (x & 63)
	}
	k := 0
	for _, w := range seen {
		k += bits64(w)
	}
	return k
}

// alnumIndex maps [0-9a-zA-Z] to 0..61, anything else to -1.
func alnumIndex(c byte) int { return int(alnumIdx[c]) }

var alnumIdx = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i, c := range []byte("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		t[c] = int8(i)
	}
	return t
}()

// keyboardRows are walked by people typing fake keys, in both directions.
var keyboardRows = []string{"qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp"}

// keyboardNext has a bit for every pair of bytes adjacent on a row.
var keyboardNext = func() (t [62*62/64 + 1]uint64) {
	for _, row := range keyboardRows {
		for _, r := range [2]string{row, reverse(row)} {
			for i := 0; i+1 < len(r); i++ {
				x := alnumIndex(r[i])*62 + alnumIndex(r[i+1])
				t[x/64] |= 1 << (x % 64)
			}
		}
	}
	return t
}()

// onOneRow reports whether w is a substring of one row, either way.
func onOneRow(w string) bool {
	for _, row := range keyboardRows {
		if strings.Contains(row, w) || strings.Contains(reverse(row), w) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// truncatedAt reports whether the secret ending at d[e] is cut short or
// masked in the text: followed by "...", "…", '*' or '•'.
func truncatedAt(d []byte, e int) bool {
	rest := d[e:min(len(d), e+3)]
	return bytes.HasPrefix(rest, []byte("...")) || bytes.HasPrefix(rest, []byte("…")) ||
		bytes.HasPrefix(rest, []byte("•")) || (len(rest) > 0 && rest[0] == '*')
}
