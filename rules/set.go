package rules

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"
)

var defaultSet = sync.OnceValue(func() *Set {
	s, err := compileSet(builtin(), time.Now(), false)
	if err != nil {
		panic("rules: builtin table: " + err.Error())
	}
	return s
})

// Default returns the builtin rule set, compiled once. Its examples are
// checked by the tests (TestBuiltinValid), not at every start: a
// pre-commit hook runs b24leaks on every commit.
func Default() *Set { return defaultSet() }

// newSet compiles and validates rules, using the current time for OAuth
// token expiry.
func newSet(rules []Rule) (*Set, error) { return newSetAt(rules, time.Now()) }

// newSetAt is newSet with an explicit reference time (for tests).
func newSetAt(rules []Rule, now time.Time) (*Set, error) {
	s, err := compileSet(rules, now, true)
	if err != nil {
		return nil, err
	}
	if err := s.checkExamples(); err != nil {
		return nil, err
	}
	return s, nil
}

// compileSet checks and indexes rules without running their examples; with
// eager set it compiles every regexp now (and reports bad ones), else on
// first use.
func compileSet(rules []Rule, now time.Time, eager bool) (*Set, error) {
	s := &Set{
		rules: make([]Rule, len(rules)),
		byID:  make(map[string]int, len(rules)),
		keyed: make(map[valueClass][]int),
		now:   now,
	}
	var errs []error
	for i, r := range rules {
		r.patterns = append([]pattern(nil), r.patterns...)
		if err := compileRule(&r, eager); err != nil {
			errs = append(errs, fmt.Errorf("rule %q: %w", r.ID, err))
			continue
		}
		if _, dup := s.byID[r.ID]; dup {
			errs = append(errs, fmt.Errorf("rule %q: duplicate id", r.ID))
			continue
		}
		s.byID[r.ID] = i
		s.rules[i] = r
		s.index(i)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return s, nil
}

// index files rule i under the engine (and value classes) that feed it.
func (s *Set) index(i int) {
	r := &s.rules[i]
	switch r.engine {
	case engineURL:
		s.url = append(s.url, i)
		return
	case engineAnchor:
		s.anchored = append(s.anchored, i)
		return
	}
	seen := map[valueClass]bool{}
	for _, p := range r.patterns {
		if !seen[p.class] {
			seen[p.class] = true
			s.keyed[p.class] = append(s.keyed[p.class], i)
		}
	}
}

var kebab = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// compileRule checks the metadata of r and compiles its patterns in place
// (with eager unset, only readies them for compiling on first use).
func compileRule(r *Rule, eager bool) error {
	switch {
	case !kebab.MatchString(r.ID):
		return errors.New("id must be kebab-case")
	case r.Name == "" || r.Description == "" || r.Fix == "":
		return errors.New("name, description and fix are required")
	case r.Confidence < Low || r.Confidence > High:
		return errors.New("confidence is required")
	case len(r.Keywords) == 0:
		return errors.New("no keywords")
	case len(r.Examples) == 0:
		return errors.New("no examples")
	case len(r.NegativeExamples) == 0:
		return errors.New("no negative examples")
	case len(r.secrets) != len(r.Examples):
		return errors.New("every example needs its expected secret")
	case r.engine != engineURL && r.engine != engineKeyed && r.engine != engineAnchor:
		return errors.New("unknown engine")
	case len(r.patterns) == 0:
		return errors.New("no patterns")
	}
	if r.Kind == "" {
		r.Kind = r.ID
	}
	for i := range r.patterns {
		p := &r.patterns[i]
		p.compiled = &compiled{engine: r.engine}
		if !eager {
			continue
		}
		p.once.Do(func() { p.err = compilePattern(p, r.engine) })
		if p.err != nil {
			return fmt.Errorf("pattern %d: %w", i, p.err)
		}
	}
	return nil
}

// compilePattern compiles p and resolves its group indexes.
func compilePattern(p *pattern, e engine) error {
	re, err := regexp.Compile(p.expr)
	if err != nil {
		return err
	}
	p.re = re
	p.gSecret, p.gHost, p.gUser, p.gClient, p.gName = -1, -1, -1, -1, -1
	for i, name := range re.SubexpNames() {
		switch name {
		case "":
		case "secret":
			p.gSecret = i
		case "host":
			p.gHost = i
		case "user":
			p.gUser = i
		case "client":
			p.gClient = i
		case "name":
			p.gName = i
		default:
			return fmt.Errorf("unknown group %q", name)
		}
	}
	if p.gSecret < 0 {
		return errors.New("pattern has no secret group")
	}
	if e == engineURL {
		if p.hosts != hostsCloud && p.hosts != hostsOther && p.hosts != hostsBare {
			return errors.New("URL pattern without a host class")
		}
		if p.gHost < 0 || p.gUser < 0 {
			return errors.New("URL pattern needs host and user groups")
		}
		return nil
	}
	if e == engineAnchor {
		return checkAnchorPattern(p)
	}
	switch {
	case p.class < classCode16 || p.class > classVar:
		return errors.New("keyed pattern without a value class")
	case p.before <= 0 || p.after <= 0 || p.before > keyReach || p.after > keyReach:
		return errors.New("window out of range")
	case len(p.keys) == 0:
		return errors.New("keyed pattern without keys")
	case p.need == needCompare && p.gName < 0:
		return errors.New("needCompare without a name group")
	}
	for _, k := range p.keys {
		if k == "" || k != strings.ToLower(k) {
			return fmt.Errorf("key %q must be lowercase and non-empty", k)
		}
	}
	return nil
}

// checkExamples runs every example through Find: each positive must yield
// its secret under its rule, each negative nothing under its rule.
func (s *Set) checkExamples() error {
	var errs []error
	for _, r := range s.rules {
		for i, ex := range r.Examples {
			ms, err := s.findChecked([]byte(ex))
			if err != nil {
				errs = append(errs, fmt.Errorf("rule %q: example %d: %w", r.ID, i, err))
			}
			if !hasMatch(ms, r.ID, r.secrets[i]) {
				errs = append(errs, fmt.Errorf("rule %q: example %d does not match %q", r.ID, i, r.secrets[i]))
			}
		}
		for i, ex := range r.NegativeExamples {
			if hasMatch(s.Find([]byte(ex)), r.ID, "") {
				errs = append(errs, fmt.Errorf("rule %q: negative example %d matches", r.ID, i))
			}
		}
	}
	return errors.Join(errs...)
}

// hasMatch reports whether ms has a match of rule id (with that secret,
// when secret is not empty).
func hasMatch(ms []Match, id, secret string) bool {
	for _, m := range ms {
		if m.RuleID == id && (secret == "" || m.Secret == secret) {
			return true
		}
	}
	return false
}
