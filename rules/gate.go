package rules

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
// bytes that ends at or after from, or ok=false. It probes every minRun-th
// byte: a run that long must cover one of the probes, so most bytes of text
// without long runs are never read. The returned run may start before from.
func nextRun(d []byte, from int) (s, e int, ok bool) {
	n := len(d)
	for i := from + minRun - 1; i < n; {
		if class[d[i]]&cAlnum == 0 {
			i += minRun
			continue
		}
		s = i
		for lo := max(0, i-minRun); s > lo && class[d[s-1]]&cAlnum != 0; {
			s--
		}
		e = i + 1
		for e < n && class[d[e]]&cAlnum != 0 {
			e++
		}
		if e-s >= minRun {
			for s > 0 && class[d[s-1]]&cAlnum != 0 {
				s--
			}
			return s, e, true
		}
		i = e + minRun
	}
	return 0, 0, false
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
