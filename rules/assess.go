package rules

import (
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"
)

const drop = Confidence(0)

// lower steps a confidence down, never below Low.
func lower(c Confidence) Confidence { return max(Low, c-1) }

func allLetters(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < 'a' || r > 'z' }) < 0
}

// checkCloud: a webhook on <portal>.bitrix24.<zone>. Fake codes and
// placeholder hosts never get here (finder.urlFake).
func checkCloud(f *finder, c *candidate) (Confidence, bool) {
	h := f.hostInfo([]byte(c.host))
	if h.cloudConf == drop {
		return drop, false
	}
	conf := h.cloudConf
	if allLetters(c.secret) {
		conf = lower(conf)
	}
	c.host = h.lower
	return conf, true
}

// cloudGrade is the confidence a lowercase cloud host allows a webhook on
// it: drop for hosts that are not portals, lower for weak zones and for
// portal names that are sometimes placeholders.
func cloudGrade(host string) Confidence {
	portal, zone, ok := cloudSplit(splitPort(host))
	if !ok || portal == "" || nonPortals[portal[strings.LastIndexByte(portal, '.')+1:]] {
		return drop
	}
	conf := High
	worst := 0
	for rest := portal; rest != ""; {
		var l string
		l, rest, _ = strings.Cut(rest, ".")
		worst = max(worst, labelVerdict(l))
	}
	switch worst {
	case hostWeakName:
		conf = lower(conf)
	case hostMasked:
		return Low
	}
	if weakZones[zone] {
		conf = lower(conf)
	}
	return conf
}

// bitrixHostWords raise a self-hosted webhook to High.
var bitrixHostWords = []string{"bitrix", "b24", "bx", "crm", "portal", "corp"}

// checkSelfHosted: the same path on any other host. Written without a
// scheme ("crm.company.ru/rest/1/<code>/") it needs evidence and is
// graded a step lower: a path may hold a dotted name too.
func checkSelfHosted(f *finder, c *candidate) (Confidence, bool) {
	host := splitPort(c.host)
	if _, _, cloud := cloudSplit(host); cloud || bitrixService(host) {
		return drop, false
	}
	if allHex(c.secret) || fileNameAt(f.d, c.secSpan.End) {
		return drop, false // another API's hex id, or a file name ("<id>.png")
	}
	evidence := isBitrixMethod(c.method) || strContainsAny(host, bitrixHostWords)
	if !evidence {
		_, evidence = f.near(hitBitrix|hitAppToken, c.secSpan.Start, c.secSpan.End, maxContext)
	}
	c.host = strings.ToLower(c.host)
	switch {
	case c.scheme && evidence:
		return High, true
	case c.scheme:
		return Medium, true // fake codes and placeholder hosts: urlPlaceholder
	case evidence && !inPath(f.d, c.span.Start) && !fileExtensions[host[strings.LastIndexByte(host, '.')+1:]]:
		return Medium, true
	}
	return drop, false
}

// inPath reports whether the scheme-less URL starting at d[p] continues
// a path or another name ("docs/crm.company.ru/rest/…", "user@host/…").
func inPath(d []byte, p int) bool {
	return p > 0 && (isWordByte(d[p-1]) || strings.IndexByte("/\\.@-:", d[p-1]) >= 0)
}

// fileExtensions end file names that look like domain names.
var fileExtensions = setOf("php", "html", "htm", "js", "ts", "py", "json", "txt", "md", "go", "rb", "java", "xml", "yml", "yaml", "log", "csv")

func strContainsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// checkSplit: a code whose host and user live elsewhere.
func checkSplit(f *finder, c *candidate) (Confidence, bool) {
	if fakeCode(c.secret) || allHex(c.secret) || templateHostBefore(f.d, c.span.Start) {
		return drop, false
	}
	if c.host != "" {
		// the call it was passed to named the host (needCall)
	} else if b, ok := f.baseURL(c.secSpan); ok {
		c.host = b.host
		c.user = cmpOr(c.user, b.user)
	} else {
		c.host = cmpOr(f.cloudHostNear(c.secSpan), f.domainNear(c.secSpan))
	}
	verdict := hostFine
	if c.host != "" {
		verdict = hostVerdict(splitPort(c.host))
	}
	if verdict == hostPlaceholder {
		return drop, false
	}
	c.user = cmpOr(c.user, f.userIDNear(c.secSpan))
	conf := Medium
	switch {
	case verdict == hostMasked, c.weak:
		conf = Low
	case c.host != "":
		conf = High
	}
	if allLetters(c.secret) {
		conf = lower(conf)
	}
	return conf, true
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// checkOutbound: an outgoing webhook's application_token.
func checkOutbound(f *finder, c *candidate) (Confidence, bool) {
	if fakeCode(c.secret) {
		return drop, false
	}
	return High, true
}

// checkClientSecret: an OAuth application's client_secret.
func checkClientSecret(f *finder, c *candidate) (Confidence, bool) {
	if c.client == "" {
		if h, ok := f.near(hitClientID, c.secSpan.Start, c.secSpan.End, maxContext); ok {
			c.client = string(f.d[h.core.Start:h.core.End])
		}
	}
	if vendorClientIDs[c.client] {
		return drop, false
	}
	if len(c.secret) == 32 && strings.Trim(c.secret, "0123456789abcdef") == "" {
		if fakeCode(c.secret) {
			return drop, false
		}
		return Medium, true
	}
	if fakeSecret50(c.secret) {
		return drop, false
	}
	key := strings.ToLower(string(c.v.text[c.loc[0]:c.loc[2*c.pat.gSecret]]))
	_, ctx := f.near(hitBitrix|hitAppToken, c.secSpan.Start, c.secSpan.End, maxContext)
	if c.client != "" || ctx || strContainsAny(key, []string{"c_rest", "b24", "bitrix"}) {
		return High, true
	}
	if foreignKeyPrefix(c.v.text, c.loc[0]) {
		return drop, false // GITHUB_CLIENT_SECRET, FACEBOOK_APP_SECRET with no Bitrix24 in sight
	}
	return Medium, true
}

// genericKeyWords may prefix a client_secret key without naming another
// service: APP_CLIENT_SECRET, OAUTH_CLIENT_SECRET.
var genericKeyWords = map[string]bool{"": true, "app": true, "application": true, "oauth": true, "oauth2": true,
	"my": true, "api": true, "crm": true, "portal": true, "local": true, "prod": true, "dev": true, "test": true,
	"default": true, "the": true, "your": true, "rest": true, "client": true, "env": true}

// foreignKeyPrefix reports whether the identifier holding the key that
// starts at t[i] begins with a word other than genericKeyWords, i.e.
// names some other service.
func foreignKeyPrefix(t []byte, i int) bool {
	s := i
	for s > 0 && (isWordByte(t[s-1]) || t[s-1] == '-') {
		s--
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(string(t[s:i])), func(r rune) bool { return r == '_' || r == '-' }) {
		if !genericKeyWords[w] {
			return true
		}
	}
	return false
}

// Expiry bounds for 70-hex OAuth tokens (§3.3).
var (
	tokenEpoch    = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	refreshWindow = 180 * 24 * time.Hour
	futureLimit   = 400 * 24 * time.Hour
)

// checkOAuth: an access or refresh token, with the portal it was issued
// for when the file names one (settings.json's domain and client_endpoint).
func checkOAuth(f *finder, c *candidate) (Confidence, bool) {
	c.host = f.portalNear(c.secSpan)
	if len(c.secret) != 70 {
		return shortToken(f, c)
	}
	if fakeHex70(c.secret) {
		return drop, false
	}
	exp, _ := TokenExpiry(c.secret)
	now := f.set.now
	switch {
	case exp.Before(tokenEpoch):
		return drop, false
	case exp.After(now.Add(futureLimit)):
		return Low, true
	case exp.After(now):
		return High, true
	case exp.After(now.Add(-refreshWindow)):
		return Medium, true
	}
	return Low, true
}

// portalNear is the portal an application credential was issued for: the
// domain or client_endpoint set nearest to sp, else the nearest cloud host.
func (f *finder) portalNear(sp Span) string {
	if host := f.domainNear(sp); host != "" {
		return host
	}
	return f.cloudHostNear(sp)
}

// checkOAuthCode: an authorization code has the token layout and lives
// about 30 seconds: always low, with the portal it was issued for.
func checkOAuthCode(f *finder, c *candidate) (Confidence, bool) {
	if exp, _ := TokenExpiry(c.secret); fakeHex70(c.secret) || exp.Before(tokenEpoch) {
		return drop, false
	}
	c.host = f.portalNear(c.secSpan)
	return Low, true
}

// EmbedsExpiry reports whether credentials of a kind carry the expiry
// TokenExpiry reads.
func EmbedsExpiry(kind string) bool {
	return kind == "bitrix24-oauth-token" || kind == "bitrix24-oauth-code"
}

// TokenExpiry decodes the expiry Bitrix24 embeds in a 70-hex-digit OAuth
// token: its first four bytes, a little-endian Unix time (credentials.md
// §3.3; inferred from the documented samples, so a hint, not a promise).
// It reports false for anything else.
func TokenExpiry(token string) (time.Time, bool) {
	if len(token) != 70 {
		return time.Time{}, false
	}
	b, err := hex.DecodeString(token[:8])
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(int64(binary.LittleEndian.Uint32(b)), 0).UTC(), true
}

// checkVibe: a VibeCode key; its random body must look random.
func checkVibe(f *finder, c *candidate) (Confidence, bool) {
	body := c.secret[strings.IndexByte(c.secret[5:], '_')+6:]
	longest := ""
	for _, seg := range strings.Split(body, "_") {
		if len(seg) > len(longest) {
			longest = seg
		}
	}
	flat := strings.ToLower(strings.ReplaceAll(body, "_", ""))
	if len(longest) < 12 || fakeCode(longest) || 2*wordCover(flat) >= len(flat) {
		return drop, false
	}
	return High, true
}

// bitrixService reports hosts Bitrix runs that are not portals: the OAuth
// servers, Bitrix24.Network, VibeCode.
func bitrixService(host string) bool {
	for _, d := range [...]string{"bitrix24.tech", "bitrix.info", "bitrix24.info", "bitrix24.net", "bitrixsoft.com"} {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// shortToken grades the old 32-char [a-z0-9] token form. Behind a strong
// key (AUTH_ID, REFRESH_ID, auth[access_token]) or with Bitrix context it
// is Medium. Behind a generic key (access_token, auth=, Bearer) alone it
// is Low. An all-hex value with no Bitrix context is dropped behind any
// key: Bitrix draws these from 36 symbols, so an all-hex one is another
// service's token or hash.
func shortToken(f *finder, c *candidate) (Confidence, bool) {
	if fakeCode(c.secret) {
		return drop, false
	}
	if _, ok := f.near(hitBitrix|hitRest|hitClientID|hitAppToken, c.secSpan.Start, c.secSpan.End, maxContext); ok {
		return Medium, true
	}
	if allHex(c.secret) {
		return drop, false // even behind AUTH_ID: "authid=<md5>" in some other app's URL
	}
	if c.pat.need == needNothing {
		return Medium, true
	}
	return Low, true
}

// allHex reports a value made only of [0-9a-f]. Webhook codes are drawn
// from 36 symbols, so a 16-char one is all-hex with odds of 2e-6: such a
// value is another system's hex id or hash.
func allHex(v string) bool {
	return strings.Trim(v, "0123456789abcdef") == ""
}

// fileNameAt reports whether the code ending at d[e] continues as a file
// name extension ("….png"): a path, not a webhook.
func fileNameAt(d []byte, e int) bool {
	return e+1 < len(d) && d[e] == '.' && isAlnum(d[e+1])
}

// templateHostBefore reports whether the host-less path starting at d[p]
// ("/rest/…") follows a template placeholder that names a documentation
// host: "{installation_address}/rest/…", "**put_your_bitrix24_address**/rest/…".
func templateHostBefore(d []byte, p int) bool {
	if p >= len(d) || d[p] != '/' {
		return false
	}
	j := p
	for j > 0 && p-j < 3 && strings.IndexByte("}>]*", d[j-1]) >= 0 {
		j--
	}
	i := j
	for i > 0 && j-i < 64 && strings.IndexByte("{<[*/ \t\n\"'`", d[i-1]) < 0 {
		i--
	}
	if j == p || i == j || i == 0 || strings.IndexByte("{<[*", d[i-1]) < 0 {
		return false
	}
	name := strings.ToLower(string(d[i:j]))
	return hostVerdict(name) == hostPlaceholder || labelVerdict(name) == hostPlaceholder ||
		strContainsAny(name, []string{"your", "put_", "insert", "ваш"})
}
