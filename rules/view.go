package rules

import "sort"

// view is a window of the input, either raw or decoded. Every byte of text
// knows the input range it came from, so matches found in decoded text are
// reported in input coordinates.
type view struct {
	text    []byte
	base    int     // raw views: text[i] is input[base+i]
	start   []int32 // decoded views: input offset where text[i] begins
	end     []int32 // decoded views: input offset where text[i] ends
	decoded bool
}

// rawView is the input range [lo, hi) as is.
func rawView(d []byte, lo, hi int) *view {
	return &view{text: d[lo:hi], base: lo}
}

// orig maps the view range [a, b) to input coordinates.
func (v *view) orig(a, b int) Span {
	if !v.decoded {
		return Span{v.base + a, v.base + b}
	}
	if a >= b {
		p := int(v.start[min(a, len(v.start)-1)])
		return Span{p, p}
	}
	return Span{int(v.start[a]), int(v.end[b-1])}
}

// at returns the index of the first view byte that begins at or after the
// input offset p.
func (v *view) at(p int) int {
	if !v.decoded {
		return p - v.base
	}
	return sort.Search(len(v.start), func(i int) bool { return int(v.start[i]) >= p })
}

// compose maps a view decoded from v.text back through v.
func (v *view) compose(inner *view) *view {
	out := &view{text: inner.text, decoded: true,
		start: inner.start, end: inner.end}
	for i := range out.start {
		s, e := int(out.start[i]), int(out.end[i])
		sp := v.orig(s, e)
		out.start[i], out.end[i] = int32(sp.Start), int32(sp.End)
	}
	return out
}

// hasMarkers reports whether t may hold JSON, percent or HTML escapes.
func hasMarkers(t []byte) bool {
	for _, c := range t {
		if c == '%' || c == '\\' || c == '&' {
			return true
		}
	}
	return false
}

// normalized decodes escapes in the input range [lo, hi), at most two
// levels deep (e.g. percent-encoding inside a JSON string). It returns a
// raw view when there is nothing to decode.
func normalized(d []byte, lo, hi int) *view { return normalizedWith(d, lo, hi, nil) }

// scratch is decode memory reused between views that do not outlive the
// call that made them (webhookRun's), one buffer pair per level.
type scratch struct {
	text [2][]byte
	offs [2][]int32
}

// normalizedWith is normalized decoding into sc's buffers when sc is not
// nil; the view is valid until the next call with the same sc.
func normalizedWith(d []byte, lo, hi int, sc *scratch) *view {
	v := rawView(d, lo, hi)
	for depth := 0; depth < 2 && hasMarkers(v.text); depth++ {
		var text []byte
		var offs []int32
		if sc != nil {
			text, offs = sc.text[depth], sc.offs[depth]
		}
		inner, changed := unescapeInto(v.text, text, offs)
		if sc != nil {
			sc.text[depth], sc.offs[depth] = inner.text[:0], inner.start[:cap(inner.start)]
		}
		if !changed {
			break
		}
		v = v.compose(inner)
	}
	return v
}

// unescape decodes \/, \\, \", \', \:, \=, \xHH, \uXXXX, %XX and HTML entities in
// one pass. The output is never longer than src. Offsets in the returned
// view are relative to src.
func unescape(src []byte) (*view, bool) { return unescapeInto(src, nil, nil) }

// unescapeInto is unescape reusing the memory of text and offs.
func unescapeInto(src, text []byte, offs []int32) (*view, bool) {
	n := len(src)
	if cap(text) < n {
		text = make([]byte, 0, n)
	}
	if cap(offs) < 2*n {
		offs = make([]int32, 2*n)
	}
	offs = offs[:2*n]
	// start may use offs[:n] (cap 2n lets the caller reuse all of offs; the
	// output never has more than n bytes, so start never reaches end's half)
	out := &view{text: text[:0], decoded: true, start: offs[:0], end: offs[n : n : 2*n]}
	changed := false
	for i := 0; i < len(src); {
		j := i
		for j < len(src) && src[j] != '%' && src[j] != '\\' && src[j] != '&' {
			j++
		}
		for k := i; k < j; k++ {
			out.start = append(out.start, int32(k))
			out.end = append(out.end, int32(k+1))
		}
		out.text = append(out.text, src[i:j]...)
		if i = j; i == len(src) {
			break
		}
		dec, n := decodeAt(src, i)
		if n == 0 {
			dec, n = src[i:i+1], 1
		} else {
			changed = true
		}
		for _, c := range dec {
			out.text = append(out.text, c)
			out.start = append(out.start, int32(i))
			out.end = append(out.end, int32(i+n))
		}
		i += n
	}
	return out, changed
}

// decodeAt decodes one escape at src[i]; n=0 means there is none. The
// decoded bytes are never more than n.
func decodeAt(src []byte, i int) (dec []byte, n int) {
	switch src[i] {
	case '%':
		if b, ok := hexByte(src, i+1); ok {
			return byteSlice(b), 3
		}
	case '\\':
		return decodeBackslash(src, i)
	case '&':
		return decodeEntity(src, i)
	}
	return nil, 0
}

// byteSlice returns the one-byte slice holding c, without allocating.
func byteSlice(c byte) []byte { return oneByte[int(c) : int(c)+1] }

// oneByte lets decoders return a single byte without allocating.
var oneByte = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
	}
	return t
}()

func decodeBackslash(src []byte, i int) ([]byte, int) {
	if i+1 >= len(src) {
		return nil, 0
	}
	switch c := src[i+1]; c {
	case '/', '\\', '"', '\'', ':', '=': // \: and \= escape Java .properties
		return byteSlice(c), 2
	case 'x':
		if b, ok := hexByte(src, i+2); ok {
			return byteSlice(b), 4
		}
	case 'u':
		hi, ok1 := hexByte(src, i+2)
		lo, ok2 := hexByte(src, i+4)
		if ok1 && ok2 {
			return encodeRune(rune(hi)<<8 | rune(lo)), 6
		}
	}
	return nil, 0
}

var namedEntities = map[string]byte{
	"amp": '&', "quot": '"', "apos": '\'', "lt": '<', "gt": '>', "sol": '/',
	"colon": ':', "equals": '=', "lsqb": '[', "rsqb": ']', "lbrack": '[',
	"rbrack": ']', "quest": '?', "num": '#', "percnt": '%', "period": '.',
}

func decodeEntity(src []byte, i int) ([]byte, int) {
	j := i + 1
	for j < len(src) && j-i <= 10 && src[j] != ';' {
		j++
	}
	if j >= len(src) || src[j] != ';' || j == i+1 {
		return nil, 0
	}
	name := src[i+1 : j]
	if name[0] != '#' {
		if b, ok := namedEntities[string(name)]; ok {
			return byteSlice(b), j + 1 - i
		}
		return nil, 0
	}
	r, ok := parseCharRef(name[1:])
	if !ok {
		return nil, 0
	}
	return encodeRune(r), j + 1 - i
}

// parseCharRef parses the digits of &#NN; or &#xHH;.
func parseCharRef(s []byte) (rune, bool) {
	base := rune(10)
	if len(s) > 0 && (s[0] == 'x' || s[0] == 'X') {
		base, s = 16, s[1:]
	}
	if len(s) == 0 || len(s) > 7 {
		return 0, false
	}
	var r rune
	for _, c := range s {
		d := hexVal(c)
		if d < 0 || rune(d) >= base {
			return 0, false
		}
		r = r*base + rune(d)
	}
	return r, r <= 0x10FFFF
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

func hexByte(src []byte, i int) (byte, bool) {
	if i+1 >= len(src) {
		return 0, false
	}
	h, l := hexVal(src[i]), hexVal(src[i+1])
	if h < 0 || l < 0 {
		return 0, false
	}
	return byte(h<<4 | l), true
}

// encodeRune returns r as UTF-8 (at most 4 bytes; surrogates become
// U+FFFD). ASCII needs no allocation.
func encodeRune(r rune) []byte {
	if r < 0x80 {
		return byteSlice(byte(r))
	}
	if r >= 0xD800 && r <= 0xDFFF {
		r = 0xFFFD
	}
	return []byte(string(r))
}
