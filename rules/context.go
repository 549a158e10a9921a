package rules

import "bytes"

// ctxBlock is the granularity of the lazy context index.
const ctxBlock = 1024

// hit is one context word found in the input: [start, end) is everything
// that was inspected to decide it (boundary bytes included).
type hit struct {
	start, end int32 // everything inspected, boundary bytes included
	core       Span  // the word itself
	kind       hitKind
}

type hitKind uint8

const (
	hitBitrix   hitKind = 1 << iota // bitrix, b24, bx24, битрикс, CRest, C_REST_, member_id
	hitRest                         // /rest/<id>/: a webhook path
	hitClientID                     // local.<14 hex>.<8 digits> or app.…
	hitAppToken                     // application_token: an event handler
)

// ctxWords are the case variants of Bitrix context words.
var ctxWords = []string{
	"bitrix", "Bitrix", "BITRIX", "b24", "B24", "bx24", "BX24", "Bx24",
	"битрикс", "Битрикс", "БИТРИКС", "C_REST_", "CRest", "member_id", "MEMBER_ID",
	"application_token", "APPLICATION_TOKEN", "/rest/",
}

// ctxIndex lazily records context words per block of the input, so the
// many lookups of a dense file cost one pass over the blocks they touch.
type ctxIndex struct {
	blocks map[int][]hit
}

// near reports the hit of a kind in the set ks nearest to [a, b) whose
// inspected bytes lie entirely within [a-radius, b+radius); ok=false if
// none.
func (f *finder) near(ks hitKind, a, b, radius int) (h hit, ok bool) {
	lo, hi := max(0, a-radius), min(len(f.d), b+radius)
	best := -1
	for blk := lo / ctxBlock; blk*ctxBlock < hi; blk++ {
		for _, x := range f.block(blk) {
			if x.kind&ks == 0 || int(x.start) < lo || int(x.end) > hi {
				continue
			}
			dist := max(int(x.start)-b, a-int(x.end), 0)
			if best < 0 || dist < best {
				best, h, ok = dist, x, true
			}
		}
	}
	return h, ok
}

// block returns the hits that start in block blk, computing them once.
func (f *finder) block(blk int) []hit {
	if f.ctx.blocks == nil {
		f.ctx.blocks = make(map[int][]hit)
	}
	if hs, ok := f.ctx.blocks[blk]; ok {
		return hs
	}
	lo := blk * ctxBlock
	hi := min(len(f.d), lo+ctxBlock)
	var hs []hit
	hs = appendWordHits(hs, f.d, lo, hi)
	hs = appendClientIDHits(hs, f.d, lo, hi)
	f.ctx.blocks[blk] = hs
	return hs
}

// appendWordHits finds Bitrix context words that start in [lo, hi).
func appendWordHits(hs []hit, d []byte, lo, hi int) []hit {
	for _, w := range ctxWords {
		for p := lo; p < hi; {
			i := bytes.Index(d[p:min(len(d), hi+len(w)+16)], []byte(w))
			if i < 0 || p+i >= hi {
				break
			}
			p += i
			if s, e, ok := wordHit(d, p, w); ok {
				k := hitBitrix
				switch w {
				case "/rest/":
					k = hitRest
				case "application_token", "APPLICATION_TOKEN":
					k = hitAppToken
				}
				hs = append(hs, hit{int32(s), int32(e), Span{p, p + len(w)}, k})
			}
			p++
		}
	}
	return hs
}

// wordHit validates the context word w at d[p]: short words need a
// boundary before them; "/rest/" needs a numeric user segment after.
func wordHit(d []byte, p int, w string) (s, e int, ok bool) {
	s, e = p, p+len(w)
	switch w {
	case "b24", "B24", "bx24", "BX24", "Bx24":
		if p > 0 {
			s = p - 1
			if isAlnum(d[p-1]) {
				return 0, 0, false
			}
		}
	case "/rest/":
		j := e
		for j < len(d) && j-e <= maxUserLen && d[j] >= '0' && d[j] <= '9' {
			j++
		}
		if j == e || j-e > maxUserLen || j < len(d) && isAlnum(d[j]) {
			return 0, 0, false
		}
		e = min(j+1, len(d)) // the end of the input ends the segment as a newline would
	}
	return s, e, true
}

// appendClientIDHits finds client_ids that start in [lo, hi).
func appendClientIDHits(hs []hit, d []byte, lo, hi int) []hit {
	for _, pre := range [...]string{"local.", "app."} {
		for p := lo; p < hi; {
			i := bytes.Index(d[p:min(len(d), hi+len(pre))], []byte(pre))
			if i < 0 || p+i >= hi {
				break
			}
			p += i
			if e, ok := clientIDAt(d, p, len(pre)); ok {
				hs = append(hs, hit{int32(max(0, p-1)), int32(min(len(d), e+1)), Span{p, e}, hitClientID})
			}
			p++
		}
	}
	return hs
}

// clientIDAt validates (local|app).<13 hex><digit>.<8 digits> at d[p],
// with non-identifier bytes around it, and returns its end.
func clientIDAt(d []byte, p, pre int) (int, bool) {
	if p > 0 && (isWordByte(d[p-1]) || d[p-1] == '.') {
		return 0, false
	}
	i := p + pre
	if i+14+1+8 > len(d) {
		return 0, false
	}
	for k := range 14 {
		c := d[i+k]
		if class[c]&cHex == 0 || (k == 13 && (c < '0' || c > '9')) {
			return 0, false
		}
	}
	if d[i+14] != '.' || !allDigits(d[i+15:i+23]) {
		return 0, false
	}
	e := i + 23
	if e < len(d) && isWordByte(d[e]) {
		return 0, false
	}
	return e, true
}
