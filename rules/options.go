package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Options customise the rule set New builds from the builtin table.
type Options struct {
	// Disabled lists rule ids to leave out; an unknown id is an error.
	Disabled []string
	// PortalDomains are the organisation's own Bitrix24 hosts (self-hosted
	// or custom domains): a match on one of them, or on a subdomain, is
	// graded High whatever its context.
	PortalDomains []string
	// MinConfidence drops matches graded below it; zero keeps every match.
	MinConfidence Confidence
}

// New returns the builtin rules tuned by opts. The table itself is the
// one Default validates (examples included), so New only filters it.
func New(opts Options) (*Set, error) {
	base := Default()
	var keep []Rule
	for _, id := range opts.Disabled {
		if _, ok := base.byID[id]; !ok {
			return nil, fmt.Errorf("disable rule %q: no such rule", id)
		}
	}
	for _, r := range builtin() {
		if !slices.Contains(opts.Disabled, r.ID) {
			keep = append(keep, r)
		}
	}
	if opts.MinConfidence > High {
		return nil, fmt.Errorf("minimum confidence %d out of range", opts.MinConfidence)
	}
	s, err := compileSet(keep, time.Now(), false)
	if err != nil {
		return nil, err
	}
	s.minConfidence = opts.MinConfidence
	for _, d := range opts.PortalDomains {
		d = strings.Trim(strings.ToLower(strings.TrimSpace(d)), ".")
		if d == "" || strings.ContainsAny(d, "/: ") {
			return nil, fmt.Errorf("portal domain %q is not a host name", d)
		}
		s.portalDomains = append(s.portalDomains, d)
	}
	return s, nil
}

// tune applies the set's options to a graded match on host: it returns
// the new confidence, or 0 to drop the match.
func (s *Set) tune(kind, host string, conf Confidence) Confidence {
	if kind == KindWebhook && len(s.portalDomains) > 0 && host != "" && s.ownPortal(portalName(host)) {
		conf = High
	}
	if conf < s.minConfidence {
		return 0
	}
	return conf
}

// ownPortal reports whether host is one of the PortalDomains or under one.
func (s *Set) ownPortal(host string) bool {
	for _, d := range s.portalDomains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// portalName is a host as written, lowercased and without its port.
func portalName(host string) string {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	return strings.ToLower(host)
}

// ParseConfidence reads "low", "medium" or "high".
func ParseConfidence(s string) (Confidence, error) {
	for _, c := range []Confidence{Low, Medium, High} {
		if strings.EqualFold(s, c.String()) {
			return c, nil
		}
	}
	return 0, fmt.Errorf("unknown confidence %q (want low, medium or high)", s)
}
