package rules

import (
	"bytes"
	"regexp"
	"strings"
)

// splitRadius bounds how far apart the halves of a split webhook may be.
// With the URL token window it stays inside maxContext.
const splitRadius = 1024

// base is a webhook base URL ("https://host/rest/1/") near a split code.
type base struct {
	host, user string
}

// baseURL finds the webhook base URL nearest to sp: a /rest/<id>/ URL with
// http(s):// and no code, closed right after the user segment.
func (f *finder) baseURL(sp Span) (base, bool) {
	d := f.d
	lo, hi := max(0, sp.Start-splitRadius), min(len(d), sp.End+splitRadius)
	var best base
	bestDist := -1
	for p := lo; p < hi; {
		i := bytes.Index(d[p:hi], []byte("rest"))
		if i < 0 {
			break
		}
		r := p + i
		p = r + 4
		b, ok := baseAt(d, r)
		if !ok {
			continue
		}
		dist := max(r-sp.End, sp.Start-r, 0)
		if bestDist < 0 || dist < bestDist {
			best, bestDist = b, dist
		}
	}
	return best, bestDist >= 0
}

// baseAt parses a base URL whose "rest" is at d[r].
func baseAt(d []byte, r int) (base, bool) {
	lo, hi := tokenWindow(d, r, r+4)
	v := rawView(d, lo, hi)
	if hasMarkers(d[lo:hi]) {
		v = normalized(d, lo, hi)
	}
	vr := v.at(r)
	if vr >= len(v.text) || v.orig(vr, vr+1).Start != r {
		return base{}, false
	}
	u, ok := parseRest(v.text, vr)
	if !ok || u.codeStart >= 0 || !u.scheme || !baseEnds(v.text, u.userEnd) {
		return base{}, false
	}
	return base{host: strings.ToLower(string(v.text[u.hostStart:u.hostEnd])),
		user: string(v.text[u.userStart:u.userEnd])}, true
}

// baseEnds reports whether the URL stops after the user segment (and an
// optional slash): end of token, a quote, or a "$" interpolation.
func baseEnds(t []byte, i int) bool {
	if i < len(t) && t[i] == '/' {
		i++
	}
	return i == len(t) || isStopByte(t[i]) || t[i] == '$'
}

// cloudHostNear returns the lowercase Bitrix24 cloud host mentioned
// nearest to sp (BX_DOMAIN=…, domain="…"), or "".
func (f *finder) cloudHostNear(sp Span) string {
	d := f.d
	lo, hi := max(0, sp.Start-splitRadius), min(len(d), sp.End+splitRadius)
	best, bestDist := "", -1
	for p := lo; p < hi; {
		i := bytes.Index(d[p:hi], []byte(".bitrix24."))
		if i < 0 {
			break
		}
		at := p + i
		p = at + 1
		s, e := at, at+1
		for s > lo && class[d[s-1]]&cHost != 0 {
			s--
		}
		for e < hi && class[d[e]]&cHost != 0 {
			e++
		}
		host := strings.ToLower(strings.TrimRight(string(d[s:e]), ".-"))
		if portal, _, ok := cloudSplit(host); !ok || portal == "" {
			continue
		}
		if dist := max(s-sp.End, sp.Start-e, 0); bestDist < 0 || dist < bestDist {
			best, bestDist = host, dist
		}
	}
	return best
}

var userIDRe = regexp.MustCompile(`(?i:user_?id)["'\]]?\s*(?:=>|=|:)\s*["']?(\d{1,10})(?:[^0-9]|$)`)

// userIDNear returns the value of a USER_ID=<digits> setting near sp.
func (f *finder) userIDNear(sp Span) string {
	lo, hi := max(0, sp.Start-splitRadius), min(len(f.d), sp.End+splitRadius)
	if m := userIDRe.FindSubmatch(f.d[lo:hi]); m != nil {
		return string(m[1])
	}
	return ""
}
