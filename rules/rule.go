package rules

import (
	"regexp"
	"sync"
	"time"
)

// Rule describes one kind of Bitrix24 credential. The exported fields are
// data for people and for the tests; the unexported ones drive matching.
type Rule struct {
	ID          string     // stable, kebab-case, e.g. "bitrix24-webhook"
	Kind        string     // the credential it finds; rules finding one credential in different shapes share it (default: ID)
	Name        string     // human name
	Confidence  Confidence // of a match with nothing for or against it; context moves it (assess.go)
	Description string     // one sentence: what a holder can do with it
	Fix         string     // remediation shown to users
	Keywords    []string   // anchors the matcher looks for near a candidate (lowercase)

	Examples         []string // each yields >= 1 Match with this rule via Set.Find
	NegativeExamples []string // each yields no Match with this rule via Set.Find

	secrets  []string  // expected Secret for each entry of Examples
	engine   engine    // how candidates for this rule are produced
	patterns []pattern // regexes; each has a "secret" group
	assess   assessor  // rule-specific validation and confidence; 0 accepts
}

// engine names the code path that feeds a rule's patterns.
type engine uint8

const (
	engineURL    engine = iota + 1 // a webhook URL parsed around "/rest/"
	engineKeyed                    // a value run with a key or partner nearby
	engineAnchor                   // a key near a literal the gate anchors (anchor.go)
)

// valueClass is the shape of the run a keyed pattern's secret sits on.
type valueClass uint8

const (
	classCode16 valueClass = iota + 1 // [a-z0-9]{16}: webhook code
	classTok32                        // [a-z0-9]{32}: application_token, short OAuth token
	classHex32                        // [0-9a-f]{32}: old client_secret
	classHex70                        // [0-9a-f]{70}: OAuth access/refresh token
	classSec50                        // [A-Za-z0-9]{50}: client_secret
	classVibe                         // a vibe_ key; the run is part of it
	classVar                          // [A-Za-z0-9]{30,64}: the whole run, any length in range
)

// Length range of classVar values.
const (
	varMin = 30
	varMax = 64
)

// valueLen is the length of the secret for fixed-length classes.
func (c valueClass) valueLen() int {
	switch c {
	case classCode16:
		return 16
	case classTok32, classHex32:
		return 32
	case classHex70:
		return 70
	case classSec50:
		return 50
	}
	return 0
}

// fits reports whether a secret of n bytes has the class's length.
func (c valueClass) fits(n int) bool {
	switch c {
	case classVibe:
		return true
	case classVar:
		return n >= varMin && n <= varMax
	}
	return n == c.valueLen()
}

// pattern is one regex of a rule, run only on a small window.
type pattern struct {
	expr   string     // RE2 source; named groups: secret (required), host, user, client
	class  valueClass // keyed engine: the run shape that triggers it
	keys   []string   // keyed engine: one must occur (any case) in the window
	before int        // window bytes before the secret
	after  int        // window bytes after the secret
	need   need       // extra evidence the match needs in the context window
	hosts  hostClass  // URL engine: which hosts the pattern is for
	left   leftBound  // keyed engine: what may not come right before the match
	anchor string     // anchor engine: the literal (anchorLits) the window is around

	*compiled // set by compileRule; the regexp itself may wait for first use
}

// compiled is a pattern's regexp and group indexes. The builtin table's
// regexps are compiled on first use, not at start: most runs need few of
// them, and a pre-commit hook pays for every millisecond. The tests
// compile and validate all of them (TestBuiltinValid).
type compiled struct {
	once    sync.Once
	engine  engine
	err     error
	re      *regexp.Regexp
	gSecret int
	gHost   int
	gUser   int
	gClient int
	gName   int
}

// regexp returns the pattern's compiled regexp, compiling it on first use.
func (p *pattern) regexp() *regexp.Regexp {
	p.once.Do(func() { p.err = compilePattern(p, p.engine) })
	if p.err != nil {
		panic("rules: pattern " + p.expr + ": " + p.err.Error()) // the tests compile every builtin pattern
	}
	return p.re
}

// leftBound is the lookbehind RE2 lacks: bytes that may not precede a
// keyed match (checked in code, so the boundary is not part of the span).
type leftBound uint8

const (
	anyLeft  leftBound = iota
	wordLeft           // not after [A-Za-z0-9_]
	hostLeft           // not after [A-Za-z0-9.:/-]: not inside a URL's host
)

// allows reports whether c may come right before a match.
func (b leftBound) allows(c byte) bool {
	switch b {
	case wordLeft:
		return !isWordByte(c)
	case hostLeft:
		return class[c]&cHost == 0 && c != ':' && c != '/'
	}
	return true
}

// hostClass splits webhook hosts between the URL rules.
type hostClass uint8

const (
	hostsCloud hostClass = iota + 1 // <portal>.bitrix24.<zone>
	hostsOther                      // any other host or IP, after http(s)://
	hostsBare                       // a domain name (letters in its last label) without a scheme
)

// need is the extra evidence a keyed match must find near it.
type need uint8

const (
	needNothing       need = iota
	needBitrix             // Bitrix context words, a /rest/<id>/ path or a client_id nearby
	needWords              // Bitrix context words nearby
	needWordsOrMethod      // Bitrix context words nearby or a Bitrix method after the secret
	needCompare            // the key (group "name") compared with application_token nearby
	needBase               // a webhook base URL (/rest/<id>/ without code) nearby
	needClient             // a client_id (local.… or app.…) nearby
	needGraded             // nothing, but the assessor grades by context
	needPortal             // needWords, and a webhook's other half nearby: a cloud host, a /rest/<id>/ path or the word "hook"; or sibling domain and user settings
	needBaseOrPortal       // needBase, or needPortal for a base split into more literals ("https://" + host + "/rest/1/")
	needPathHost           // needWordsOrMethod, or an expression giving the host before the path ("${base}/rest/…"): then graded low
	needAuthFlow           // an OAuth authorization flow nearby: authorization_code, oauth/token, server_domain
	needCall               // an argument of a Bitrix24 or API client call whose other arguments give the host (and user)
)

// assessor names the rule-specific check that validates a candidate and
// grades it (assess.go). It is an enum, not a func, so candidates stay on
// the stack.
type assessor uint8

const (
	acceptAll assessor = iota
	assessCloud
	assessSelfHosted
	assessSplit
	assessOutbound
	assessClientSecret
	assessOAuth
	assessVibe
	assessOAuthCode
	assessFormPassword
	assessBotSecret
)

// run applies the check; ok=false drops the candidate.
func (a assessor) run(f *finder, c *candidate) (Confidence, bool) {
	switch a {
	case assessCloud:
		return checkCloud(f, c)
	case assessSelfHosted:
		return checkSelfHosted(f, c)
	case assessSplit:
		return checkSplit(f, c)
	case assessOutbound:
		return checkOutbound(f, c)
	case assessClientSecret:
		return checkClientSecret(f, c)
	case assessOAuth:
		return checkOAuth(f, c)
	case assessVibe:
		return checkVibe(f, c)
	case assessOAuthCode:
		return checkOAuthCode(f, c)
	case assessFormPassword:
		return checkFormPassword(f, c)
	case assessBotSecret:
		return checkBotSecret(f, c)
	}
	return High, true
}

// Set is a compiled, validated rule table. It is immutable after
// construction and safe for concurrent use.
type Set struct {
	rules    []Rule
	byID     map[string]int
	url      []int                // rules on the URL engine
	keyed    map[valueClass][]int // keyed rules by the class of their patterns
	anchored []int                // rules on the anchor engine
	now      time.Time            // reference time for OAuth token expiry

	minConfidence Confidence // Options.MinConfidence
	portalDomains []string   // Options.PortalDomains, lowercased
}

// Rules returns a copy of the rule table.
func (s *Set) Rules() []Rule {
	out := make([]Rule, len(s.rules))
	copy(out, s.rules)
	return out
}

// Rule returns the rule with the given id.
func (s *Set) Rule(id string) (Rule, bool) {
	i, ok := s.byID[id]
	if !ok {
		return Rule{}, false
	}
	return s.rules[i], true
}

// maxContext bounds every lookup around a secret; see MaxContext.
const maxContext = 2048

// MaxContext is the chunking contract: whether a match is reported, and all
// its fields, depend only on input bytes within
// [SecretSpan.Start-MaxContext, SecretSpan.End+MaxContext).
func (s *Set) MaxContext() int { return maxContext }
