package rules

import (
	"bytes"
	"fmt"
	"strings"
)

// restAnchorBack is how far before a code "rest" may sit in the raw input
// ("&#x2F;rest&#x2F;api&#x2F;<10 digits>&#x2F;" and double escapes).
const restAnchorBack = 96

// webhookRun checks whether the code candidate [cs, e) ends a webhook URL
// and reports it. It returns true when the code sits in a /rest/ URL, so
// the split-form rule leaves it alone.
func (f *finder) webhookRun(cs, e int) bool {
	d := f.d
	if bytes.LastIndex(d[max(0, cs-restAnchorBack):cs], []byte("rest")) < 0 {
		return false
	}
	lo, hi := tokenWindow(d, cs, e)
	v := rawView(d, lo, hi)
	if hasMarkers(d[lo:hi]) {
		v = normalizedWith(d, lo, hi, &f.scratch) // the view dies with this call
	}
	// the code ends where the run ends; its bytes may be escapes (%70)
	vc := v.at(e) - codeLen
	if vc < 0 || v.orig(vc, vc+codeLen).End != e {
		return false
	}
	from := max(0, vc-64)
	r := bytes.LastIndex(v.text[from:vc], []byte("rest"))
	if r < 0 {
		return false
	}
	u, ok := parseRest(v.text, from+r)
	if !ok || u.codeStart != vc {
		return false
	}
	f.emitURL(v, u)
	return true
}

// webhooksIn reports every webhook URL in a decoded view (base64).
func (f *finder) webhooksIn(v *view) {
	t := v.text
	for off := 0; ; {
		i := bytes.Index(t[off:], []byte("/rest/"))
		if i < 0 {
			return
		}
		r := off + i + 1
		if u, ok := parseRest(t, r); ok && u.codeStart >= 0 {
			f.emitURL(v, u)
		}
		off = r
	}
}

// emitURL hands u to the URL rule whose host class fits and emits it.
//
// The rule's regex is the specification of the URL; the parser (url.go)
// implements the same grammar without the cost of Go's regexp, which
// would dominate log files full of webhooks. In checked mode (newSet's
// example check, the tests and FuzzURLParser) every URL is also run
// through the regex and any disagreement is recorded.
func (f *finder) emitURL(v *view, u restURL) {
	end := u.codeStart + codeLen
	if f.urlFake(v, u) {
		f.checkURL(v, u, nil)
		return
	}
	class := f.urlClass(v, u)
	for _, ri := range f.set.url {
		r := &f.set.rules[ri]
		for pi := range r.patterns {
			p := &r.patterns[pi]
			if p.hosts != class {
				continue
			}
			f.checkURL(v, u, p)
			me := methodEnd(v.text, end)
			all := string(v.text[u.start:me]) // one allocation for every field
			at := func(a, b int) string { return all[a-u.start : b-u.start] }
			c := &candidate{rule: r, pat: p, v: v,
				span: v.orig(u.start, end), secSpan: v.orig(u.codeStart, end),
				secret: at(u.codeStart, end), host: at(u.hostStart, u.hostEnd),
				user: at(u.userStart, u.userEnd), method: at(min(end+1, me), me), scheme: u.scheme}
			f.emit(c)
			return
		}
	}
	f.checkURL(v, u, nil)
}

// urlClass says which URL patterns may take u: cloud hosts, other hosts
// after a scheme, domain names without one; 0 for none (a bare IP or
// single label: "localhost/rest/…" is a path, not a URL).
func (f *finder) urlClass(v *view, u restURL) hostClass {
	hostport := v.text[u.hostStart:u.hostEnd]
	switch {
	case f.hostInfo(hostport).cloud:
		return hostsCloud
	case u.scheme:
		return hostsOther
	case bareDomain(splitPort(string(hostport))):
		return hostsBare
	}
	return 0
}

// bareDomain reports a dotted name whose last label is 2–63 letters.
func bareDomain(host string) bool {
	dot := strings.LastIndexByte(host, '.')
	tld := host[dot+1:]
	return dot > 0 && len(tld) >= 2 && len(tld) <= 63 && strings.Trim(tld, "abcdefghijklmnopqrstuvwxyz") == ""
}

// urlFake reports whether emitURL drops u before the rules see it: what
// every URL rule would drop (fake or truncated codes, placeholder hosts).
func (f *finder) urlFake(v *view, u restURL) bool {
	end := u.codeStart + codeLen
	return f.hostInfo(v.text[u.hostStart:u.hostEnd]).placeholder ||
		truncatedAt(v.text, end) || fakeCode(string(v.text[u.codeStart:end]))
}

// host is what the URL rules need to know about a host; logs repeat the
// same host on every line, so it is memoized per Find call.
type host struct {
	lower       string     // lowercase host[:port]
	cloud       bool       // under bitrix24.<zone>
	placeholder bool       // a documentation host (hostPlaceholder)
	cloudConf   Confidence // cloudGrade
}

// hostInfo classifies host[:port].
func (f *finder) hostInfo(hostport []byte) host {
	if h, ok := f.hosts[string(hostport)]; ok {
		return h
	}
	lower := strings.ToLower(string(hostport))
	bare := splitPort(lower)
	portal, _, cloud := cloudSplit(bare)
	cloud = cloud && portal != "" && isASCII(bare)
	h := host{lower: lower, cloud: cloud, placeholder: hostVerdict(bare) == hostPlaceholder}
	if cloud {
		h.cloudConf = cloudGrade(lower)
	}
	if f.hosts == nil {
		f.hosts = make(map[string]host)
	}
	f.hosts[string(hostport)] = h
	return h
}

// checkURL, in checked mode, runs every URL pattern on u's text and
// records an error unless exactly the pattern want (or none, for nil)
// matches it with the parser's host, user and code.
func (f *finder) checkURL(v *view, u restURL, want *pattern) {
	if !f.checked {
		return
	}
	t := v.text[u.start : u.codeStart+codeLen]
	class := f.urlClass(v, u)
	for _, ri := range f.set.url {
		r := &f.set.rules[ri]
		for pi := range r.patterns {
			p := &r.patterns[pi]
			loc := p.regexp().FindSubmatchIndex(t)
			ok := loc != nil && loc[0] == 0 && loc[1] == len(t) &&
				loc[2*p.gHost] == u.hostStart-u.start && loc[2*p.gHost+1] == u.hostEnd-u.start &&
				loc[2*p.gUser] == u.userStart-u.start && loc[2*p.gSecret] == u.codeStart-u.start
			if p == want && !ok {
				f.errs = append(f.errs, fmt.Errorf("parser accepts %q for %s, its regex does not", t, r.ID))
			}
			if p != want && ok && !f.urlFake(v, u) && p.hosts == class {
				f.errs = append(f.errs, fmt.Errorf("regex of %s matches %q, the parser does not", r.ID, t))
			}
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
