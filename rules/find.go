package rules

import (
	"bytes"
	"cmp"
	"errors"
	"slices"
)

// finder is the state of one Find call.
type finder struct {
	set        *Set
	d          []byte
	out        [][]Match // chunks of up to outChunk matches, never regrown
	ctx        ctxIndex
	settings   map[int][]setting // settings per block (split.go)
	hosts      map[string]host   // webhook hosts seen (webhook.go)
	anchorDone map[*pattern]int  // end of the last window an anchor pattern read (anchor.go)
	scratch    scratch           // decode memory for webhookRun

	checked bool    // cross-check the URL parser against the regexes
	errs    []error // disagreements found in checked mode
}

// candidate is a regex match on its way to becoming a Match.
type candidate struct {
	rule    *Rule
	pat     *pattern
	v       *view
	loc     []int // submatch indexes into v.text
	secret  string
	span    Span // input coordinates
	secSpan Span
	host    string // host[:port] as written
	user    string
	client  string
	method  string // URL engine: REST method after the code
	scheme  bool   // URL engine: http(s):// present
	weak    bool   // only the shape vouches for it (needPathHost): graded low
}

// group returns submatch g of the candidate's regex match, or "".
func (c *candidate) group(g int) string {
	if g < 0 || c.loc[2*g] < 0 {
		return ""
	}
	return string(c.v.text[c.loc[2*g]:c.loc[2*g+1]])
}

// Find returns every credential in data, sorted by SecretSpan.Start and
// then RuleID, without duplicates.
func (s *Set) Find(data []byte) []Match {
	f := finder{set: s, d: data}
	return f.find()
}

// findChecked is Find that also cross-checks the URL parser against the
// URL rules' regexes (see emitURL).
func (s *Set) findChecked(data []byte) ([]Match, error) {
	f := finder{set: s, d: data, checked: true}
	ms := f.find()
	return ms, errors.Join(f.errs...)
}

func (f *finder) find() []Match {
	for g := newGate(f.d); ; {
		ev, ok := g.next()
		switch {
		case !ok:
			return f.result()
		case ev.anchor:
			f.anchor(ev.s)
		default:
			f.run(ev.s, ev.e)
		}
	}
}

// run classifies the alnum run [s, e) by the shape of its tail and hands
// each plausible secret to the engines.
func (f *finder) run(s, e int) {
	d := f.d
	lower := suffixLen(d, s, e, 72, cLower)
	if lower >= codeLen && !f.webhookRun(e-codeLen, e) && f.valueStart(s, e-codeLen) &&
		suffixLen(d, e-codeLen, e, codeLen, cHex) < codeLen { // the split rule drops all-hex codes
		f.keyed(classCode16, e-codeLen, e)
	}
	if lower >= 32 {
		f.tail(classTok32, s, e)
		hex := suffixLen(d, s, e, 72, cHex)
		if hex >= 70 {
			f.tail(classHex70, s, e)
		}
		if hex >= 32 {
			f.tail(classHex32, s, e)
		}
	}
	if e-s >= 50 && mixedCase(d[e-50:e]) {
		f.tail(classSec50, s, e)
	}
	if e-s >= varMin && e-s <= varMax {
		f.keyed(classVar, s, e)
	}
	if e-s >= 24 {
		for _, v := range base64Views(d, s, e) {
			f.webhooksIn(v)
		}
	}
	if s > 0 && d[s-1] == '_' && bytes.LastIndex(d[max(0, s-200):s], []byte("vibe_")) >= 0 {
		f.keyed(classVibe, max(s, e-minRun), e)
	}
}

// tail runs the keyed engine on the last valueLen bytes of the run.
func (f *finder) tail(cl valueClass, s, e int) {
	if vs := e - cl.valueLen(); f.valueStart(s, vs) {
		f.keyed(cl, vs, e)
	}
}

// valueStart reports whether a value may start at vs inside the run that
// starts at s: at the run start, or right after an escape (%2F, \u0022,
// \x3D) whose hex digits glued it to the run.
func (f *finder) valueStart(s, vs int) bool {
	d := f.d
	switch {
	case vs == s:
		return true
	case vs-s == 2 && vs >= 3 && d[vs-3] == '%':
		return true
	case vs-s == 2 && vs >= 4 && d[vs-4] == '\\' && d[vs-3] == 'x':
		return true
	case vs-s == 5 && vs >= 6 && d[vs-6] == '\\' && d[vs-5] == 'u':
		return true
	}
	return false
}

func mixedCase(b []byte) bool {
	var up, lo bool
	for _, c := range b {
		up = up || (c >= 'A' && c <= 'Z')
		lo = lo || (c >= 'a' && c <= 'z')
	}
	return up && lo
}

// emit grades c with its rule's assessor and records the match.
func (f *finder) emit(c *candidate) {
	if truncatedAt(f.d, c.secSpan.End) {
		return
	}
	conf, ok := c.rule.assess.run(f, c)
	if !ok {
		return
	}
	if conf = f.set.tune(c.rule.Kind, c.host, conf); conf == 0 {
		return
	}
	if len(f.out) == 0 || len(f.out[len(f.out)-1]) == outChunk {
		f.out = append(f.out, make([]Match, 0, outChunk))
	}
	last := &f.out[len(f.out)-1]
	*last = append(*last, Match{
		RuleID: c.rule.ID, Kind: c.rule.Kind, Span: c.span, SecretSpan: c.secSpan, Secret: c.secret,
		Confidence: conf, Portal: c.host, UserID: c.user, ClientID: c.client,
	})
}

// outChunk sizes the match buffers: small for the usual few matches,
// and no copying of big slices for files full of them.
const outChunk = 64

// result sorts the matches and keeps one per rule and secret span: the
// best by a total order, so the choice does not depend on discovery order.
func (f *finder) result() []Match {
	if len(f.out) == 0 {
		return nil
	}
	all := f.out[0]
	if len(f.out) > 1 {
		all = slices.Concat(f.out...)
	}
	slices.SortFunc(all, compareMatch)
	out := all[:1]
	for _, m := range all[1:] {
		last := &out[len(out)-1]
		if m.RuleID == last.RuleID && m.SecretSpan == last.SecretSpan {
			continue
		}
		out = append(out, m)
	}
	return out
}

func compareMatch(a, b Match) int {
	return cmp.Or(
		cmp.Compare(a.SecretSpan.Start, b.SecretSpan.Start),
		cmp.Compare(a.RuleID, b.RuleID),
		cmp.Compare(a.SecretSpan.End, b.SecretSpan.End),
		-cmp.Compare(a.Confidence, b.Confidence),
		cmp.Compare(a.Span.Start, b.Span.Start),
		-cmp.Compare(a.Span.End, b.Span.End),
		cmp.Compare(a.Secret, b.Secret),
		-cmp.Compare(a.Portal, b.Portal),
		-cmp.Compare(a.UserID, b.UserID),
		-cmp.Compare(a.ClientID, b.ClientID),
	)
}
