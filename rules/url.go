package rules

import (
	"bytes"
	"strings"
)

// restURL is a parsed ".../rest/[api/]<user>/<code>" URL in a view.
type restURL struct {
	start              int // scheme, "//" or host start
	hostStart, hostEnd int // host with port
	scheme             bool
	userStart, userEnd int
	codeStart          int // -1: a base URL without a code
}

// Lengths and limits of the URL grammar.
const (
	codeLen    = 16
	maxUserLen = 10
	maxHostLen = 253
	urlBefore  = 512 // token window before a code
	urlAfter   = 64  // token window after a code
)

// parseRest parses the URL whose "rest" path segment starts at t[r]. It
// returns ok=false unless t[r-1] is '/' and a numeric user segment follows.
func parseRest(t []byte, r int) (u restURL, ok bool) {
	if r < 1 || t[r-1] != '/' || !bytes.HasPrefix(t[r:], []byte("rest/")) {
		return u, false
	}
	i := r + 5
	if bytes.HasPrefix(t[i:], []byte("api/")) {
		i += 4
	}
	j := i
	for j < len(t) && j-i <= maxUserLen && t[j] >= '0' && t[j] <= '9' {
		j++
	}
	if j == i || j-i > maxUserLen {
		return u, false
	}
	u.userStart, u.userEnd, u.codeStart = i, j, -1
	if j < len(t) && t[j] == '/' && isCodeAt(t, j+1) {
		u.codeStart = j + 1
	}
	if !parseHost(t, r-1, &u) {
		return u, false
	}
	return u, true
}

// isCodeAt reports whether t[i:] starts with exactly 16 [a-z0-9] followed
// by a byte that can't continue a code.
func isCodeAt(t []byte, i int) bool {
	if i+codeLen > len(t) {
		return false
	}
	for _, c := range t[i : i+codeLen] {
		if class[c]&cLower == 0 {
			return false
		}
	}
	return i+codeLen == len(t) || !isWordByte(t[i+codeLen])
}

func isWordByte(c byte) bool { return isAlnum(c) || c == '_' }

// parseHost reads the host (and port) that ends at the slash t[slash],
// and the scheme before it.
//
// The host may be an internationalized name written in UTF-8
// ("црм.компания.рф") when "//" precedes it, and the path may start with
// an empty segment ("host//rest/…", a base URL ending in "/" joined to
// "/rest/…").
func parseHost(t []byte, slash int, u *restURL) bool {
	end := slash
	if slash >= 2 && t[slash-1] == '/' && class[t[slash-2]]&cHost != 0 {
		end = slash - 1
	}
	h := hostStart(t, end, false)
	if h > 0 && t[h-1] >= 0x80 {
		if w := hostStart(t, end, true); w >= 2 && t[w-1] == '/' && t[w-2] == '/' {
			h = w
		}
	}
	slash = end
	host := t[h:slash]
	if h > 0 && (t[h-1] == '$' || t[h-1] == '%' && string(host) == "s") {
		return false // "$portal/rest/…", "%s/rest/…": a host given by an expression (the split rule's)
	}
	if c := bytes.IndexByte(host, ':'); c >= 0 {
		port := host[c+1:]
		if len(port) == 0 || len(port) > 5 || !allDigits(port) {
			return false
		}
		host = host[:c]
	}
	if !validHost(host) {
		return false
	}
	u.hostStart, u.hostEnd, u.start = h, slash, h
	if h >= 2 && t[h-1] == '/' && t[h-2] == '/' {
		u.start = h - 2
		for _, s := range [...]string{"https:", "http:"} {
			if u.start >= len(s) && bytes.EqualFold(t[u.start-len(s):u.start], []byte(s)) {
				u.start -= len(s)
				u.scheme = true
				break
			}
		}
	}
	return true
}

// hostStart walks back from end over host and port bytes (and, if wide,
// UTF-8 bytes of an internationalized name).
func hostStart(t []byte, end int, wide bool) int {
	h := end
	for h > 0 && end-h < maxHostLen+6 && (class[t[h-1]]&cHost != 0 || t[h-1] == ':' || (wide && t[h-1] >= 0x80)) {
		h--
	}
	return h
}

// validHost checks dot-separated labels of [A-Za-z0-9-] (and UTF-8 bytes)
// that neither start nor end with '-'.
func validHost(h []byte) bool {
	if len(h) == 0 {
		return false
	}
	for len(h) > 0 {
		l := h
		if i := bytes.IndexByte(h, '.'); i >= 0 {
			l, h = h[:i], h[i+1:]
			if len(h) == 0 {
				return false
			}
		} else {
			h = nil
		}
		if len(l) == 0 || !(isAlnum(l[0]) || l[0] >= 0x80) || !(isAlnum(l[len(l)-1]) || l[len(l)-1] >= 0x80) {
			return false
		}
	}
	return true
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
}

// methodEnd returns the end of the REST method ("/crm.deal.list") that
// follows the code ending at i, or i when there is none.
func methodEnd(t []byte, i int) int {
	if i >= len(t) || t[i] != '/' {
		return i
	}
	j := i + 1
	for j < len(t) && j-i < 64 && (class[t[j]]&cAlnum != 0 || t[j] == '.' || t[j] == '_') {
		j++
	}
	return j
}

// bitrixMethods are the first segments of Bitrix24 REST methods (§7.2).
var bitrixMethods = map[string]bool{
	"crm": true, "user": true, "tasks": true, "task": true, "im": true,
	"imbot": true, "imopenlines": true, "disk": true, "lists": true,
	"sonet_group": true, "department": true, "calendar": true,
	"telephony": true, "voximplant": true, "bizproc": true, "catalog": true,
	"sale": true, "landing": true, "entity": true, "log": true,
	"timeman": true, "profile": true, "batch": true, "scope": true,
	"methods": true, "app": true, "server": true, "event": true,
	"placement": true, "download": true, "upload": true, "socialnetwork": true,
	"documentgenerator": true, "messageservice": true, "userfieldconfig": true,
	"booking": true, "sign": true, "rpa": true, "mailservice": true,
}

// isBitrixMethod reports whether m ("crm.deal.list.json") names a
// Bitrix24 REST method family.
func isBitrixMethod[T string | []byte](m T) bool {
	first, _, _ := strings.Cut(string(m), ".")
	return bitrixMethods[first]
}

// isStopByte ends a URL token: whitespace, quotes and angle brackets.
func isStopByte(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\r', '\v', '\f', '"', '\'', '`', '<', '>', 0:
		return true
	}
	return false
}

// tokenWindow returns the input range of the URL-like token around
// [a, b): up to urlBefore bytes back and urlAfter forward, stopping at
// whitespace and quotes.
func tokenWindow(d []byte, a, b int) (lo, hi int) {
	lo = a
	for lo > 0 && a-lo < urlBefore && !isStopByte(d[lo-1]) {
		lo--
	}
	hi = b
	for hi < len(d) && hi-b < urlAfter && !isStopByte(d[hi]) {
		hi++
	}
	return lo, hi
}
