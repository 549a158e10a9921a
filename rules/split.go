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
	return nearest(f.d, sp, "rest", func(d []byte, r, lo, hi int) (base, Span, bool) {
		b, ok := baseAt(d, r)
		return b, Span{r, r}, ok
	})
}

// nearest looks for needle within splitRadius of sp and returns what at
// makes of the occurrence closest to sp (distance measured to the Span at
// returns), if at accepts any.
func nearest[T any](d []byte, sp Span, needle string, at func(d []byte, p, lo, hi int) (T, Span, bool)) (T, bool) {
	lo, hi := max(0, sp.Start-splitRadius), min(len(d), sp.End+splitRadius)
	var best T
	bestDist := -1
	for p := lo; p < hi; {
		i := bytes.Index(d[p:hi], []byte(needle))
		if i < 0 {
			break
		}
		v, where, ok := at(d, p+i, lo, hi)
		p += i + 1
		if !ok {
			continue
		}
		if dist := max(where.Start-sp.End, sp.Start-where.End, 0); bestDist < 0 || dist < bestDist {
			best, bestDist = v, dist
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
	host, _ := nearest(f.d, sp, ".bitrix24.", cloudHostAt)
	return host
}

// cloudHostAt reads the host around the ".bitrix24." at d[at], within
// [lo, hi), and accepts it if it names a cloud portal.
func cloudHostAt(d []byte, at, lo, hi int) (string, Span, bool) {
	s, e := at, at+1
	for s > lo && class[d[s-1]]&cHost != 0 {
		s--
	}
	for e < hi && class[d[e]]&cHost != 0 {
		e++
	}
	host := strings.ToLower(strings.TrimRight(string(d[s:e]), ".-"))
	if portal, _, ok := cloudSplit(host); !ok || portal == "" {
		return "", Span{}, false
	}
	return host, Span{s, e}, true
}

// Settings near a code: its portal and user written as their own
// settings (IN_DOMAIN = '…', "userId": 12). The finder indexes them per
// block on first use, like the context words, so a log with a token on
// every line reads each block once.
const (
	settingUser   = iota // USER_ID=12, "userId": 12, IN_USER, WEBHOOK_USER, hookUser, define('B24_UID', 7)
	settingDomain        // IN_DOMAIN = 'crm.company.ru', "domain": "…", "client_endpoint": "https://…/rest/"
)

// settingRes read a setting from its key on: each is anchored at the
// keyword that settingKeys finds.
var settingRes = [...]*regexp.Regexp{
	settingUser:   regexp.MustCompile(`^(?i:user(?:_?id)?|uid)["'\]]?\s*(?:=>|=|:|,)\s*["']?(\d{1,10})(?:[^0-9]|$)`),
	settingDomain: regexp.MustCompile(`^(?i:domain|host|portal|client_endpoint)[A-Za-z0-9_]*["'\]]?\s*(?:=>|=|:|,)\s*["'](?:(?i:https?):(?://|\\/\\/))?((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,63})(?::\d{1,5})?(?:/|\\/|["'])`),
}

// settingKeys are the lowercase keywords a setting of each kind starts with.
var settingKeys = [...][]string{settingUser: {"user", "uid"}, settingDomain: {"domain", "host", "portal", "client_endpoint"}}

// settingReach bounds how far past its keyword a setting's regex reads;
// with splitRadius it stays inside maxContext.
const settingReach = 256

// setting is one setting found: its kind, where its key starts and its value.
type setting struct {
	kind     uint8
	key, end int // the keyword's start, the match's end
	val      Span
}

// settingsIn returns the settings whose keyword starts in block blk.
func (f *finder) settingsIn(blk int) []setting {
	if f.settings == nil {
		f.settings = make(map[int][]setting)
	}
	if ss, ok := f.settings[blk]; ok {
		return ss
	}
	lo, hi := blk*ctxBlock, min(len(f.d), (blk+1)*ctxBlock)
	var ss []setting
	for kind, keys := range settingKeys {
		for _, k := range keys {
			for p := lo; p < hi; {
				i := indexFold(f.d[p:min(len(f.d), hi+len(k))], k)
				if i < 0 || p+i >= hi {
					break
				}
				at := p + i
				p = at + 1
				if !settingKeyStart(f.d, at, kind) {
					continue
				}
				if m := settingRes[kind].FindSubmatchIndex(f.d[at:min(len(f.d), at+settingReach)]); m != nil {
					ss = append(ss, setting{uint8(kind), at, at + m[1], Span{at + m[2], at + m[3]}})
				}
			}
		}
	}
	f.settings[blk] = ss
	return ss
}

// settingKeyStart reports whether a user keyword at d[at] starts a word
// (IN_USER, user_id) or a camelCase part (hookUser, webhookUid).
func settingKeyStart(d []byte, at, kind int) bool {
	if kind != settingUser || at == 0 || !isAlnum(d[at-1]) {
		return true
	}
	return d[at] == 'U' && (d[at-1] >= 'a' && d[at-1] <= 'z' || d[at-1] >= '0' && d[at-1] <= '9')
}

// settingsNear calls each for every setting of kind whose key and match
// lie within splitRadius of sp.
func (f *finder) settingsNear(kind uint8, sp Span, each func(setting)) {
	lo, hi := max(0, sp.Start-splitRadius), min(len(f.d), sp.End+splitRadius)
	for blk := lo / ctxBlock; blk*ctxBlock < hi; blk++ {
		for _, st := range f.settingsIn(blk) {
			if st.kind == kind && st.key >= lo && st.end <= hi {
				each(st)
			}
		}
	}
}

// settingNear returns the value of the setting of kind nearest to sp, or "".
func (f *finder) settingNear(kind uint8, sp Span) string {
	best, bestDist := "", -1
	f.settingsNear(kind, sp, func(st setting) {
		if dist := max(st.val.Start-sp.End, sp.Start-st.val.End, 0); bestDist < 0 || dist < bestDist {
			best, bestDist = string(f.d[st.val.Start:st.val.End]), dist
		}
	})
	return best
}

// userIDNear returns the user id set nearest to sp, or "".
func (f *finder) userIDNear(sp Span) string {
	return f.settingNear(settingUser, sp)
}

// domainNear returns the lowercase portal host set nearest to sp, or "".
// Documentation hosts (example.com) and Bitrix services do not count.
func (f *finder) domainNear(sp Span) string {
	host := strings.ToLower(f.settingNear(settingDomain, sp))
	if host == "" || hostVerdict(host) == hostPlaceholder || bitrixService(host) {
		return ""
	}
	return host
}

// siblingsNear reports whether settings for the portal and the user sit
// near sp under names that share the code's prefix: IN_TOKEN beside
// IN_DOMAIN and IN_USER, hookKey beside hookDomain and hookUser.
func (f *finder) siblingsNear(name string, sp Span) bool {
	prefix := namePrefix(name)
	if len(prefix) < 2 {
		return false
	}
	has := func(kind uint8) (found bool) {
		f.settingsNear(kind, sp, func(st setting) {
			found = found || strings.HasPrefix(strings.ToLower(identAround(f.d, st.key)), prefix)
		})
		return found
	}
	return has(settingDomain) && has(settingUser)
}

// namePrefix is the lowercase part of a setting's name before its last
// word: "in_" of IN_TOKEN, "hook" of hookKey.
func namePrefix(name string) string {
	if i := strings.LastIndexByte(name, '_'); i > 0 {
		return strings.ToLower(name[:i+1])
	}
	for i := len(name) - 1; i > 0; i-- {
		if name[i] >= 'A' && name[i] <= 'Z' {
			return strings.ToLower(name[:i])
		}
	}
	return ""
}

// identAround returns the identifier that holds d[at], or "".
func identAround(d []byte, at int) string {
	if at >= len(d) || !isWordByte(d[at]) {
		return ""
	}
	s, e := at, at
	for s > 0 && isWordByte(d[s-1]) {
		s--
	}
	for e < len(d) && isWordByte(d[e]) {
		e++
	}
	return string(d[s:e])
}
