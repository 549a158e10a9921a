package rules

import "bytes"

// keyed runs every keyed pattern of class cl whose secret could be the
// input range [vs, ve) (for classVibe: could contain it).
func (f *finder) keyed(cl valueClass, vs, ve int) {
	for _, ri := range f.set.keyed[cl] {
		r := &f.set.rules[ri]
		for pi := range r.patterns {
			p := &r.patterns[pi]
			if p.class != cl {
				continue
			}
			lo, hi := max(0, vs-p.before), min(len(f.d), ve+p.after)
			if !containsFold(f.d[lo:hi], p.keys) || p.need == needBase && !f.restNear(vs, ve) ||
				p.need == needCall && !quotedArg(f.d, vs, ve) {
				continue
			}
			if f.tryKeyed(r, p, rawView(f.d, lo, hi), vs, ve) || !hasMarkers(f.d[lo:hi]) {
				continue
			}
			if v := normalized(f.d, lo, hi); v.decoded {
				f.tryKeyed(r, p, v, vs, ve)
			}
		}
	}
}

// restNear is what needBase requires before a regex is worth running:
// "rest" within splitRadius of the value, where baseURL looks for it.
func (f *finder) restNear(vs, ve int) bool {
	lo, hi := max(0, vs-splitRadius), min(len(f.d), ve+splitRadius)
	return bytes.Contains(f.d[lo:hi], []byte("rest"))
}

// quotedArg is what needCall requires before a regex is worth running:
// the value quoted and right after "(" or ",": f("…", "<value>").
func quotedArg(d []byte, vs, ve int) bool {
	if vs < 2 || ve >= len(d) || !isQuote(d[vs-1]) || d[ve] != d[vs-1] {
		return false
	}
	i := vs - 1
	for i > 0 && (d[i-1] == ' ' || d[i-1] == '\t' || d[i-1] == '\n' || d[i-1] == '\r') {
		i--
	}
	return i > 0 && (d[i-1] == '(' || d[i-1] == ',')
}

// keyReach bounds a keyed pattern's window on either side of the value.
const keyReach = 256

// tryKeyed runs p on v and emits the match whose secret covers [vs, ve).
// It reports whether the regex put a secret there (emitted or filtered).
func (f *finder) tryKeyed(r *Rule, p *pattern, v *view, vs, ve int) bool {
	for _, loc := range p.regexp().FindAllSubmatchIndex(v.text, -1) {
		a, b := loc[2*p.gSecret], loc[2*p.gSecret+1]
		if a < 0 {
			continue
		}
		sp := v.orig(a, b)
		if sp.Start > vs || sp.End < ve || !p.class.fits(b-a) || (p.class == classVar && sp != Span{vs, ve}) {
			continue
		}
		if !boundaryAround(v.text, a, b, p.class == classVibe) || !f.leftOK(p.left, v, loc[0]) {
			continue
		}
		c := &candidate{rule: r, pat: p, v: v, loc: loc,
			span: v.orig(loc[0], loc[1]), secSpan: sp}
		c.secret = c.group(p.gSecret)
		c.host = c.group(p.gHost)
		c.user = c.group(p.gUser)
		c.client = c.group(p.gClient)
		if f.hasNeed(p.need, c) {
			f.emit(c)
		}
		return true
	}
	return false
}

// boundaryAround reports whether the secret t[a:b] is not glued to more
// letters or digits (or underscores, for vibe keys).
func boundaryAround(t []byte, a, b int, underscore bool) bool {
	glued := isAlnum
	if underscore {
		glued = isWordByte
	}
	return (a == 0 || !glued(t[a-1])) && (b == len(t) || !glued(t[b]))
}

// hasNeed checks the extra evidence a pattern asks for around the match.
func (f *finder) hasNeed(n need, c *candidate) bool {
	sp := c.secSpan
	var ks hitKind
	switch n {
	case needNothing, needGraded:
		return true
	case needBase:
		_, ok := f.baseURL(sp)
		return ok
	case needBaseOrPortal:
		if _, ok := f.baseURL(sp); ok {
			return true
		}
		return f.hasNeed(needPortal, c)
	case needBitrix:
		ks = hitBitrix | hitRest | hitClientID | hitAppToken
	case needWords:
		ks = hitBitrix
	case needWordsOrMethod, needPathHost:
		if b := c.loc[2*c.pat.gSecret+1]; isBitrixMethod(c.v.text[min(b+1, methodEnd(c.v.text, b)):methodEnd(c.v.text, b)]) {
			return true
		}
		if _, ok := f.near(hitBitrix, sp.Start, sp.End, maxContext); ok || n == needWordsOrMethod {
			return ok
		}
		c.weak = exprHostBefore(f.d, c.span.Start)
		return c.weak
	case needAuthFlow:
		lo, hi := max(0, sp.Start-maxContext), min(len(f.d), sp.End+maxContext)
		return containsFold(f.d[lo:hi], []string{"authorization_code", "oauth/token", "oauth/authorize", "server_domain"})
	case needCall:
		host, user, ok := f.callArgs(sp)
		c.host, c.user = host, cmpOr(c.user, user)
		return ok
	case needClient:
		ks = hitClientID
	case needCompare:
		return f.comparedWithAppToken(c.group(c.pat.gName), sp)
	case needPortal:
		if _, ok := f.near(hitBitrix, sp.Start, sp.End, maxContext); !ok {
			return f.siblingsNear(c.group(c.pat.gName), sp) // IN_TOKEN beside IN_DOMAIN and IN_USER
		}
		if _, ok := f.near(hitRest, sp.Start, sp.End, maxContext); ok {
			return true
		}
		lo, hi := max(0, sp.Start-maxContext), min(len(f.d), sp.End+maxContext)
		return f.cloudHostNear(sp) != "" || indexFold(f.d[lo:hi], "hook") >= 0
	}
	_, ok := f.near(ks, sp.Start, sp.End, maxContext)
	return ok
}

// containsFold reports whether window contains one of the lowercase
// keys, ignoring ASCII case, without copying the window.
func containsFold(window []byte, keys []string) bool {
	for _, k := range keys {
		if indexFold(window, k) >= 0 {
			return true
		}
	}
	return false
}

// indexFold is bytes.Index ignoring ASCII case; key is lowercase.
func indexFold(b []byte, key string) int {
	c0, c1 := key[0], key[0]
	if c0 >= 'a' && c0 <= 'z' {
		c1 = c0 - 'a' + 'A'
	}
	for i := 0; i+len(key) <= len(b); i++ {
		j := bytes.IndexByte(b[i:len(b)-len(key)+1], c0)
		if c1 != c0 {
			if k := bytes.IndexByte(b[i:len(b)-len(key)+1], c1); k >= 0 && (j < 0 || k < j) {
				j = k
			}
		}
		if j < 0 {
			return -1
		}
		i += j
		if bytes.EqualFold(b[i:i+len(key)], []byte(key)) {
			return i
		}
	}
	return -1
}

// leftOK checks the byte before a match at view index i against b.
func (f *finder) leftOK(b leftBound, v *view, i int) bool {
	if b == anyLeft {
		return true
	}
	if i > 0 {
		return b.allows(v.text[i-1])
	}
	o := v.orig(i, i+1).Start
	return o == 0 || b.allows(f.d[o-1])
}

// comparedWithAppToken reports whether name is compared with an
// application_token near sp: "application_token'] == OUT_TOKEN".
func (f *finder) comparedWithAppToken(name string, sp Span) bool {
	lo, hi := max(0, sp.Start-maxContext), min(len(f.d), sp.End+maxContext)
	for p := lo; p < hi; {
		i := bytes.Index(f.d[p:hi], []byte(name))
		if i < 0 {
			return false
		}
		at := p + i
		p = at + 1
		before := f.d[max(lo, at-48):at]
		if j := bytes.Index(before, []byte("application_token")); j >= 0 &&
			(bytes.Contains(before[j:], []byte("==")) || bytes.Contains(before[j:], []byte("!="))) {
			return true
		}
		if assignedAppToken(f.d[at+len(name):min(len(f.d), at+len(name)+120)]) &&
			(at == 0 || !isWordByte(f.d[at-1])) {
			return true
		}
	}
	return false
}

// assignedAppToken reports whether rest, the text after a variable name,
// assigns it the request's application_token on the same line:
// "token = request.form.get('auth[application_token]')".
func assignedAppToken(rest []byte) bool {
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	t := bytes.TrimLeft(rest, " \t")
	if len(t) < 2 || t[0] != '=' || t[1] == '=' {
		if len(t) < 3 || t[0] != ':' || t[1] != '=' {
			return false
		}
	}
	return bytes.Contains(t, []byte("application_token"))
}
