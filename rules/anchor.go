package rules

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
)

// The anchor engine finds credentials that have no long run of letters
// and digits for the gate to hand over: a password posted to the CRM form
// import, a chat bot's chosen secret. The gate reports a byte triple
// wherever it starts (anchorBot, anchorForm); here the triple must be part
// of its literal, and the anchor rules' patterns run on a window around it.

// anchorLits are the literals behind the gate's triples, with the offset
// of the triple in each.
var anchorLits = map[string]int{
	litFormImport: 10, // import/lea|d.p|hp
	litBot:        0,  // |imb|ot.
}

const (
	litFormImport = "import/lead.php" // /crm/configs/import/lead.php
	litBot        = "imbot."          // imbot.register, imbot.v2.Bot.register, imbot.message.add
)

// anchorOverlap is how far a window reaches back into the one scanned
// for the previous anchor: longer than any anchored match.
const anchorOverlap = 320

func checkAnchorPattern(p *pattern) error {
	if _, ok := anchorLits[p.anchor]; !ok {
		return errors.New("anchor pattern without a known literal")
	}
	if p.before <= 0 || p.after <= 0 || p.before > maxContext || p.after > maxContext {
		return errors.New("window out of range")
	}
	return nil
}

// anchor runs the anchor rules whose literal holds the triple at p.
func (f *finder) anchor(p int) {
	for _, ri := range f.set.anchored {
		r := &f.set.rules[ri]
		for pi := range r.patterns {
			pat := &r.patterns[pi]
			a := p - anchorLits[pat.anchor]
			if a < 0 || !bytes.HasPrefix(f.d[a:], []byte(pat.anchor)) {
				continue
			}
			lo, hi := max(0, a-pat.before), min(len(f.d), a+len(pat.anchor)+pat.after)
			if done := f.anchorDone[pat]; done > lo {
				lo = max(lo, done-anchorOverlap)
			}
			if lo >= hi {
				continue
			}
			f.markAnchorDone(pat, hi)
			f.tryAnchored(r, pat, rawView(f.d, lo, hi))
			if hasMarkers(f.d[lo:hi]) {
				if v := normalized(f.d, lo, hi); v.decoded {
					f.tryAnchored(r, pat, v)
				}
			}
		}
	}
}

// markAnchorDone records that pat's windows were scanned up to hi: the
// next anchor's window starts there (less anchorOverlap), so a file with
// an anchor on every line is read about twice, not once per anchor.
func (f *finder) markAnchorDone(pat *pattern, hi int) {
	if f.anchorDone == nil {
		f.anchorDone = map[*pattern]int{}
	}
	f.anchorDone[pat] = hi
}

// tryAnchored emits every match of p in the window v.
func (f *finder) tryAnchored(r *Rule, p *pattern, v *view) {
	for _, loc := range p.regexp().FindAllSubmatchIndex(v.text, -1) {
		a, b := loc[2*p.gSecret], loc[2*p.gSecret+1]
		if a < 0 {
			continue
		}
		c := &candidate{rule: r, pat: p, v: v, loc: loc,
			span: v.orig(loc[0], loc[1]), secSpan: v.orig(a, b)}
		if lookedUpFromEnv(f.d, c.span.Start) {
			continue
		}
		c.secret = c.group(p.gSecret)
		c.host = c.group(p.gHost)
		c.user = c.group(p.gUser)
		f.emit(c)
	}
}

// lookedUpFromEnv reports whether the key at i is the name passed to an
// environment or config look-up, so the literal after it is a default:
// getenv("CRM_PASSWORD", "…"), os.environ.get('BOT_TOKEN', '…'), env('…').
func lookedUpFromEnv(t []byte, i int) bool {
	before := bytes.ToLower(t[max(0, i-24):i])
	if nl := bytes.LastIndexByte(before, '\n'); nl >= 0 {
		before = before[nl+1:]
	}
	before = bytes.TrimRight(before, "\"'` \t")
	return bytes.HasSuffix(before, []byte("(")) &&
		(bytes.Contains(before, []byte("env")) || bytes.Contains(before, []byte("get(")) || bytes.Contains(before, []byte("config(")))
}

// checkFormPassword: a password posted to the form import, with the login
// beside it as the user and the portal the file names. On a placeholder
// portal the password is low: the sample was edited, or never run.
func checkFormPassword(f *finder, c *candidate) (Confidence, bool) {
	if placeholderValue(c.secret) {
		return drop, false
	}
	c.user = f.nearestValue(formLogin, c.span.Start)
	c.host = cmpOr(f.nearestValue(formHost, c.span.Start), f.portalNear(c.secSpan))
	if c.host != "" && hostVerdict(strings.ToLower(c.host)) == hostPlaceholder {
		return Low, true
	}
	return Medium, true
}

// checkBotSecret: a bot's chosen secret; an application's client_id
// (local.…, app.…) is public, and a Telegram bot token is another service's.
func checkBotSecret(f *finder, c *candidate) (Confidence, bool) {
	if placeholderValue(c.secret) || appClientID.MatchString(c.secret) || telegramToken.MatchString(c.secret) {
		return drop, false
	}
	c.host = f.portalNear(c.secSpan)
	return Medium, true
}

var (
	formLogin     = regexp.MustCompile(`\b(?:(?i:crm_?)?(?i:login))(?:["'` + "`" + `]?\]?\s*(?:=>|:=|[:=])\s*|["']\s*,\s*|=)["'` + "`" + `]?([^"'` + "`" + `\s&,;)$][^"'` + "`" + `\s&,;)]{0,99})`)
	formHost      = regexp.MustCompile(`(?:\bCRM_HOST["'` + "`" + `]?\s*(?:=>|:=|[:=,])\s*["'` + "`" + `](?:https?://)?|https?://)([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d+)?/?(?:["'` + "`" + `]|crm/configs/import/lead\.php)`)
	appClientID   = regexp.MustCompile(`^(?:local|app)\.[0-9a-z]+\.[0-9]+$`)
	telegramToken = regexp.MustCompile(`^[0-9]{6,12}:[A-Za-z0-9_-]{30,}$`)
)

// nearestValue returns group 1 of the match of re closest to input
// offset i, within maxContext of it, or "". The range is the input's, not
// the window's, so the answer does not depend on where a window began.
func (f *finder) nearestValue(re *regexp.Regexp, i int) string {
	lo := max(0, i-maxContext)
	t := f.d[lo:min(len(f.d), i+maxContext)]
	i -= lo
	best, dist := "", -1
	for _, m := range re.FindAllSubmatchIndex(t, -1) {
		if d := abs(m[0] - i); dist < 0 || d < dist {
			best, dist = string(t[m[2]:m[3]]), d
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// chosenPlaceholders mark a chosen value as a placeholder wherever they
// occur in it (any case).
var chosenPlaceholders = []string{"password", "passwd", "пароль", "your", "ваш", "example", "changeme", "change_me",
	"secret", "placeholder", "token", "client_id", "clientid", "xxx", "***", "...", "…", "dummy", "sample", "login"}

// placeholderValue reports whether a chosen value (a password, a bot
// secret) is a placeholder: a word above, a template or variable
// (<…>, {…}, $…, %s), a constant's name, a single repeated character, or
// shorter than four characters.
func placeholderValue(v string) bool {
	if len(v) < 4 || strings.Trim(v, v[:1]) == "" || strings.ContainsAny(v[:1], "<{[$%@#:") {
		return true
	}
	return constName.MatchString(v) || strContainsAny(strings.ToLower(v), chosenPlaceholders)
}

// constName is a constant's or attribute's name written where a value
// goes: CRM_PASSWORD, config.password.
var constName = regexp.MustCompile(`^(?:[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)$`)
