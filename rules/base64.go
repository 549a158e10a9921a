package rules

import "bytes"

// b64Anchor is the base64 encoding of "/rest/" at one alignment: the
// characters fully determined by those six bytes, and where the first of
// them sits inside its 4-character quantum.
type b64Anchor struct {
	text  string
	phase int
}

// b64Anchors cover "/rest/" starting at byte offset 0, 1 and 2 of a
// 3-byte group; TestB64Anchors derives them from encoding/base64.
var b64Anchors = [3]b64Anchor{
	{"L3Jlc3Qv", 0},
	{"9yZXN0L", 2},
	{"vcmVzdC", 3},
}

// b64Reach bounds how far around an anchor base64 is decoded.
const b64Reach = 600

// base64Views finds every base64 anchor inside the run [s, e) and returns a
// decoded view around each (decoded once more when it holds escapes).
func base64Views(d []byte, s, e int) []*view {
	var out []*view
	run := d[s:e]
	for _, a := range b64Anchors {
		for off := 0; ; {
			i := bytes.Index(run[off:], []byte(a.text))
			if i < 0 {
				break
			}
			p := s + off + i
			if v := decodeB64Around(d, p, a.phase); v != nil {
				out = append(out, v)
			}
			off += i + len(a.text)
		}
	}
	return out
}

// decodeB64Around decodes the base64 text around the anchor at p, whose
// first character has the given phase in its quantum.
func decodeB64Around(d []byte, p, phase int) *view {
	lo := p
	for lo > 0 && p-lo < b64Reach && class[d[lo-1]]&cB64 != 0 {
		lo--
	}
	hi := p
	for hi < len(d) && hi-p < b64Reach && class[d[hi]]&cB64 != 0 {
		hi++
	}
	for k := 0; k < 2 && hi < len(d) && d[hi] == '='; k++ {
		hi++
	}
	q := p - phase // a quantum boundary
	lo += ((q-lo)%4 + 4) % 4
	v := &view{decoded: true}
	var quad [4]int
	for i := lo; i+4 <= hi; i += 4 {
		for k := range 4 {
			quad[k] = b64Val(d[i+k])
		}
		n := 3 // bytes this quantum yields; '=' padding ends the text
		switch {
		case quad[0] < 0 || quad[1] < 0:
			n = 0
		case quad[2] < 0 && d[i+2] == '=' && d[i+3] == '=':
			n, quad[2], quad[3] = 1, 0, 0
		case quad[2] >= 0 && quad[3] < 0 && d[i+3] == '=':
			n, quad[3] = 2, 0
		case quad[2] < 0 || quad[3] < 0:
			n = 0
		}
		b := [3]byte{byte(quad[0]<<2 | quad[1]>>4), byte(quad[1]<<4 | quad[2]>>2), byte(quad[2]<<6 | quad[3])}
		for k := range n {
			v.text = append(v.text, b[k])
			v.start = append(v.start, int32(i+k))
			v.end = append(v.end, int32(i+k+2))
		}
		if n < 3 {
			break
		}
	}
	if len(v.text) == 0 {
		return nil
	}
	if hasMarkers(v.text) {
		if inner, changed := unescape(v.text); changed {
			return v.compose(inner)
		}
	}
	return v
}

// b64Val accepts both the standard and the URL-safe alphabet.
func b64Val(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+' || c == '-':
		return 62
	case c == '/' || c == '_':
		return 63
	}
	return -1
}
